"""The `lantai` command: each module in this package adds its subcommands."""

import argparse
import sys
from collections.abc import Sequence

from app.cli import remote, rounds, server, tokens, webhooks

COMMAND_MODULES = (server, tokens, remote, rounds, webhooks)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(prog="lantai", description="Lantai: archive digitization progress tracker")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; its return value is the exit status."""
    args = build_parser().parse_args(argv)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
