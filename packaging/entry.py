"""The bundle's entry point (PyInstaller): the same as the `biddesk` command."""

import sys

from biddesk.main import main

if __name__ == "__main__":
    sys.exit(main())
