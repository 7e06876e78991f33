"""`lantai review queue|approve|return|reopen`: the four-eyes review of yearly reports, from the shell."""

import argparse

from app.api.paging import MAX_LIMIT
from app.cli.remote import (
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
from app.cli.remote_output import console, table
from app.domain.codes import normalize_code
from app.models.report import ReportPublic
from app.models.round import QueuedReport

COLUMNS = (
    ("archive", "代码"),
    ("name", "名称"),
    ("year", "年度"),
    ("revision", "版本"),
    ("status", "状态"),
    ("submitted by", "填报人"),
    ("submitted at", "填报时间"),
    ("warnings", "提示"),
)
STEPS = {  # the command, and what it says once done (English, Chinese)
    "approve": ("approve a report (a comment is needed when it has warnings)", ("approved", "已通过")),
    "return": ("return a report to its archive for correction (--comment is required)", ("returned", "已退回")),
    "reopen": ("reopen an approved report so that it can be corrected", ("reopened", "已重新打开")),
}


def register(subcommands: SubParsers) -> None:
    """Add review queue|approve|return|reopen."""
    review = subcommands.add_parser("review", help="review reports: queue, approve, return, reopen")
    actions = review.add_subparsers(dest="review_command", required=True, metavar="ACTION")
    queue = _remote(actions, "queue", "the reports awaiting your review, oldest first, with their warnings")
    queue.add_argument("--under", type=normalize_code, help="only this archive and those below it")
    queue.add_argument("--parent", type=normalize_code, help="only the archives directly below this one")
    queue.add_argument("--round", type=int, metavar="ID", help="only the archives expected in this round")
    queue.add_argument("--flagged", action="store_true", help="only reports with warnings")
    _format(queue, "text", "json")
    queue.set_defaults(handler=run_queue)
    for step, (help_text, _) in STEPS.items():
        command = _remote(actions, step, help_text)
        command.add_argument("archive", type=normalize_code, help="the archive's code")
        command.add_argument("year", type=int)
        command.add_argument("--comment", help="why (kept in the audit trail)")
        if step == "return":
            command.add_argument(
                "--warning", action="append", default=[], metavar="CODE", help="a warning code the return cites"
            )
        command.add_argument("--if-match", metavar="ETAG", help="refuse (412) unless the report is still at this ETag")
        _format(command, "text", "json")
        command.set_defaults(handler=run_step, step=step)


@reporting_failures
def run_queue(args: argparse.Namespace) -> int:
    filters = {"under": args.under, "parent_code": args.parent, "round": args.round, "flagged": args.flagged or None}
    with open_client(args) as client:
        page = client.list_review_queue(**filters, limit=MAX_LIMIT)
    if args.format == "json":
        print_json(page)
        return EXIT_OK
    listing = table(COLUMNS, args.lang)
    for item in page["items"]:
        queued = QueuedReport.model_validate(item)
        listing.add_row(
            queued.archive_code,
            queued.archive_name,
            str(queued.year),
            str(queued.revision),
            queued.status,
            queued.submitted_by,
            f"{queued.submitted_at:%Y-%m-%d %H:%M}",
            "; ".join(f"{warning.code}: {warning.message}" for warning in queued.warnings) or "-",
        )
    out = console()
    out.print(listing)
    out.print(pick(args.lang, f"{page['total']} report(s) awaiting review", f"待审核 {page['total']} 份"))
    return EXIT_OK


@reporting_failures
def run_step(args: argparse.Namespace) -> int:
    if args.step == "return" and not args.comment:
        raise UsageError("a return needs --comment: what the archive should correct")
    warnings = getattr(args, "warning", [])
    with open_client(args) as client:
        report = client.review_report(
            args.archive, args.year, args.step, comment=args.comment, warnings=warnings, if_match=args.if_match
        )
    if args.format == "json":
        print_json(dict(report))
        return EXIT_OK
    done = pick(args.lang, *STEPS[args.step][1])
    reviewed = ReportPublic.model_validate(report)
    print(f"{reviewed.archive_code} {reviewed.year}: {done}, {reviewed.status}, ETag {report.etag}")
    return EXIT_OK
