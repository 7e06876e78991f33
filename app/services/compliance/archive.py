"""One archive's compliance with its yearly series, and the what-if on hypothetical reports.

- For a plan that does not bind the archive: no status, no rules, the reason not_bound.
- The series is on the basis the archive's targets rate on (app.domain.compliance.rate_basis):
  one point per report, with its change over the calendar year before split into what the
  work did and what new holdings did.
- Under a plan that follows another, previous_plan gives that plan's final status for the
  archive (judged as of its end year) and the rate at its end year.
- A what-if judges the archive as if the hypothetical reports were stored, each replacing
  a stored report of its year; its figures are checked like a stored report's, except that
  coming years are allowed; hypothetical reports count as not approved. Nothing is written.
  Its as-of year defaults to the plan's own default year as if the hypothetical reports were
  stored: the later of the plan's default and the last hypothetical year, never after the
  plan's end year (a report for this calendar year does not judge an ended plan as of it).
"""

from collections import Counter
from collections.abc import Sequence

from sqlmodel import Session

from app import errors
from app.domain.clock import RoundClock
from app.domain.compliance import (
    PlanSpec,
    YearFigures,
    evaluate_archive,
    not_bound,
    plan_binds,
    rate_basis,
    rate_series,
)
from app.domain.hierarchy import ArchiveRow, Hierarchy
from app.domain.rates import exact_rate_pct, float_or_none
from app.domain.report_checks import figures_problems
from app.i18n import Text
from app.models import Archive
from app.models.compliance import (
    ArchiveComplianceDetail,
    HypotheticalReport,
    PreviousPlan,
    Status,
    WhatIfRequest,
    WhatIfResult,
)
from app.services.compliance.answers import archive_answer, reason_answers, series_answer
from app.services.compliance.items import TargetIndex, calendar_year, judged_archive
from app.services.compliance.lists import as_of_year
from app.services.compliance.load import load_plan, load_reports, load_target_rows
from app.services.hierarchy import load_hierarchy
from app.services.rounds.notices import not_reported_notices


def archive_row(archive: Archive) -> ArchiveRow:
    return ArchiveRow(archive.code, archive.name, archive.level, archive.kind, archive.parent_code)


def _stored(session: Session, archive: Archive, *, approved_only: bool) -> dict[int, YearFigures]:
    found = load_reports(session, years=None, archive_codes=[archive.code], approved_only=approved_only)
    return {figures.year: figures for figures in found.get(archive.code, [])}


def archive_compliance(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
) -> ArchiveComplianceDetail:
    """One archive judged as of the year, with its series over every year reported."""
    plan = load_plan(session, plan_code).spec
    hierarchy = load_hierarchy(session)  # kept in a read session: no query (app.services.kept)
    as_of = as_of_year(session, plan, year, hierarchy, approved_only=approved_only)
    reports = _stored(session, archive, approved_only=approved_only)
    return _detail(session, plan, hierarchy, archive_row(archive), reports, as_of, approved_only, lang, clock)


def what_if(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    request: WhatIfRequest,
    *,
    lang: str,
    clock: RoundClock,
) -> WhatIfResult:
    """The archive judged as if the hypothetical reports were stored; nothing is saved."""
    check_hypothetical(request.reports)
    plan = load_plan(session, plan_code).spec
    hierarchy = load_hierarchy(session)  # kept in a read session: no query (app.services.kept)
    reports = _stored(session, archive, approved_only=False)
    reports |= {report.year: hypothetical_figures(report) for report in request.reports}
    years = sorted(report.year for report in request.reports)
    if year is None:
        year = max(as_of_year(session, plan, None, hierarchy, approved_only=False), min(years[-1], plan.end_year))
    detail = _detail(session, plan, hierarchy, archive_row(archive), reports, year, False, lang, clock)
    return WhatIfResult.model_construct(**dict(detail), hypothetical_years=years)


def check_hypothetical(reports: Sequence[HypotheticalReport]) -> None:
    """One hypothetical report a year, each with figures a stored report could have."""
    repeated = sorted(year for year, count in Counter(report.year for report in reports).items() if count > 1)
    if repeated:
        raise errors.ValidationFailed(
            Text(f"reports.year: {repeated[0]} is given more than once", f"reports.year：{repeated[0]} 年重复出现")
        )
    for report in reports:
        problems = figures_problems(report.model_dump())
        if problems:
            message = problems[0][1]
            raise errors.DigitizedExceedsHoldings(
                Text(f"reports[{report.year}].{message.en}", f"reports[{report.year}].{message.zh}")
            )


def hypothetical_figures(report: HypotheticalReport) -> YearFigures:
    """A hypothetical report as the rules read it: never approved."""
    return YearFigures.of(report.year, report.model_dump(), approved=False)


def _detail(
    session: Session,
    plan: PlanSpec,
    hierarchy: Hierarchy,
    archive: ArchiveRow,
    reports: dict[int, YearFigures],
    as_of: int,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
) -> ArchiveComplianceDetail:
    targets = TargetIndex(load_target_rows(session, plan.code), hierarchy).for_archive(archive)
    notice = not_reported_notices(session, as_of, clock, [archive.code]).get(archive.code)
    if not plan_binds(plan, hierarchy.chain(archive.code)):
        result = not_bound(plan, archive.code)
        item, reasons = archive_answer(archive, result, lang), reason_answers(result.reasons, lang)
    else:
        ordered = tuple(reports[year] for year in sorted(reports))
        judged = judged_archive(archive, plan, targets, ordered, as_of, lang, notice, calendar_year(clock))
        item, reasons = judged.answer(), []
    basis = rate_basis(targets)
    return ArchiveComplianceDetail.model_construct(
        **dict(item),
        plan=plan.code,
        year=as_of,
        approved_only=approved_only,
        reasons=reasons,
        previous_plan=_previous_plan(session, plan, hierarchy, archive, reports, calendar_year(clock)),
        series_basis=basis,
        series=[series_answer(point, lang) for point in rate_series(reports, basis)],
    )


def _previous_plan(
    session: Session,
    plan: PlanSpec,
    hierarchy: Hierarchy,
    archive: ArchiveRow,
    reports: dict[int, YearFigures],
    current_year: int,
) -> PreviousPlan | None:
    """The plan this one follows: its final status for the archive and the rate at its end year."""
    follows = load_plan(session, plan.code).follows
    if follows is None:
        return None
    previous = load_plan(session, follows).spec
    targets = TargetIndex(load_target_rows(session, previous.code), hierarchy).for_archive(archive)
    bound = plan_binds(previous, hierarchy.chain(archive.code))
    result = evaluate_archive(previous, targets, reports, previous.end_year, current_year) if bound else None
    final = reports.get(previous.end_year)
    rate = None if final is None else exact_rate_pct(final, rate_basis(targets))
    status = None if result is None or result.status is None else Status(result.status)
    return PreviousPlan.model_construct(
        code=previous.code, end_year=previous.end_year, status=status, rate_pct=float_or_none(rate)
    )
