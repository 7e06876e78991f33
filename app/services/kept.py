"""Every value a read keeps between requests, declared once: its name, the tables it reads, its loader.

How it is kept, and why it is exact, is app.db.change_stamp's: an entry stands while the
counters of the tables it `reads` stand, and a read session (never a write session) uses it.
Each loader here is the one query of its value; a feature calls `VALUE.get(session, ...)`,
and the uncached variants (a few archives, a write session) call the same query functions.
tests/faults/test_kept_values.py runs every loader and fails when one reads a table it does
not declare. Values are immutable (tuples, frozen records, MappingProxyType): callers share them.

This module imports no feature of app.services (they import it): it sits below them all.
"""

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from fractions import Fraction
from itertools import groupby
from operator import itemgetter
from types import MappingProxyType
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, and_, bindparam, func, or_, select
from sqlmodel import Session, col

from app.db.change_stamp import Kept, may_keep
from app.db.rows import plain_rows
from app.domain.compliance import PlanSpec, TargetRow, YearFigures
from app.domain.hierarchy import ArchiveRow, Hierarchy, Succession, hierarchy_of
from app.domain.peers import PeerFigures, peer_figures
from app.models import ApiToken, Archive, ArchiveSuccession, ArchiveVersion, Plan, Report, Target
from app.models.report import ReportStatus
from app.models.round import Round

# Up to this many archives a read works on them alone: their reports read afresh (one archive's
# page, a what-if), a report's warnings from their provinces only; above it, what is kept.
FEW_ARCHIVES = 20
# Below this many archives a query names them; above it, it reads every archive's.
ARCHIVES_NAMED_IN_QUERY = 500

ReportsByArchive = Mapping[str, tuple[YearFigures, ...]]  # archive code -> its reports, oldest first
Steps = tuple[datetime | None, datetime | None]  # the latest submission and the latest review


class KeptPlan(NamedTuple):
    """A plan as the rules read it, and the plan it follows."""

    spec: PlanSpec
    follows: str | None


class TokenHolder(NamedTuple):
    """Who holds an active token, as the permission rules need it."""

    id: int
    name: str
    role: str
    archive_code: str | None


# --- the archives


def _hierarchy(session: Session) -> Hierarchy:
    query = select(
        col(Archive.code), col(Archive.name), col(Archive.level), col(Archive.kind), col(Archive.parent_code)
    )
    return hierarchy_of(ArchiveRow(*row) for row in plain_rows(session, query.order_by(Archive.code)))


def version_open_on(day: date) -> ColumnElement[bool]:
    """The condition that an archive's version holds on this day."""
    starts = or_(col(ArchiveVersion.valid_from).is_(None), col(ArchiveVersion.valid_from) <= day)
    return and_(starts, or_(col(ArchiveVersion.valid_until).is_(None), col(ArchiveVersion.valid_until) > day))


def _hierarchy_as_of(session: Session, day: date) -> Hierarchy:
    """The archives open on the day with the attributes they had then; an archive with no version
    stored (inserted by hand) is taken as it stands, as having existed always."""
    version = ArchiveVersion
    dated = select(
        col(version.archive_code), col(version.name), col(version.level), col(version.kind), col(version.parent_code)
    ).where(version_open_on(day))
    has_versions = select(col(version.archive_code)).where(col(version.archive_code) == col(Archive.code)).exists()
    undated = select(
        col(Archive.code), col(Archive.name), col(Archive.level), col(Archive.kind), col(Archive.parent_code)
    ).where(~has_versions)
    rows = sorted(ArchiveRow(*row) for row in (*plain_rows(session, dated), *plain_rows(session, undated)))
    return hierarchy_of(rows)


def _version_days(session: Session) -> tuple[date, ...]:
    """Every day on which an archive's version begins or ends, oldest first: from one of them to the
    next, the archives open and their attributes stand still (app.services.hierarchy.hierarchy_as_of)."""
    version = ArchiveVersion
    days: set[date] = set()
    for column in (col(version.valid_from), col(version.valid_until)):
        days.update(day for day in session.scalars(select(column).distinct()) if day is not None)
    return tuple(sorted(days))


def _successions(session: Session) -> tuple[Succession, ...]:
    link = ArchiveSuccession
    query = select(
        col(link.predecessor_code), col(link.successor_code), col(link.effective_date), col(link.type), col(link.shares)
    ).order_by(col(link.effective_date), col(link.id))
    return tuple(
        Succession(
            predecessor,
            successor,
            day,
            kind,
            None if shares is None else MappingProxyType({key: Fraction(value) for key, value in shares.items()}),
        )
        for predecessor, successor, day, kind, shares in session.execute(query)
    )


def _archive_changed(session: Session) -> datetime | None:
    return session.scalar(select(func.max(col(Archive.updated_at))))


# --- plans and targets


def kept_plan(plan: Plan) -> KeptPlan:
    """The plan as the rules read it."""
    return KeptPlan(PlanSpec(plan.code, plan.start_year, plan.end_year, plan.baseline_year, plan.under), plan.follows)


def _plan(session: Session, code: str) -> KeptPlan | None:
    plan = session.get(Plan, code)
    return None if plan is None else kept_plan(plan)


def _targets(session: Session, plan_code: str) -> tuple[TargetRow, ...]:
    query = select(Target).where(col(Target.plan_code) == plan_code).order_by(col(Target.id))
    return tuple(
        TargetRow(
            rule=target.rule,
            value=target.value,
            unit=target.unit,
            basis=target.basis,
            level=target.level,
            kind=target.kind,
            archive_code=target.archive_code,
            target_id=target.id,
            year=target.year,
            under=target.under,
        )
        for target in session.scalars(query)
    )


# --- reports, as the compliance rules read them

# The archive's code, then YearFigures' fields in order (approved: whether the report is).
FIGURE_COLUMNS = tuple(col(getattr(Report, name)) for name in YearFigures._fields if name != "approved")
REPORT_COLUMNS = (col(Report.archive_code), *FIGURE_COLUMNS, col(Report.status) == ReportStatus.approved)


def latest_report_year(
    session: Session, end_year: int, archive_codes: Collection[str] | None, approved_only: bool
) -> int | None:
    """The latest year, never after end_year, that one of the archives (any, when None) has a report
    (an approved one, with approved_only) for."""
    query = select(func.max(col(Report.year))).where(col(Report.year) <= end_year)
    if archive_codes is not None:
        query = query.where(col(Report.archive_code).in_(sorted(archive_codes)))
    if approved_only:
        query = query.where(col(Report.status) == ReportStatus.approved)
    return session.scalar(query)


def _latest_report_year_of_any(session: Session, end_year: int, approved_only: bool) -> int | None:
    return latest_report_year(session, end_year, None, approved_only)


def reports_of(
    session: Session, years: Collection[int] | None, archive_codes: Collection[str] | None, approved_only: bool
) -> ReportsByArchive:
    """Archive code -> its reports in the years (every year when None), oldest first."""
    query = select(*REPORT_COLUMNS)
    if years is not None:
        # `year + 0`: SQLite then walks the (archive_code, year) unique index in the order asked for
        # instead of sorting what the year index finds (twice as fast for a whole country).
        query = query.where((col(Report.year) + 0).in_(sorted(years)))
    if archive_codes is not None:
        query = query.where(col(Report.archive_code).in_(sorted(archive_codes)))
    if approved_only:
        query = query.where(col(Report.status) == ReportStatus.approved)
    rows = plain_rows(session, query.order_by(col(Report.archive_code), col(Report.year)))
    make = YearFigures._make  # the rows are in archive order: each archive's come together
    return MappingProxyType(
        {code: tuple([make(row[1:]) for row in group]) for code, group in groupby(rows, itemgetter(0))}
    )


# --- reports, as their plausibility checks read them (app.services.reports.warnings)

# Built once (SQLAlchemy keys a statement it is given again at no cost): every report; some archives'
# reports of every year, with their peers' of some years; the reports of some archives.
ALL_FIGURES = select(col(Report.archive_code), *FIGURE_COLUMNS)
FEW_FIGURES = ALL_FIGURES.where(
    or_(
        col(Report.archive_code).in_(bindparam("own", expanding=True)),
        and_(
            col(Report.archive_code).in_(bindparam("peers", expanding=True)),
            col(Report.year).in_(bindparam("years", expanding=True)),
        ),
    )
)
ARCHIVES_FIGURES = ALL_FIGURES.where(col(Report.archive_code).in_(bindparam("codes", expanding=True)))


def figures_by_archive(rows: Iterable[tuple[Any, ...]]) -> dict[str, dict[int, YearFigures]]:
    """Report rows (the archive's code, then YearFigures' fields) by archive and year."""
    by_archive: dict[str, dict[int, YearFigures]] = defaultdict(dict)
    for code, *values in rows:
        by_archive[code][values[0]] = YearFigures(*values)
    return dict(by_archive)


def _province_figures(session: Session, root: str, years: tuple[int, ...]) -> PeerFigures:
    """Every report, every year, of the archives under this top archive: what the checks of any of
    them in these years read (an archive's own years, and its peers' years Y and Y-1), with the
    spread of every group in these years."""
    archives = ARCHIVES.get(session).subtree(root)
    rows = plain_rows(session, ARCHIVES_FIGURES, {"codes": [archive.code for archive in archives]})
    level = {archive.code: archive.level for archive in archives}
    return peer_figures(figures_by_archive(rows), level, dict.fromkeys(level, root), years)


# --- a report's Last-Modified (app.services.reports.service.last_changed)


def latest_steps(session: Session, which: ColumnElement[bool]) -> Steps:
    """The latest submission and the latest review among the reports chosen."""
    submitted, reviewed = session.execute(
        select(func.max(col(Report.submitted_at)), func.max(col(Report.reviewed_at))).where(which)
    ).one()
    return submitted, reviewed


def _steps_in_years(session: Session, years: tuple[int, ...]) -> Steps:
    return latest_steps(session, col(Report.year).in_(years))


def _province_steps(session: Session, root: str) -> Mapping[str, Steps]:
    """Archive code -> its latest submission and review, for every archive under this top archive."""
    codes = [archive.code for archive in ARCHIVES.get(session).subtree(root)]
    query = (
        select(col(Report.archive_code), func.max(col(Report.submitted_at)), func.max(col(Report.reviewed_at)))
        .where(col(Report.archive_code).in_(codes))
        .group_by(col(Report.archive_code))
    )
    return MappingProxyType({code: (submitted, reviewed) for code, submitted, reviewed in session.execute(query)})


# --- rounds and tokens


def _has_rounds(session: Session, year: int) -> bool:
    return session.scalar(select(col(Round.id)).where(col(Round.year) == year).limit(1)) is not None


def active_token(session: Session, digest: str) -> TokenHolder | None:
    """The holder of the unrevoked token with this hash, if there is one. In a write session
    (nothing kept) its row is locked FOR SHARE on PostgreSQL: a revocation waits for the write
    the token is making (app.services.tokens.is_active_token)."""
    query = select(col(ApiToken.id), col(ApiToken.name), col(ApiToken.role), col(ApiToken.archive_code)).where(
        col(ApiToken.token_hash) == digest, col(ApiToken.revoked_at).is_(None)
    )
    if not may_keep(session):
        query = query.with_for_update(read=True)
    row = session.execute(query).first()
    return None if row is None else TokenHolder(*row)


# --- the declarations: every kept value, its key (the loader's arguments), the tables it reads

ARCHIVES = Kept("archives", ("archive",), _hierarchy, size=1)
# by day: the first of its stretch of days with no version beginning or ending (VERSION_DAYS)
ARCHIVES_AS_OF = Kept("archives as of", ("archive", "archive_version"), _hierarchy_as_of, size=32)
VERSION_DAYS = Kept("version days", ("archive_version",), _version_days, size=1)
SUCCESSIONS = Kept("successions", ("archive_succession",), _successions, size=1)
ARCHIVE_CHANGED = Kept("archive changed", ("archive",), _archive_changed, size=1)
PLAN = Kept("plan", ("plan",), _plan, size=64, keep_none=False)  # by code
TARGETS = Kept("targets", ("target",), _targets, size=64)  # by plan code
# by the plan's end year, approved_only
LATEST_REPORT_YEAR = Kept("latest report year", ("report",), _latest_report_year_of_any, size=64)
# by years, named archives (None: every one), approved_only: many archives' reports (lists, rollups)
REPORTS = Kept("reports", ("report",), reports_of, size=24)
# by top archive and years checked: its reports and peer groups, as a report's warnings read them
PROVINCE_FIGURES = Kept("province figures", ("archive", "report"), _province_figures, size=64)
PROVINCE_STEPS = Kept("province steps", ("archive", "report"), _province_steps, size=64)  # by top archive
STEPS_IN_YEARS = Kept("steps in years", ("report",), _steps_in_years, size=16)  # by years
HAS_ROUNDS = Kept("has rounds", ("reporting_round",), _has_rounds, size=16)  # by year
# by the token's hash; its own LRU, so that many tokens never push out the other values
TOKENS = Kept("tokens", ("api_token",), active_token, size=4096, keep_none=False)

DECLARED: tuple[Kept[..., Any], ...] = (
    ARCHIVES,
    ARCHIVES_AS_OF,
    VERSION_DAYS,
    SUCCESSIONS,
    ARCHIVE_CHANGED,
    PLAN,
    TARGETS,
    LATEST_REPORT_YEAR,
    REPORTS,
    PROVINCE_FIGURES,
    PROVINCE_STEPS,
    STEPS_IN_YEARS,
    HAS_ROUNDS,
    TOKENS,
)
