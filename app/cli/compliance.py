"""`lantai compliance` (archives on track for a plan's targets) and `lantai rollup` (a subtree summed up)."""

import argparse
import sys

from app.api.paging import MAX_LIMIT
from app.cli import remote_output
from app.cli.remote import (
    EXIT_FOUND,
    EXIT_OK,
    SubParsers,
    _format,
    _remote,
    open_client,
    print_json,
    reporting_failures,
)
from app.domain.codes import normalize_code
from app.models.compliance import CompliancePage, RollupAnswer, Status


def register(subcommands: SubParsers) -> None:
    """Add compliance and rollup."""
    compliance = _remote(subcommands, "compliance", "which archives are on track for a plan's targets")
    compliance.add_argument("--plan", required=True, help="the plan's code, e.g. FYP14")
    compliance.add_argument("--year", type=int, help="the as-of year (default: the plan's)")
    register_compliance_filters(compliance)
    _format(compliance, "text", "json", "csv")
    compliance.add_argument(
        "--fail-on",
        type=_statuses,
        default=(),
        metavar="STATUS,...",
        help="exit 1 when any archive has one of these statuses, e.g. off_track,missed",
    )
    compliance.set_defaults(handler=run_compliance)

    rollup = _remote(subcommands, "rollup", "compliance summed over an archive and everything below it")
    rollup.add_argument("archive", type=normalize_code, help="the archive's code, e.g. HN")
    rollup.add_argument("--plan", required=True, help="the plan's code, e.g. FYP14")
    years = rollup.add_mutually_exclusive_group()
    years.add_argument("--year", type=int, help="the as-of year (default: the plan's)")
    years.add_argument("--years", metavar="FIRST-LAST", help="a series of as-of years, e.g. 2021-2025")
    rollup.add_argument("--approved-only", action="store_true", help="judge on approved figures only")
    _format(rollup, "text", "json")
    rollup.set_defaults(handler=run_rollup)


def register_compliance_filters(command: argparse.ArgumentParser) -> None:
    """The list's filters as options (shared with `export compliance`)."""
    command.add_argument("--level", choices=("provincial", "municipal", "county"))
    command.add_argument("--kind")
    command.add_argument(
        "--parent", type=normalize_code, help="only the archives directly below this one (parent_code)"
    )
    command.add_argument("--under", type=normalize_code, help="only this archive and its whole subtree")
    command.add_argument(
        "--status", action="extend", type=_statuses, default=[], metavar="STATUS,...", help="keep these statuses only"
    )
    command.add_argument("--approved-only", action="store_true", help="judge on approved figures only")


def _status(text: str) -> str:
    try:
        return Status(text.strip()).value
    except ValueError:
        choices = ", ".join(Status)
        raise argparse.ArgumentTypeError(f"unknown status {text!r} (one of: {choices})") from None


def _statuses(text: str) -> tuple[str, ...]:
    return tuple(_status(part) for part in text.split(",") if part.strip())


def compliance_filters(args: argparse.Namespace) -> dict[str, object]:
    """The list's filters as the API takes them."""
    return {
        "level": args.level,
        "kind": args.kind,
        "parent_code": args.parent,
        "under": args.under,
        "status": args.status,
        "approved_only": args.approved_only,
    }


@reporting_failures
def run_compliance(args: argparse.Namespace) -> int:
    filters = compliance_filters(args)
    with open_client(args) as client:
        if args.format == "csv":
            sys.stdout.write(client.download_compliance(args.plan, args.year, format="csv", **filters).decode())
        else:
            page = client.list_compliance(args.plan, args.year, limit=MAX_LIMIT, **filters)
            if args.format == "json":
                print_json(page)
            else:
                remote_output.write_compliance(CompliancePage.model_validate(page), args.lang)
        if not args.fail_on:
            return EXIT_OK
        failing = client.list_compliance(args.plan, args.year, limit=1, **(filters | {"status": args.fail_on}))
    if failing["total"]:
        print(f"lantai: {failing['total']} archive(s) with status {' or '.join(args.fail_on)}", file=sys.stderr)
        return EXIT_FOUND
    return EXIT_OK


@reporting_failures
def run_rollup(args: argparse.Namespace) -> int:
    options = {"years": args.years, "approved_only": args.approved_only}
    with open_client(args) as client:
        answer = client.get_rollup(args.archive, args.plan, args.year, **options)
    if args.format == "json":
        print_json(answer)
    else:
        remote_output.write_rollup(RollupAnswer.model_validate(answer), args.lang)
    return EXIT_OK
