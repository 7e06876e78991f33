"""`lantai round list|create|status|missing`: yearly reporting rounds on a server.

`status` prints the counts under an archive, each child's, and the archives that
have not submitted with the chain above each; `--format json` prints the round's
progress as the API answers it (GET /rounds/{id}/progress), `--format csv` its CSV.
`missing` prints the missing list (GET /rounds/{id}/missing: JSON, or its CSV).
`status --fail-on late,missing` exits 1 when any expected archive is late (submitted
late, or not submitted once the due date has passed) or missing (not submitted).
"""

import argparse
import sys
from datetime import date

from lantai_client import Lantai

from app.api.paging import MAX_LIMIT
from app.cli.remote import (
    EXIT_FOUND,
    EXIT_OK,
    SubParsers,
    _format,
    _remote,
    open_client,
    pick,
    print_json,
    reporting_failures,
)
from app.cli.remote_output import console, table, words
from app.domain.codes import normalize_code
from app.models.round import MissingArchive, RoundCounts, RoundProgress, RoundPublic
from app.present.labels import LEVEL_LABELS

FAIL_STATES = {"late": "late", "missing": "not_submitted"}  # --fail-on state: the progress count it reads
ROUND_COLUMNS = (
    ("id", "编号"),
    ("year", "年度"),
    ("name", "名称"),
    ("opens", "开始"),
    ("due", "截止"),
    ("under", "范围"),
)


def register(subcommands: SubParsers) -> None:
    """Add round list|create|status|missing."""
    round_parser = subcommands.add_parser("round", help="yearly reporting rounds: list, create, status, missing")
    actions = round_parser.add_subparsers(dest="round_command", required=True, metavar="ACTION")
    listing = _remote(actions, "list", "the reporting rounds, the latest year first")
    listing.add_argument("--year", type=int, help="only the rounds for this year's figures")
    _format(listing, "text", "json")
    listing.set_defaults(handler=run_list)

    create = _remote(actions, "create", "open a reporting round")
    create.add_argument("--year", type=int, required=True, help="the year reported")
    create.add_argument("--name", required=True, help="e.g. 2025年度档案数字化年报")
    create.add_argument("--opens", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD")
    create.add_argument(
        "--due", type=date.fromisoformat, required=True, metavar="YYYY-MM-DD", help="on time until the end of this day"
    )
    create.add_argument(
        "--under", type=normalize_code, help="only this archive and those below it (default: your scope)"
    )
    create.add_argument("--levels", nargs="+", choices=("provincial", "municipal", "county"), help="expected levels")
    create.add_argument("--kinds", nargs="+", metavar="KIND", help="expected kinds (default: all)")
    _format(create, "text", "json")
    create.set_defaults(handler=run_create)

    status = _remote(actions, "status", "who has reported in a round, who is late, who is missing")
    status.add_argument("id", type=int, help="the round's id")
    status.add_argument(
        "--under", type=normalize_code, help="only this archive and those below it (default: the round's)"
    )
    status.add_argument(
        "--fail-on", type=_states, default=(), metavar="STATE,...", help="exit 1 when any archive is late or missing"
    )
    _format(status, "text", "json", "csv")
    status.set_defaults(handler=run_status)

    missing = _remote(actions, "missing", "the expected archives that have not submitted, and who is above each")
    missing.add_argument("id", type=int, help="the round's id")
    missing.add_argument(
        "--under", type=normalize_code, help="only this archive and those below it (default: the round's)"
    )
    missing.add_argument("--parent", type=normalize_code, help="only the archives directly below this one")
    _format(missing, "text", "json", "csv")
    missing.set_defaults(handler=run_missing)


def _states(text: str) -> tuple[str, ...]:
    states = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [state for state in states if state not in FAIL_STATES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown state {unknown[0]!r} (one of: {', '.join(FAIL_STATES)})")
    return states


@reporting_failures
def run_list(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        page = client.list_rounds(year=args.year, limit=MAX_LIMIT)
    if args.format == "json":
        print_json(page)
        return EXIT_OK
    listing = table(ROUND_COLUMNS, args.lang)
    for item in page["items"]:
        found = RoundPublic.model_validate(item)
        dates = (f"{found.opens_on}", f"{found.due_on}")
        listing.add_row(str(found.id), str(found.year), found.name, *dates, found.under or "*")
    console().print(listing)
    return EXIT_OK


@reporting_failures
def run_create(args: argparse.Namespace) -> int:
    body = {"year": args.year, "name": args.name, "opens_on": args.opens.isoformat(), "due_on": args.due.isoformat()}
    body |= {
        key: value for key, value in (("under", args.under), ("levels", args.levels), ("kinds", args.kinds)) if value
    }
    with open_client(args) as client:
        answer = client.create_round(body)
    if args.format == "json":
        print_json(answer)
        return EXIT_OK
    found = RoundPublic.model_validate(answer)
    print(pick(args.lang, f"round {found.id} opened: ", f"已开启第 {found.id} 轮：") + _heading(found, args.lang))
    return EXIT_OK


def _heading(found: RoundPublic, lang: str) -> str:
    return pick(
        lang,
        f"{found.name} ({found.year}), {found.opens_on} to {found.due_on}, under {found.under or '*'}",
        f"{found.name}（{found.year} 年度），{found.opens_on} 至 {found.due_on}，范围 {found.under or '全部'}",
    )


@reporting_failures
def run_status(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        answer = client.get_round_progress(args.id, under=args.under)
        if args.format == "json":
            print_json(answer)
        elif args.format == "csv":
            sys.stdout.write(client.download_round(args.id, "progress", format="csv", under=args.under).decode())
        else:
            _write_status(client, args, RoundProgress.model_validate(answer))
    found = sum(answer[FAIL_STATES[state]] for state in args.fail_on)
    if found:
        print(f"lantai: {found} archive(s) {' or '.join(args.fail_on)}", file=sys.stderr)
        return EXIT_FOUND
    return EXIT_OK


def _write_status(client: Lantai, args: argparse.Namespace, answer: RoundProgress) -> None:
    found = RoundPublic.model_validate(client.get_round(args.id))
    print(pick(args.lang, f"round {found.id}: ", f"第 {found.id} 轮：") + _heading(found, args.lang))
    print(_line(answer.under or "*", answer, args.lang))
    for child in answer.children:
        print(_line(f"  {child.archive_code} {child.archive_name}", child, args.lang))
    page = client.list_round_missing(args.id, under=args.under, limit=MAX_LIMIT)
    _write_missing([MissingArchive.model_validate(item) for item in page["items"]], args.lang)


def _line(name: str, counts: RoundCounts, lang: str) -> str:
    pct = "-" if counts.completeness_pct is None else f"{counts.completeness_pct:.1f}%"
    figures = (
        ("expected", "应报", counts.expected),
        ("submitted", "已报", f"{counts.submitted} ({pct})"),
        ("approved", "已通过", counts.approved),
        ("returned", "已退回", counts.returned),
        ("not submitted", "未报", counts.not_submitted),
        ("on time", "按时", counts.on_time),
        ("late", "逾期", counts.late),
    )
    return "\t".join([name, *(f"{pick(lang, en, zh)} {value}" for en, zh, value in figures)])


@reporting_failures
def run_missing(args: argparse.Namespace) -> int:
    filters = {"under": args.under, "parent_code": args.parent}
    with open_client(args) as client:
        if args.format == "csv":
            sys.stdout.write(client.download_round(args.id, "missing", format="csv", **filters).decode())
            return EXIT_OK
        page = client.list_round_missing(args.id, **filters, limit=MAX_LIMIT)
    if args.format == "json":
        print_json(page)
    else:
        _write_missing([MissingArchive.model_validate(item) for item in page["items"]], args.lang)
    return EXIT_OK


def _write_missing(rows: list[MissingArchive], lang: str) -> None:
    if rows:
        print(pick(lang, f"not submitted ({len(rows)}):", f"未报（{len(rows)}）："))
    for row in rows:
        chain = " > ".join(link.code for link in row.chain) or "-"
        late = pick(lang, f"{row.days_late} day(s) late", f"逾期 {row.days_late} 天")
        level = words(LEVEL_LABELS, row.level, lang)
        print(f"  {row.code}\t{row.name}\t{level}\t{late}\t{pick(lang, 'above', '上级')}: {chain}")
