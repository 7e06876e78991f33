"""One archive's compliance with its yearly series, and the what-if on hypothetical reports.

- The series is on the basis of the archive's reach_rate target, else its min_growth
  target's, else by volumes: one point per report, with growth over the calendar year before.
- A what-if judges the archive as if the hypothetical reports were stored, each replacing
  a stored report of its year; its figures are checked like a stored report's, except that
  coming years are allowed; hypothetical reports count as not approved. Nothing is written.
  Its as-of year defaults to the later of the latest year reported and the last hypothetical year.
"""

from collections import Counter
from collections.abc import Sequence

from sqlmodel import Session

from app import errors
from app.domain.compliance import series
from app.domain.report_checks import figures_problems
from app.i18n import Text
from app.models import Archive, Plan
from app.models.compliance import ArchiveComplianceDetail, HypotheticalReport, SeriesPoint, WhatIfRequest, WhatIfResult
from app.services.compliance.items import TargetIndex, TargetKey, judged_archive, plan_key
from app.services.compliance.lists import as_of_year
from app.services.compliance.load import (
    ArchiveRow,
    ReportRow,
    load_report_rows,
    load_target_rows,
    year_figures,
)
from app.services.plans import get_plan
from app.services.rounds.notices import not_reported_notices

SERIES_BASIS_RULES = ("reach_rate", "min_growth")
DEFAULT_SERIES_BASIS = "volumes"
HYPOTHETICAL = "hypothetical"  # the review status a hypothetical report carries: never approved


def archive_row(archive: Archive) -> ArchiveRow:
    return ArchiveRow(archive.code, archive.name, archive.level, archive.kind, archive.parent_code)


def series_basis(targets: Sequence[TargetKey]) -> str:
    """The basis the archive's rates are charted on."""
    for rule in SERIES_BASIS_RULES:
        for target in targets:
            if target.rule == rule:
                return target.basis
    return DEFAULT_SERIES_BASIS


def archive_compliance(
    session: Session, archive: Archive, plan_code: str, year: int | None, *, approved_only: bool, lang: str
) -> ArchiveComplianceDetail:
    """One archive judged as of the year, with its series over every year reported."""
    plan = get_plan(session, plan_code)
    as_of = as_of_year(session, plan, year, approved_only=approved_only)
    rows = load_report_rows(session, years=None, archive_codes=[archive.code], approved_only=approved_only)
    return _detail(session, plan, archive_row(archive), rows.get(archive.code, []), as_of, approved_only, lang)


def what_if(
    session: Session, archive: Archive, plan_code: str, year: int | None, request: WhatIfRequest, *, lang: str
) -> WhatIfResult:
    """The archive judged as if the hypothetical reports were stored; nothing is saved."""
    check_hypothetical(request.reports)
    plan = get_plan(session, plan_code)
    stored = load_report_rows(session, years=None, archive_codes=[archive.code], approved_only=False)
    rows = {row[1]: row for row in stored.get(archive.code, [])}
    rows |= {report.year: hypothetical_row(archive.code, report) for report in request.reports}
    years = sorted(report.year for report in request.reports)
    if year is None:
        year = max(as_of_year(session, plan, None, approved_only=False), years[-1])
    detail = _detail(session, plan, archive_row(archive), [rows[key] for key in sorted(rows)], year, False, lang)
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


def hypothetical_row(archive_code: str, report: HypotheticalReport) -> ReportRow:
    return (
        archive_code,
        report.year,
        report.holdings_volumes,
        report.digitized_volumes,
        report.holdings_items,
        report.digitized_items,
        report.holdings_pages,
        report.digitized_pages,
        report.catalog_entries,
        report.fulltext_pages,
        HYPOTHETICAL,
    )


def _detail(
    session: Session,
    plan: Plan,
    archive: ArchiveRow,
    rows: Sequence[ReportRow],
    as_of: int,
    approved_only: bool,
    lang: str,
) -> ArchiveComplianceDetail:
    targets = TargetIndex(load_target_rows(session, plan.code)).for_archive(archive)
    notice = not_reported_notices(session, as_of).get(archive.code)
    item = judged_archive(archive, plan_key(plan), targets, tuple(rows), as_of, lang, notice).answer()
    basis = series_basis(targets)
    points = series({row[1]: year_figures(row) for row in rows}, basis)
    return ArchiveComplianceDetail.model_construct(
        **dict(item),
        plan=plan.code,
        year=as_of,
        approved_only=approved_only,
        series_basis=basis,
        series=[SeriesPoint.model_construct(year=y, rate_pct=rate, growth_pp=growth) for y, rate, growth in points],
    )
