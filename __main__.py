"""`python -m biddesk …`: the same as the `biddesk` command."""

import sys

from biddesk.main import main

sys.exit(main())
