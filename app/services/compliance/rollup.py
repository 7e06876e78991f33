"""Rollup: an archive and everything below it, taken together.

- Counted: the archives of the subtree (the archive itself included) that some target of
  the plan applies to, judged as in the list.
- aggregate_rate_pct = sum(digitized) / sum(holdings) x 100 on the plan's basis, over the
  counted archives' reports for rate_year = min(Y, plan end) that state both figures: the
  rate of the whole, not a mean of rates. Zero holdings add nothing.
- The plan's basis: the basis most of its reach_rate targets use (the earliest set, on a
  tie); without a reach_rate, that of its min_growth targets; else volumes.
- Shares are of the archives counted. Furthest behind: the largest gaps between a reach_rate
  target and the rate judged, in points, at most TOP_BEHIND; an archive with no rate is not ranked.
"""

from collections import Counter
from collections.abc import Iterable, Sequence

from sqlmodel import Session

from app.domain.compliance import TargetRow, YearFigures
from app.domain.rates import denominator, digitized
from app.models import Archive
from app.models.common import Level
from app.models.compliance import BehindTarget, ComplianceStatus, Rollup, SubtreeCompliance
from app.services.compliance.items import Judgement
from app.services.compliance.lists import Judged, judge, status_counts
from app.services.compliance.load import ArchiveRow, subtree_codes, year_figures
from app.services.hierarchy import load_archives
from app.services.plans import get_plan

TOP_BEHIND = 10
BASIS_RULES = ("reach_rate", "min_growth")
DEFAULT_BASIS = "volumes"
ON_COURSE = (ComplianceStatus.achieved, ComplianceStatus.on_track)


def plan_basis(targets: Sequence[TargetRow]) -> str:
    """The basis the plan's rates are aggregated on."""
    for rule in BASIS_RULES:
        bases = [target.basis for target in targets if target.rule == rule]
        if bases:
            counted = Counter(bases)
            return max(bases, key=lambda basis: (counted[basis], -bases.index(basis)))
    return DEFAULT_BASIS


def rollup(
    session: Session, archive: Archive, plan_code: str, year: int | None, *, approved_only: bool, lang: str
) -> Rollup:
    """The archive's subtree: counts, aggregate rate, shares, each child's subtree, who is furthest behind."""
    plan = get_plan(session, plan_code)
    archives = load_archives(session)
    by_code = {row.code: row for row in archives}
    subtree = [by_code[code] for code in subtree_codes(archives, archive.code)]
    judged = judge(session, plan, year, subtree, approved_only=approved_only, lang=lang)
    basis, rate_year = plan_basis(judged.targets), min(judged.year, plan.end_year)
    figures = _figures_at(judged, rate_year)
    items = {judgement.archive.code: judgement for judgement in judged.judgements}
    children = [row for row in subtree if row.parent_code == archive.code]
    whole = _subtree(by_code[archive.code], [row.code for row in subtree], items, figures, basis)
    return Rollup.model_construct(
        **dict(whole),
        plan=plan.code,
        year=judged.year,
        rate_year=rate_year,
        basis=basis,
        approved_only=approved_only,
        children=[_subtree(child, subtree_codes(subtree, child.code), items, figures, basis) for child in children],
        furthest_behind=furthest_behind(judged.judgements),
    )


def _figures_at(judged: Judged, year: int) -> dict[str, YearFigures]:
    """Each judged archive's report for the year, if it has one."""
    found = {}
    for code, rows in judged.reports.items():
        for row in rows:
            if row[1] == year:
                found[code] = year_figures(row)
    return found


def _subtree(
    root: ArchiveRow,
    codes: Iterable[str],
    items: dict[str, Judgement],
    figures: dict[str, YearFigures],
    basis: str,
) -> SubtreeCompliance:
    judged = [code for code in codes if code in items]
    done = held = reported = 0
    for code in judged:
        report = figures.get(code)
        report_held = None if report is None else denominator(report, basis)
        report_done = None if report is None else digitized(report, basis)
        if report_held and report_done is not None:
            done, held, reported = done + report_done, held + report_held, reported + 1
    counts = status_counts(items[code].status for code in judged)
    return SubtreeCompliance.model_construct(
        archive_code=root.code,
        archive_name=root.name,
        level=Level(root.level),
        archives=len(judged),
        counts=counts,
        aggregate_rate_pct=100 * done / held if held else None,
        reported_archives=reported,
        share_achieved_pct=_share(counts[ComplianceStatus.achieved], len(judged)),
        share_achieved_or_on_track_pct=_share(sum(counts[status] for status in ON_COURSE), len(judged)),
    )


def _share(count: int, whole: int) -> float | None:
    return 100 * count / whole if whole else None


def furthest_behind(judgements: Iterable[Judgement]) -> list[BehindTarget]:
    """The archives whose reach_rate rate is furthest below its target, at most TOP_BEHIND."""
    behind = []
    for judgement in judgements:
        for rule in judgement.result.rules:
            if rule.rule != "reach_rate" or rule.rate_pct is None or rule.status == ComplianceStatus.achieved:
                continue
            gap = rule.target.value - rule.rate_pct
            if gap > 0:
                behind.append((gap, judgement.archive, rule))
    behind.sort(key=lambda entry: (-entry[0], entry[1].code))
    return [
        BehindTarget.model_construct(
            archive_code=archive.code,
            archive_name=archive.name,
            level=Level(archive.level),
            status=ComplianceStatus(rule.status),
            rate_pct=rule.rate_pct,
            target_pct=rule.target.value,
            gap_pp=gap,
        )
        for gap, archive, rule in behind[:TOP_BEHIND]
    ]
