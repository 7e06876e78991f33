"""`lantai report get|patch|put|history CODE YEAR` and `lantai import FILE`: yearly figures on a server.

`patch` changes the figures given and keeps the others (what a person correcting one
figure means); `put` replaces the whole report, and says on stderr which stored
figures it cleared because they were not given.
"""

import argparse
import sys
from pathlib import Path

from lantai_client import ImportRejected, Lantai, Report, ReportNotFound

from app.cli import remote_output
from app.cli.progress import progress_bar
from app.cli.remote import (
    EXIT_FOUND,
    EXIT_OK,
    SubParsers,
    UsageError,
    _format,
    _remote,
    open_client,
    pick,
    print_json,
    reporting_failures,
)
from app.domain.codes import normalize_code
from app.domain.figures import FIGURE_NAMES, FIGURES
from app.models.imports import ImportSummary
from app.models.report import ReportPublic, ReportRevisionPublic


def register(subcommands: SubParsers) -> None:
    """Add report get|patch|put|history and import."""
    report = subcommands.add_parser("report", help="an archive's yearly report: get, patch, put, history")
    actions = report.add_subparsers(dest="report_command", required=True, metavar="ACTION")
    get = _report_command(actions, "get", "read a report's figures, rates, state and ETag")
    _format(get, "text", "json")
    get.set_defaults(handler=run_report_get)
    patch = _report_command(actions, "patch", "change the figures given; the others keep their stored values")
    _figure_options(patch, required=False)
    patch.set_defaults(handler=run_report_patch)
    put = _report_command(actions, "put", "create or replace a whole report: a figure not given is cleared")
    _figure_options(put, required=True)
    put.set_defaults(handler=run_report_put)
    history = _report_command(actions, "history", "every version of a report, oldest first, with who and when")
    _format(history, "text", "json")
    history.set_defaults(handler=run_report_history)

    upload = _remote(subcommands, "import", "import yearly reports from a .csv, .xlsx or .xls file (all rows or none)")
    upload.add_argument("file", type=Path)
    upload.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
    upload.add_argument(
        "--mode",
        choices=("merge", "replace"),
        help="merge (the server's default: a blank cell keeps the stored figure) or replace (whole reports)",
    )
    _format(upload, "text", "json")
    upload.set_defaults(handler=run_import)


def _report_command(actions: SubParsers, name: str, help_text: str) -> argparse.ArgumentParser:
    command = _remote(actions, name, help_text)
    command.add_argument("archive", type=normalize_code, help="the archive's code, e.g. HN-CS")
    command.add_argument("year", type=int)
    return command


# How an option reads a figure of each kind (app.domain.figures).
_OPTION_TYPES: dict[str, type[int | float | str]] = {"count": int, "decimal": float, "text": str}


def _figure_options(command: argparse.ArgumentParser, *, required: bool) -> None:
    for figure in FIGURES:
        command.add_argument(
            f"--{figure.key.replace('_', '-')}",
            type=_OPTION_TYPES[figure.kind],
            required=required and figure.required,
            metavar={"count": "N", "decimal": figure.unit.en, "text": None}[figure.kind],
        )
    command.add_argument(
        "--if-match",
        metavar="ETAG",
        help='refuse (412) unless the report is still at this ETag, as the server sent it ("7") or bare (7)',
    )
    _format(command, "text", "json")


def _figures(args: argparse.Namespace) -> dict[str, object]:
    return {key: getattr(args, key) for key in FIGURE_NAMES if getattr(args, key) is not None}


def _print_report(report: Report, what: str, args: argparse.Namespace) -> None:
    if args.format == "json":
        print_json(dict(report))
    else:
        remote_output.write_report(ReportPublic.model_validate(report), what, args.lang)


@reporting_failures
def run_report_get(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        report = client.get_report(args.archive, args.year)
    _print_report(report, f"ETag {report.etag}", args)
    return EXIT_OK


@reporting_failures
def run_report_patch(args: argparse.Namespace) -> int:
    changes = _figures(args)
    if not changes:
        raise UsageError("give at least one figure to change, e.g. --digitized-volumes 51000")
    with open_client(args) as client:
        report = client.patch_report(args.archive, args.year, changes, if_match=args.if_match)
    _print_report(report, pick(args.lang, "changed", "已修改"), args)
    return EXIT_OK


@reporting_failures
def run_report_put(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        before = _stored(client, args.archive, args.year)
        if_match = args.if_match if args.if_match is not None or before is None else before.etag
        report, created = client.put_report(args.archive, args.year, _figures(args), if_match=if_match)
    _print_report(
        report, pick(args.lang, "created", "已新增") if created else pick(args.lang, "stored", "已保存"), args
    )
    cleared = [key for key in FIGURE_NAMES if before is not None and before[key] is not None and report[key] is None]
    if cleared:
        _say_cleared(before or {}, cleared, args.lang)
    return EXIT_OK


def _stored(client: Lantai, archive: str, year: int) -> Report | None:
    """The report as stored before a PUT (its ETag guards the PUT, so what it cleared is exact), or None."""
    try:
        return client.get_report(archive, year)
    except ReportNotFound:
        return None


def _say_cleared(before: dict[str, object], cleared: list[str], lang: str) -> None:
    figures = ", ".join(
        f"{remote_output.figure_label(key, lang)} ({pick(lang, 'was', '原为')} {remote_output.shown(before[key])})"
        for key in cleared
    )
    print(
        pick(
            lang,
            f"lantai: put cleared {len(cleared)} figure(s) not given: {figures}; "
            "`lantai report patch` changes only the figures given",
            f"lantai: put 清空了未给出的 {len(cleared)} 项数据：{figures}；只改给出的数据请用 `lantai report patch`",
        ),
        file=sys.stderr,
    )


@reporting_failures
def run_report_history(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        page = client.list_revisions(args.archive, args.year)
    if args.format == "json":
        print_json(page)
    else:
        revisions = [ReportRevisionPublic.model_validate(item) for item in page["items"]]
        remote_output.write_revisions(revisions, args.lang)
    return EXIT_OK


@reporting_failures
def run_import(args: argparse.Namespace) -> int:
    try:
        answer = _upload(args)
    except ImportRejected as rejected:
        refused = ImportSummary.model_validate(rejected.summary)
        if args.format == "json":
            print_json(rejected.body)
        else:
            remote_output.write_import(refused, args.lang)
        print(f"lantai: ImportRejected: {refused.message}", file=sys.stderr)
        return EXIT_FOUND
    if args.format == "json":
        print_json(answer)
    else:
        remote_output.write_import(ImportSummary.model_validate(answer), args.lang)
    return EXIT_OK


def _upload(args: argparse.Namespace) -> dict[str, object]:
    """Send the file with a progress bar (on a terminal), gone before anything is printed."""
    with open_client(args) as client, progress_bar(f"uploading {args.file.name}") as bar:

        def sent(done: int, total: int) -> None:
            bar.advance_to(done, total)
            if done >= total:
                bar.describe("checking and writing on the server")

        return client.import_reports(args.file, dry_run=args.dry_run, mode=args.mode, on_progress=sent)
