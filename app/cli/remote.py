"""Commands that talk to a Lantai server through lantai_client: compliance, import, report put|get.

The server is LANTAI_URL (default http://127.0.0.1:8000) and the token LANTAI_TOKEN,
or --url and --token; --timeout bounds each request (a server that accepts the
connection but never answers fails after that many seconds, not minutes).
Every command takes --format json; compliance also --format csv.

Exit status (for cron):
  0  done;
  1  bad news a job should act on: --fail-on statuses found, an import refused for
     problems in the file;
  2  usage error, or the request failed (server unreachable or silent, 4xx, 5xx),
     said in one line on stderr.
"""

import argparse
import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TypeAlias

from lantai_client import DEFAULT_TIMEOUT_SECONDS, DEFAULT_URL, ImportRejected, Lantai, LantaiError

from app.cli import remote_output
from app.cli.progress import progress_bar
from app.domain.codes import normalize_code
from app.models.compliance import CompliancePage, ComplianceStatus
from app.models.imports import ImportSummary
from app.models.report import COUNT_FIELDS, ReportPublic

EXIT_OK, EXIT_FOUND, EXIT_FAILED = 0, 1, 2
PAGE_SIZE = 10_000
Handler = Callable[[argparse.Namespace], int]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(subcommands: SubParsers) -> None:
    """Add compliance, import, and report put|get."""
    compliance = _remote(subcommands, "compliance", "which archives are on track for a plan's targets")
    compliance.add_argument("--plan", required=True, help="the plan's code, e.g. FYP14")
    compliance.add_argument("--year", type=int, help="the as-of year (default: the latest reported)")
    compliance.add_argument("--level", choices=("provincial", "municipal", "county"))
    compliance.add_argument("--kind")
    compliance.add_argument(
        "--parent", type=normalize_code, help="only the archives directly below this one (parent_code)"
    )
    compliance.add_argument("--under", type=normalize_code, help="only this archive and its whole subtree")
    compliance.add_argument(
        "--status", action="extend", type=_statuses, default=[], metavar="STATUS,...", help="keep these statuses only"
    )
    compliance.add_argument("--approved-only", action="store_true", help="judge on approved figures only")
    _format(compliance, "table", "json", "csv")
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
    _format(upload, "table", "json")
    upload.set_defaults(handler=run_import)

    report = subcommands.add_parser("report", help="yearly reports on a server")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    _register_report_put(actions)
    get = _remote(actions, "get", "read an archive's figures for a year, with their rates and ETag")
    get.add_argument("archive", type=normalize_code)
    get.add_argument("year", type=int)
    _format(get, "text", "json")
    get.set_defaults(handler=run_report_get)


def _register_report_put(actions: SubParsers) -> None:
    put = _remote(actions, "put", "create or replace an archive's figures for a year")
    put.add_argument("archive", type=normalize_code)
    put.add_argument("year", type=int)
    for field in COUNT_FIELDS:
        required = field in ("holdings_volumes", "digitized_volumes")
        put.add_argument(f"--{field.replace('_', '-')}", type=int, required=required, metavar="N")
    put.add_argument("--electronic-records-gb", type=float, metavar="GB")
    put.add_argument("--note")
    put.add_argument(
        "--if-match",
        metavar="ETAG",
        help='refuse (412) unless the report is still at this ETag, as the server sent it ("7") or bare (7)',
    )
    _format(put, "text", "json")
    put.set_defaults(handler=run_report_put)


def _remote(subcommands: SubParsers, name: str, help_text: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subcommands.add_parser(name, help=help_text, description=help_text)
    parser.add_argument("--url", default=os.environ.get("LANTAI_URL", DEFAULT_URL), help="the server (LANTAI_URL)")
    parser.add_argument("--token", default=os.environ.get("LANTAI_TOKEN"), help="an API token (LANTAI_TOKEN)")
    parser.add_argument("--lang", default=os.environ.get("LANTAI_LANG"), help="zh for messages in Chinese")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT_SECONDS,
        metavar="SECONDS",
        help=f"give up on a request after this long (default {DEFAULT_TIMEOUT_SECONDS:g})",
    )
    return parser


def _format(parser: argparse.ArgumentParser, *choices: str) -> None:
    parser.add_argument("--format", choices=choices, default=choices[0], help="how to print the answer")


def _status(text: str) -> str:
    try:
        return ComplianceStatus(text.strip()).value
    except ValueError:
        choices = ", ".join(ComplianceStatus)
        raise argparse.ArgumentTypeError(f"unknown status {text!r} (one of: {choices})") from None


def _statuses(text: str) -> tuple[str, ...]:
    return tuple(_status(part) for part in text.split(",") if part.strip())


def open_client(args: argparse.Namespace) -> Lantai:
    """The client for the server, token and timeout the command was given."""
    return Lantai(args.url, args.token or "", lang=args.lang, timeout=args.timeout)


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
    filters = {"level": args.level, "kind": args.kind, "parent_code": args.parent, "under": args.under}
    filters["status"] = args.status
    filters["approved_only"] = args.approved_only
    with open_client(args) as client:
        if args.format == "csv":
            sys.stdout.write(client.download_compliance(args.plan, args.year, format="csv", **filters).decode())
        else:
            page = client.list_compliance(args.plan, args.year, limit=PAGE_SIZE, **filters)
            while len(page["items"]) < page["total"]:
                more = client.list_compliance(
                    args.plan, args.year, limit=PAGE_SIZE, offset=len(page["items"]), **filters
                )
                page["items"].extend(more["items"])
            remote_output.write_compliance(CompliancePage.model_validate(page), args.format)
        if not args.fail_on:
            return EXIT_OK
        failing = client.list_compliance(args.plan, args.year, limit=1, **(filters | {"status": args.fail_on}))
    if failing["total"]:
        print(f"lantai: {failing['total']} archive(s) with status {' or '.join(args.fail_on)}", file=sys.stderr)
        return EXIT_FOUND
    return EXIT_OK


@reporting_failures
def run_import(args: argparse.Namespace) -> int:
    try:
        summary = ImportSummary.model_validate(_upload(args))
    except ImportRejected as rejected:
        refused = ImportSummary.model_validate(rejected.summary)
        remote_output.write_import(refused, args.format)
        print(f"lantai: import refused: {refused.message}", file=sys.stderr)
        return EXIT_FOUND
    remote_output.write_import(summary, args.format)
    return EXIT_OK


def _upload(args: argparse.Namespace) -> dict[str, object]:
    """Send the file with a progress bar (on a terminal), gone before anything is printed."""
    with open_client(args) as client, progress_bar(f"uploading {args.file.name}") as bar:

        def sent(done: int, total: int) -> None:
            bar.advance_to(done, total)
            if done >= total:
                bar.describe("checking and writing on the server")

        return client.import_reports(args.file, dry_run=args.dry_run, on_progress=sent)


@reporting_failures
def run_report_put(args: argparse.Namespace) -> int:
    fields = (*COUNT_FIELDS, "electronic_records_gb", "note")
    figures = {field: getattr(args, field) for field in fields if getattr(args, field) is not None}
    with open_client(args) as client:
        report, created = client.put_report(args.archive, args.year, figures, if_match=args.if_match)
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        remote_output.write_report(ReportPublic.model_validate(report), "created" if created else "stored")
    return EXIT_OK


@reporting_failures
def run_report_get(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        report = client.get_report(args.archive, args.year)
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        remote_output.write_report(ReportPublic.model_validate(report), f"ETag {report.etag}")
    return EXIT_OK
