"""Yearly reports: write with full revision history, read, and show with rates."""

from sqlalchemy import func, select
from sqlmodel import Session

from app import errors
from app.domain.compliance import YearFigures, rate_pct
from app.domain.report_checks import figures_problems, year_problem
from app.i18n import Text
from app.models import Archive, Report, ReportRevision
from app.models.common import utcnow
from app.models.report import FIGURE_FIELDS, ReportFigures, ReportPublic

RATE_FIELDS = {
    "rate_volumes_pct": "volumes",
    "rate_items_pct": "items",
    "rate_volumes_items_pct": "volumes_items",
    "rate_pages_pct": "pages",
}


def check_figures(figures: ReportFigures, *, year: int, current_year: int) -> None:
    """Refuse a year out of range or figures that contradict each other."""
    problem = year_problem(year, current_year)
    if problem is not None:
        raise errors.YearOutOfRange(problem)
    problems = figures_problems(figures.model_dump())
    if problems:
        raise errors.DigitizedExceedsHoldings(problems[0][1])


def find_report(session: Session, archive_code: str, year: int) -> Report | None:
    """The current report of an archive for a year, if any."""
    query = select(Report).where(Report.archive_code == archive_code, Report.year == year)
    return session.scalars(query).first()


def get_report(session: Session, archive_code: str, year: int) -> Report:
    """The current report, or ReportNotFound."""
    report = find_report(session, archive_code, year)
    if report is None:
        raise errors.ReportNotFound(
            Text(f"archive {archive_code!r} has no report for {year}", f"档案馆 {archive_code!r} 没有 {year} 年的年报")
        )
    return report


def put_report(
    session: Session, archive: Archive, year: int, figures: ReportFigures, *, submitted_by: str, current_year: int
) -> tuple[Report, bool]:
    """Create or replace a year's report, keeping every version; returns (report, created).

    Identical figures leave the report and its history as they were."""
    check_figures(figures, year=year, current_year=current_year)
    values = figures.model_dump()
    report = find_report(session, archive.code, year)
    if report is None:
        report = Report(archive_code=archive.code, year=year, submitted_by=submitted_by, **values)
        session.add(report)
        session.flush()
        _record_revision(session, report)
        return report, True
    if all(getattr(report, field) == values[field] for field in FIGURE_FIELDS):
        return report, False
    for field in FIGURE_FIELDS:
        setattr(report, field, values[field])
    report.revision += 1
    report.submitted_by = submitted_by
    report.submitted_at = utcnow()
    session.add(report)
    session.flush()
    _record_revision(session, report)
    return report, False


def list_reports(
    session: Session, archive_code: str, *, year_from: int | None, year_to: int | None, limit: int, offset: int
) -> tuple[list[Report], int]:
    """A page of an archive's reports, oldest year first, and the total count."""
    conditions = [Report.archive_code == archive_code]
    if year_from is not None:
        conditions.append(Report.year >= year_from)
    if year_to is not None:
        conditions.append(Report.year <= year_to)
    total = session.scalar(select(func.count()).select_from(Report).where(*conditions)) or 0
    rows = session.scalars(select(Report).where(*conditions).order_by(Report.year).limit(limit).offset(offset))
    return list(rows), total


def list_revisions(session: Session, report: Report) -> list[ReportRevision]:
    """Every version of a report, oldest first."""
    query = select(ReportRevision).where(ReportRevision.report_id == report.id).order_by(ReportRevision.revision)
    return list(session.scalars(query))


def year_figures(report: Report) -> YearFigures:
    """The report as the compliance rules read it."""
    return YearFigures(
        year=report.year,
        holdings_volumes=report.holdings_volumes,
        digitized_volumes=report.digitized_volumes,
        holdings_items=report.holdings_items,
        digitized_items=report.digitized_items,
        holdings_pages=report.holdings_pages,
        digitized_pages=report.digitized_pages,
        catalog_entries=report.catalog_entries,
        fulltext_pages=report.fulltext_pages,
    )


def report_public(report: Report) -> ReportPublic:
    """The stored report with its rates on every basis the figures define."""
    figures = year_figures(report)
    rates = {field: rate_pct(figures, basis) for field, basis in RATE_FIELDS.items()}
    stored = {name: getattr(report, name) for name in ReportPublic.model_fields if name not in RATE_FIELDS}
    return ReportPublic(**stored, **rates)


def _record_revision(session: Session, report: Report) -> None:
    snapshot = {field: getattr(report, field) for field in FIGURE_FIELDS}
    session.add(
        ReportRevision(
            report_id=report.id,
            archive_code=report.archive_code,
            year=report.year,
            revision=report.revision,
            submitted_by=report.submitted_by,
            submitted_at=report.submitted_at,
            **snapshot,
        )
    )
    session.flush()
