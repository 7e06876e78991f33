"""`lantai export compliance|round-progress|round-missing` and `lantai template`: documents to a file.

Each is the API's CSV (UTF-8 with BOM) or XLSX, byte for byte, written to `-o FILE`
(the format follows the file's suffix unless --format says otherwise); CSV may go to
stdout, XLSX only to a file or a pipe, never to a terminal. A spinner shows on stderr
while the server works, when stderr is a terminal.
"""

import argparse
from collections.abc import Callable
from pathlib import Path

from lantai_client import Lantai

from app.cli.compliance import compliance_filters, register_compliance_filters
from app.cli.progress import progress_bar
from app.cli.remote import (
    EXIT_OK,
    SubParsers,
    _remote,
    check_destination,
    open_client,
    output_option,
    reporting_failures,
    write_document,
)
from app.domain.codes import normalize_code

FORMATS = ("csv", "xlsx")
Download = Callable[[Lantai, argparse.Namespace, str], bytes]


def register(subcommands: SubParsers) -> None:
    """Add export compliance|round-progress|round-missing, and template."""
    export = subcommands.add_parser("export", help="a list as CSV or XLSX: compliance, round-progress, round-missing")
    tables = export.add_subparsers(dest="export_command", required=True, metavar="TABLE")
    compliance = _document(tables, "compliance", "archives' compliance with a plan", _compliance)
    compliance.add_argument("--plan", required=True, help="the plan's code, e.g. FYP14")
    compliance.add_argument("--year", type=int, help="the as-of year (default: the plan's)")
    register_compliance_filters(compliance)
    for table, help_text in (("progress", "a round's progress per archive"), ("missing", "a round's missing list")):
        command = _document(tables, f"round-{table}", help_text, _round)
        command.add_argument("id", type=int, help="the round's id")
        command.add_argument(
            "--under", type=normalize_code, help="only this archive and those below it (default: the round's)"
        )
        command.set_defaults(table=table)

    template = _document(subcommands, "template", "the import template of the archives you may report for", _template)
    template.add_argument("--year", type=int, help="the year to report (default: last year)")


def _document(commands: SubParsers, name: str, help_text: str, download: Download) -> argparse.ArgumentParser:
    command = _remote(commands, name, help_text)
    command.add_argument("--format", choices=FORMATS, help="csv or xlsx (default: the suffix of -o FILE, else csv)")
    output_option(command, "the file to write (CSV may go to stdout)")
    command.set_defaults(handler=run_download, download=download)
    return command


def _compliance(client: Lantai, args: argparse.Namespace, format: str) -> bytes:
    return client.download_compliance(args.plan, args.year, format=format, **compliance_filters(args))


def _round(client: Lantai, args: argparse.Namespace, format: str) -> bytes:
    return client.download_round(args.id, args.table, format=format, under=args.under)


def _template(client: Lantai, args: argparse.Namespace, format: str) -> bytes:
    return client.download_template(format=format, year=args.year)


def chosen_format(given: str | None, output: Path | None) -> str:
    """--format, else the output file's suffix (.csv, .xlsx), else csv."""
    if given is not None:
        return given
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    return suffix if suffix in FORMATS else "csv"


@reporting_failures
def run_download(args: argparse.Namespace) -> int:
    format = chosen_format(args.format, args.output)
    check_destination(args.output, binary=format == "xlsx")
    with open_client(args) as client, progress_bar(f"downloading {args.command}"):
        content = args.download(client, args, format)
    write_document(content, args.output, binary=format == "xlsx")
    return EXIT_OK
