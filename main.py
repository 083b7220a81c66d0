"""BidDesk entry point: a subcommand runs the command line (no Qt); otherwise the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    import cli

    if cli.is_command(args) or (args and args[0] in ("-h", "--help")):
        return cli.main(args)
    from gui.app import run  # Qt only when the window is wanted

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
