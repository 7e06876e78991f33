"""The `lantai` command: each module in this package adds its subcommands."""

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from app.cli import archives, compliance, exports, reports, review, rounds, server, tokens, users, webhooks

COMMAND_MODULES = (server, tokens, users, archives, reports, review, rounds, compliance, exports, webhooks)

KINDS_OF_COMMANDS = """\
Two kinds of commands:
  administration, on the server's own machine (they read LANTAI_DATABASE_URL):
    serve, migrate, seed, token, demo-token, user create
  every other command, against a server (--url and --token, or LANTAI_URL and
  LANTAI_TOKEN; they never read a database):
    archives, report, review, round, compliance, rollup, export, template, import,
    webhooks (list, create, deliveries, redeliver; `webhooks deliver` runs the delivery worker alone)

Conventions of the commands against a server:
  --format text|json|csv  text for people; JSON exactly as the API answers; CSV where the API has it
  --lang zh|en            default from LANG (zh_CN.UTF-8: zh)
  --timeout SECONDS       per request; a 429 or 503 with Retry-After is retried up to 3 times within it
  -o FILE                 where an export goes (XLSX is never written to a terminal)
  exit status             0 done, 1 refused by the server or --fail-on matched,
                          2 usage or configuration, 3 unreachable, timed out or 5xx
  errors                  one line on stderr: lantai: <ErrorName>: <detail>
"""


class Parser(argparse.ArgumentParser):
    """argparse, its usage errors said as every other error: `lantai: UsageError: <detail>`, exit 2."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"lantai: UsageError: {self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand (each made by `Parser` too)."""
    parser = Parser(
        prog="lantai",
        description="Lantai: archive digitization progress tracker",
        epilog=KINDS_OF_COMMANDS,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
