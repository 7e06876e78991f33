"""One archive's compliance with its yearly series, and the what-if on hypothetical reports.

- The tree is the one `structure` names (app.services.compliance.structure): as_of, the tree of
  31 December of the as-of year (the archive's parent, level and kind then decide the targets and
  whether the plan binds), on its own reports, with `name_in_year`; current, today's tree, on its
  figures carried into today's structure (the rules and the series say so: mapped_series).
- For an archive not in that tree (not open on 31 December of the year; closed today): no status,
  no rules, the reason not_open naming the day it closed or opened; its own series.
- For a plan that does not bind the archive: no status, no rules, the reason not_bound.
- The series is on the basis the archive's targets rate on (app.domain.compliance.rate_basis):
  one point per report, with its change over the calendar year before split into what the
  work did and what new holdings did.
- Under a plan that follows another, previous_plan gives that plan's final status for the
  archive (judged as of its end year) and the rate at its end year.
- A what-if judges the archive as if the hypothetical reports were stored, each replacing
  a stored (or, with structure=current, carried) report of its year; its figures are checked like a stored report's, except that
  coming years are allowed; hypothetical reports count as not approved. Nothing is written.
  Its as-of year defaults to the plan's own default year as if the hypothetical reports were
  stored: the later of the plan's default and the last hypothetical year, never after the
  plan's end year (a report for this calendar year does not judge an ended plan as of it).
"""

from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date
from typing import NamedTuple

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
    years_read,
)
from app.domain.hierarchy import ArchiveRow, Hierarchy
from app.domain.rates import exact_rate_pct, float_or_none
from app.domain.report_checks import figures_problems
from app.domain.succession import not_open, with_carried_series
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
from app.services.compliance.items import TargetIndex, calendar_day, calendar_year, judged_archive
from app.services.compliance.lists import as_of_year
from app.services.compliance.load import load_plan, load_reports, load_target_rows
from app.services.compliance.structure import Frame, Structure, frame_for
from app.services.hierarchy import archive_spans, load_hierarchy, year_end
from app.services.rounds.notices import not_reported_notices


def archive_row(archive: Archive) -> ArchiveRow:
    return ArchiveRow(archive.code, archive.name, archive.level, archive.kind, archive.parent_code)


def _stored(session: Session, archive: Archive, *, approved_only: bool) -> dict[int, YearFigures]:
    found = load_reports(session, years=None, archive_codes=[archive.code], approved_only=approved_only)
    return {figures.year: figures for figures in found.get(archive.code, [])}


class Basis(NamedTuple):
    """What one archive is judged on in a frame: its row in the tree judged (None: not open then),
    its name in the year when not today's, its reports (carried, with structure=current) and
    which of their years were carried forward, from whose reports."""

    row: ArchiveRow | None
    name_in_year: str | None
    reports: dict[int, YearFigures]
    carried: Mapping[int, frozenset[str]]


def _basis(
    session: Session,
    frame: Frame,
    plan: PlanSpec,
    archive: Archive,
    reports: dict[int, YearFigures],
    *,
    approved_only: bool,
) -> Basis:
    """The archive as the frame judges it (app.services.compliance.structure)."""
    row = frame.tree.by_code.get(archive.code)
    if row is None:
        return Basis(None, None, reports, {})
    shown, name_in_year = frame.shown(row)
    years = set(reports) | years_read(plan, load_target_rows(session, plan.code), frame.year)
    own = {archive.code: tuple(reports[year] for year in sorted(reports))}
    mapped, carried = frame.carry(session, own, years, approved_only=approved_only, every_year=True)
    found = {figures.year: figures for figures in mapped.get(archive.code, ())}
    return Basis(shown, name_in_year, found, carried.get(archive.code, {}))


def archive_compliance(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
    structure: Structure = Structure.as_of,
) -> ArchiveComplianceDetail:
    """One archive judged as of the year in the tree the structure names, with its series over every year
    reported (with structure=current, its figures carried into today's structure)."""
    plan = load_plan(session, plan_code).spec
    hierarchy = load_hierarchy(session)  # kept in a read session: no query (app.services.kept)
    as_of = as_of_year(session, plan, year, hierarchy, approved_only=approved_only)
    frame = frame_for(session, structure, as_of, calendar_day(clock))
    reports = _stored(session, archive, approved_only=approved_only)
    basis = _basis(session, frame, plan, archive, reports, approved_only=approved_only)
    return _detail(session, plan, frame, archive, basis, approved_only, lang, clock)


def what_if(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    request: WhatIfRequest,
    *,
    lang: str,
    clock: RoundClock,
    structure: Structure = Structure.as_of,
) -> WhatIfResult:
    """The archive judged as if the hypothetical reports were stored (replacing its figures of their
    years, carried ones included); nothing is saved."""
    check_hypothetical(request.reports)
    plan = load_plan(session, plan_code).spec
    hierarchy = load_hierarchy(session)  # kept in a read session: no query (app.services.kept)
    years = sorted(report.year for report in request.reports)
    if year is None:
        year = max(as_of_year(session, plan, None, hierarchy, approved_only=False), min(years[-1], plan.end_year))
    frame = frame_for(session, structure, year, calendar_day(clock))
    basis = _basis(session, frame, plan, archive, _stored(session, archive, approved_only=False), approved_only=False)
    hypothetical = {report.year: hypothetical_figures(report) for report in request.reports}
    carried = {carried_year: parts for carried_year, parts in basis.carried.items() if carried_year not in hypothetical}
    basis = basis._replace(reports=basis.reports | hypothetical, carried=carried)
    detail = _detail(session, plan, frame, archive, basis, False, lang, clock)
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
    frame: Frame,
    archive: Archive,
    basis: Basis,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
) -> ArchiveComplianceDetail:
    reports, row, hierarchy, as_of = basis.reports, basis.row, frame.tree, frame.year
    if row is None:
        return _not_open(session, plan, frame, archive, reports, approved_only, lang, calendar_day(clock))
    targets = TargetIndex(load_target_rows(session, plan.code), hierarchy).for_archive(row)
    notice = not_reported_notices(session, as_of, clock, [archive.code]).get(archive.code)
    if not plan_binds(plan, hierarchy.chain(archive.code)):
        result = not_bound(plan, archive.code)
        item = archive_answer(row, result, lang, name_in_year=basis.name_in_year)
        reasons = reason_answers(result.reasons, lang)
    else:
        ordered = tuple(reports[year] for year in sorted(reports))
        carried = tuple(sorted(basis.carried.items()))
        judged = judged_archive(
            row, plan, targets, ordered, as_of, lang, notice, calendar_year(clock), basis.name_in_year, carried
        )
        item, reasons = judged.answer(), []
    rate = rate_basis(targets)
    series = with_carried_series(rate_series(reports, rate), basis.carried)
    return ArchiveComplianceDetail.model_construct(
        **dict(item),
        plan=plan.code,
        year=as_of,
        structure=frame.structure,
        approved_only=approved_only,
        reasons=reasons,
        previous_plan=_previous_plan(session, plan, hierarchy, row, reports, calendar_year(clock)),
        series_basis=rate,
        series=[series_answer(point, lang) for point in series],
    )


def _not_open(
    session: Session,
    plan: PlanSpec,
    frame: Frame,
    archive: Archive,
    reports: dict[int, YearFigures],
    approved_only: bool,
    lang: str,
    today: date,
) -> ArchiveComplianceDetail:
    """An archive not in the tree judged (not open on 31 December of the year, or closed today):
    no status, no rules, the reason not_open naming the dates; its own series."""
    day = year_end(frame.year) if frame.structure is Structure.as_of else today
    spans = archive_spans(session, archive.code)
    closed = max((span.valid_until for span in spans if span.valid_until and span.valid_until <= day), default=None)
    opened = min((span.valid_from for span in spans if span.valid_from and span.valid_from > day), default=None)
    result = not_open(archive.code, day, opened, closed)
    targets = TargetIndex(load_target_rows(session, plan.code), frame.registered).for_archive(archive_row(archive))
    rate = rate_basis(targets)
    return ArchiveComplianceDetail.model_construct(
        **dict(archive_answer(archive_row(archive), result, lang)),
        plan=plan.code,
        year=frame.year,
        structure=frame.structure,
        approved_only=approved_only,
        reasons=reason_answers(result.reasons, lang),
        previous_plan=None,
        series_basis=rate,
        series=[series_answer(point, lang) for point in rate_series(reports, rate)],
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
