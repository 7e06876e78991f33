"""`lantai round status ID [--under CODE] [--fail-on late,missing] [--format text|json|csv]`: a round's progress.

It reads the database the server uses (LANTAI_DATABASE_URL), as `lantai token` does.
Prints the counts under the archive, each child's, and the archives that have not
submitted with the chain above each; `--format json` prints one JSON object instead
(`round`, `progress` and `missing`, as the API answers them), `--format csv` the missing
list as the API's CSV (for a spreadsheet or a mail merge). Exit status: 0 done; 1 some expected archive is in
a state named by --fail-on (`late`: submitted late or not submitted after the due date;
`missing`: not submitted); 2 the round or archive is unknown, or the database cannot be read.
"""

import argparse
import json
import sys

from app import errors
from app.config import get_settings
from app.db import make_engine, open_session
from app.domain.codes import normalize_code
from app.models.common import utcnow
from app.models.round import MissingArchive, Round, RoundCounts, RoundProgress, RoundPublic
from app.present.compliance_csv import csv_document
from app.present.rounds import missing_rows
from app.services.rounds.progress import Scoped, failing, missing, progress, scoped
from app.services.rounds.service import get_round
from app.services.rounds.standings import load_round_view

EXIT_OK, EXIT_FOUND, EXIT_FAILED = 0, 1, 2
FAIL_STATES = ("late", "missing")


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `round status`."""
    round_parser = subcommands.add_parser("round", help="yearly reporting rounds")
    actions = round_parser.add_subparsers(dest="round_command", required=True, metavar="ACTION")
    status = actions.add_parser("status", help="who has reported in a round, who is late, who is missing")
    status.add_argument("id", type=int, help="the round's id")
    status.add_argument(
        "--under", type=normalize_code, help="only this archive and those below it (default: the round's)"
    )
    status.add_argument(
        "--fail-on", type=_states, default=(), metavar="STATE,...", help="exit 1 when any archive is late or missing"
    )
    status.add_argument(
        "--format", choices=("text", "json", "csv"), default="text", help="text (default), JSON, or the missing as CSV"
    )
    status.set_defaults(handler=run_status)


def _states(text: str) -> tuple[str, ...]:
    states = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = [state for state in states if state not in FAIL_STATES]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown state {unknown[0]!r} (one of: {', '.join(FAIL_STATES)})")
    return states


def _line(name: str, counts: RoundCounts) -> str:
    pct = "-" if counts.completeness_pct is None else f"{counts.completeness_pct:.1f}%"
    return (
        f"{name}\texpected {counts.expected}\tsubmitted {counts.submitted} ({pct})\tapproved {counts.approved}"
        f"\treturned {counts.returned}\tnot submitted {counts.not_submitted}\ton time {counts.on_time}\tlate {counts.late}"
    )


def run_status(args: argparse.Namespace) -> int:
    settings = get_settings()
    engine = make_engine(settings)
    session = open_session(engine, write=False)
    try:
        found = get_round(session, args.id)
        scope = scoped(load_round_view(session, found), args.under, utcnow(), settings.timezone)
        answer = progress(scope)
        if args.format == "json":
            print(json.dumps(_as_json(found, answer, missing(scope)), ensure_ascii=False))
        elif args.format == "csv":
            sys.stdout.write(csv_document(missing_rows(missing(scope))))
        else:
            print(f"round {found.id}: {found.name} ({found.year}), due {found.due_on}")
            print(_line(scope.under or "*", answer))
            for child in answer.children:
                print(_line(f"  {child.archive_code} {child.archive_name}", child))
            _print_missing(scope)
        found_failing = failing(scope, args.fail_on)
    except errors.AppError as error:
        print(f"lantai: {error}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        session.close()
        engine.dispose()
    if found_failing:
        print(f"lantai: {found_failing} archive(s) {' or '.join(args.fail_on)}", file=sys.stderr)
        return EXIT_FOUND
    return EXIT_OK


def _as_json(found: Round, answer: RoundProgress, rows: list[MissingArchive]) -> dict[str, object]:
    return {
        "round": RoundPublic.model_validate(found).model_dump(mode="json"),
        "progress": answer.model_dump(mode="json"),
        "missing": [row.model_dump(mode="json") for row in rows],
    }


def _print_missing(scope: Scoped) -> None:
    rows = missing(scope)
    if rows:
        print(f"not submitted ({len(rows)}):")
    for row in rows:
        chain = " > ".join(link.code for link in row.chain) or "-"
        print(f"  {row.code}\t{row.name}\t{row.level.value}\t{row.days_late} day(s) late\tabove: {chain}")
