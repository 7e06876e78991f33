"""Commands that talk to a Lantai server by URL and token: compliance, import, report put.

The server is LANTAI_URL (default http://127.0.0.1:8000) and the token LANTAI_TOKEN,
or --url and --token. Exit status: 0 done; 1 the answer is bad news a job should
act on (--fail-on statuses found, an import refused for problems in the file);
2 the request failed (server unreachable, 4xx, 5xx), said in one line on stderr.
"""

import argparse
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path

from app.cli import remote_output
from app.cli.progress import progress_bar
from app.client import ImportRejected, LantaiClient, LantaiError
from app.models.compliance import ComplianceStatus
from app.models.imports import ImportSummary
from app.models.report import COUNT_FIELDS

EXIT_OK, EXIT_FOUND, EXIT_FAILED = 0, 1, 2
DEFAULT_URL = "http://127.0.0.1:8000"
PAGE_SIZE = 10_000
Handler = Callable[[argparse.Namespace], int]


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add compliance, import and report put."""
    compliance = _remote(subcommands, "compliance", "which archives are on track for a plan's targets")
    compliance.add_argument("--plan", required=True, help="the plan's code, e.g. FYP14")
    compliance.add_argument("--year", type=int, help="the as-of year (default: the latest reported)")
    compliance.add_argument("--level", choices=("provincial", "municipal", "county"))
    compliance.add_argument("--kind")
    compliance.add_argument("--parent", help="only archives below this one (its whole subtree)")
    compliance.add_argument("--status", action="append", type=_status, default=[], help="keep these statuses only")
    compliance.add_argument("--approved-only", action="store_true", help="judge on approved figures only")
    compliance.add_argument("--format", choices=("table", "json", "csv"), default="table")
    compliance.add_argument(
        "--fail-on",
        type=_statuses,
        default=(),
        metavar="STATUS,...",
        help="exit 1 when any archive has one of these statuses, e.g. off_track,missed",
    )
    compliance.set_defaults(handler=run_compliance)

    upload = _remote(subcommands, "import", "import yearly reports from a .csv or .xlsx file (all rows or none)")
    upload.add_argument("file", type=Path)
    upload.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    upload.set_defaults(handler=run_import)

    report = subcommands.add_parser("report", help="yearly reports on a server")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    put = _remote(actions, "put", "create or replace an archive's figures for a year")
    put.add_argument("archive")
    put.add_argument("year", type=int)
    for field in COUNT_FIELDS:
        required = field in ("holdings_volumes", "digitized_volumes")
        put.add_argument(f"--{field.replace('_', '-')}", type=int, required=required, metavar="N")
    put.add_argument("--electronic-records-gb", type=float, metavar="GB")
    put.add_argument("--note")
    put.add_argument(
        "--if-match", type=int, metavar="REVISION", help="refuse (412) unless the report is at this revision"
    )
    put.set_defaults(handler=run_report_put)


def _remote(subcommands: argparse._SubParsersAction, name: str, help_text: str) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    parser: argparse.ArgumentParser = subcommands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--url", default=os.environ.get("LANTAI_URL", DEFAULT_URL), help="the server (LANTAI_URL)")
    parser.add_argument("--token", default=os.environ.get("LANTAI_TOKEN"), help="an API token (LANTAI_TOKEN)")
    parser.add_argument("--lang", default=os.environ.get("LANTAI_LANG"), help="zh for messages in Chinese")
    return parser


def _status(text: str) -> str:
    try:
        return ComplianceStatus(text.strip()).value
    except ValueError:
        choices = ", ".join(ComplianceStatus)
        raise argparse.ArgumentTypeError(f"unknown status {text!r} (one of: {choices})") from None


def _statuses(text: str) -> tuple[str, ...]:
    return tuple(_status(part) for part in text.split(",") if part.strip())


def open_client(args: argparse.Namespace) -> LantaiClient:
    """The client for the server and token the command was given."""
    return LantaiClient(args.url, args.token, lang=args.lang)


def reporting_failures(handler: Handler) -> Handler:
    """Turn a failed request (or an unreadable file) into one line on stderr and exit status 2."""

    @wraps(handler)
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except LantaiError as failure:
            print(f"lantai: {failure}", file=sys.stderr)
        except OSError as failure:
            print(f"lantai: {failure.strerror or failure}: {failure.filename}", file=sys.stderr)
        return EXIT_FAILED

    return run


@reporting_failures
def run_compliance(args: argparse.Namespace) -> int:
    filters = {
        "level": args.level,
        "kind": args.kind,
        "parent_code": args.parent,
        "statuses": args.status,
        "approved_only": args.approved_only,
    }
    with open_client(args) as client:
        if args.format == "csv":
            sys.stdout.write(client.compliance_csv(args.plan, args.year, **filters))
        else:
            page = client.compliance(args.plan, args.year, limit=PAGE_SIZE, **filters)
            while len(page.items) < page.total:
                more = client.compliance(args.plan, args.year, limit=PAGE_SIZE, offset=len(page.items), **filters)
                page.items.extend(more.items)
            remote_output.write_compliance(page, args.format)
        if not args.fail_on:
            return EXIT_OK
        failing = client.compliance(args.plan, args.year, limit=1, **(filters | {"statuses": args.fail_on})).total
    if failing:
        print(f"lantai: {failing} archive(s) with status {' or '.join(args.fail_on)}", file=sys.stderr)
        return EXIT_FOUND
    return EXIT_OK


@reporting_failures
def run_import(args: argparse.Namespace) -> int:
    try:
        summary = _upload(args)
    except ImportRejected as rejected:
        remote_output.write_import(rejected.summary)
        print(f"lantai: import refused: {rejected.summary.message}", file=sys.stderr)
        return EXIT_FOUND
    remote_output.write_import(summary)
    return EXIT_OK


def _upload(args: argparse.Namespace) -> ImportSummary:
    """Send the file with a progress bar (on a terminal), gone before anything is printed."""
    with open_client(args) as client, progress_bar(f"uploading {args.file.name}") as bar:

        def sent(done: int, total: int) -> None:
            bar.advance_to(done, total)
            if done >= total:
                bar.describe("checking and writing on the server")

        return client.import_file(args.file, dry_run=args.dry_run, on_progress=sent)


@reporting_failures
def run_report_put(args: argparse.Namespace) -> int:
    fields = (*COUNT_FIELDS, "electronic_records_gb", "note")
    figures = {field: getattr(args, field) for field in fields if getattr(args, field) is not None}
    with open_client(args) as client:
        report, created = client.put_report(args.archive, args.year, figures, if_match=args.if_match)
    remote_output.write_report(report, created)
    return EXIT_OK
