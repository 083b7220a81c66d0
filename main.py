"""BidDesk entry point: a subcommand runs the command line (no Qt); otherwise the window.

A first word that is neither a command nor a portfolio (cli.names_portfolio) is reported
as an unknown command, never opened as a new file.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from biddesk import cli

    if cli.wants_command_line(args):
        return cli.main(args)
    from biddesk.gui.app import run  # Qt only when the window is wanted

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
