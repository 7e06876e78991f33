"""Rollup: an archive and everything below it, taken together.

- The tree is the one `structure` names (app.services.compliance.structure): by default as it
  stood on 31 December of the year, so a county moved between two cities counts under the one
  it was in that year; with structure=current, under today's, its earlier figures carried forward.
- Counted: the archives of the subtree (the archive itself included) that the plan binds
  and some target of the plan applies to, judged as in the list. Archives the plan does not
  bind are not in its rollups: a child is listed only when its subtree has one it binds, and
  a rollup of a subtree with none answers no counts, no children and the reason not_bound.
- aggregate_rate_pct = sum(digitized) / sum(holdings) x 100 on the plan's basis, over the
  counted archives' reports for rate_year = min(Y, plan end) that state both figures
  (app.domain.compliance.aggregate_rate): the rate of the whole, not a mean of rates.
- The plan's basis: app.domain.compliance.rate_basis over the plan's targets.
- Shares are of the archives counted. Furthest behind: the largest gaps between a reach_rate
  target and the rate judged, in points, at most TOP_BEHIND; an archive with no rate is not ranked.
"""

from collections.abc import Iterable

from sqlmodel import Session

from app.domain.clock import RoundClock
from app.domain.compliance import YearFigures, aggregate_rate, not_bound, plan_binds, rate_basis
from app.domain.hierarchy import ArchiveRow
from app.domain.vocabulary import Rule, Status
from app.models import Archive
from app.models.common import Level
from app.models.compliance import BehindTarget, Rollup, RollupAnswer, SubtreeCompliance
from app.services.compliance.answers import reason_answers
from app.services.compliance.items import Judgement, calendar_day
from app.services.compliance.lists import Judged, as_of_year, judge, status_counts
from app.services.compliance.load import load_plan
from app.services.compliance.structure import Frame, Structure, frame_for
from app.services.hierarchy import load_hierarchy

TOP_BEHIND = 10
ON_COURSE = (Status.achieved, Status.on_track)


def rollup(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
    structure: Structure = Structure.as_of,
) -> Rollup:
    """The archive's subtree: counts, aggregate rate, shares, each child's subtree, who is furthest behind
    (in the tree the structure names: app.services.compliance.structure)."""
    plan = load_plan(session, plan_code).spec
    registered = load_hierarchy(session)
    as_of = as_of_year(session, plan, year, registered, approved_only=approved_only)
    frame = frame_for(session, structure, as_of, calendar_day(clock))
    hierarchy = frame.tree
    subtree = hierarchy.subtree(archive.code)
    judged = judge(
        session, plan, as_of, hierarchy, subtree, approved_only=approved_only, lang=lang, clock=clock, frame=frame
    )
    basis, rate_year = rate_basis(judged.targets), min(judged.year, plan.end_year)
    figures = _figures_at(judged, rate_year)
    items = {judgement.archive.code: judgement for judgement in judged.judgements}
    bound = {row.code for row in subtree if plan_binds(plan, hierarchy.chain(row.code))}
    children = [
        row
        for row in subtree
        if row.parent_code == archive.code and bound.intersection(_codes(hierarchy.subtree(row.code)))
    ]
    root = hierarchy.by_code.get(archive.code) or registered.by_code[archive.code]  # not open then: counts nothing
    whole = _subtree(frame, root, _codes(subtree), items, figures, basis)
    reasons = [] if bound else reason_answers(not_bound(plan, archive.code).reasons, lang)
    return Rollup.model_construct(
        **dict(whole),
        plan=plan.code,
        year=judged.year,
        structure=structure,
        rate_year=rate_year,
        basis=basis,
        approved_only=approved_only,
        children=[
            _subtree(frame, child, _codes(hierarchy.subtree(child.code)), items, figures, basis) for child in children
        ],
        furthest_behind=furthest_behind(judged.judgements),
        reasons=reasons,
    )


def rollup_series(
    session: Session,
    archive: Archive,
    plan_code: str,
    years: range,
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
    structure: Structure = Structure.as_of,
) -> RollupAnswer:
    """One rollup per year of the range, oldest first; the answer's own figures are the last year's."""
    series = [
        rollup(
            session, archive, plan_code, year, approved_only=approved_only, lang=lang, clock=clock, structure=structure
        )
        for year in years
    ]
    return RollupAnswer.model_construct(**dict(series[-1]), series=series)


def _figures_at(judged: Judged, year: int) -> dict[str, YearFigures]:
    """Each judged archive's report for the year, if it has one."""
    found = {}
    for code, reports in judged.reports.items():
        for figures in reports:
            if figures.year == year:
                found[code] = figures
    return found


def _subtree(
    frame: Frame,
    root: ArchiveRow,
    codes: Iterable[str],
    items: dict[str, Judgement],
    figures: dict[str, YearFigures],
    basis: str,
) -> SubtreeCompliance:
    judged = [code for code in codes if code in items]
    done, held, reported = aggregate_rate((figures[code] for code in judged if code in figures), basis)
    counts = status_counts(items[code].status for code in judged)
    shown, name_in_year = frame.shown(root)
    return SubtreeCompliance.model_construct(
        archive_code=root.code,
        archive_name=shown.name,
        name_in_year=name_in_year,
        level=Level(root.level),
        archives=len(judged),
        counts=counts,
        aggregate_rate_pct=100 * done / held if held else None,
        reported_archives=reported,
        share_achieved_pct=_share(counts[Status.achieved], len(judged)),
        share_achieved_or_on_track_pct=_share(sum(counts[status] for status in ON_COURSE), len(judged)),
    )


def _share(count: int, whole: int) -> float | None:
    return 100 * count / whole if whole else None


def furthest_behind(judgements: Iterable[Judgement]) -> list[BehindTarget]:
    """The archives whose reach_rate rate is furthest below its target, at most TOP_BEHIND."""
    behind = []
    for judgement in judgements:
        for rule in judgement.result.rules:
            if rule.rule != Rule.reach_rate or rule.rate_pct is None or rule.status == Status.achieved:
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
            status=Status(rule.status),
            rate_pct=rule.rate_pct,
            target_pct=rule.target.value,
            gap_pp=gap,
        )
        for gap, archive, rule in behind[:TOP_BEHIND]
    ]


def _codes(archives: Iterable[ArchiveRow]) -> list[str]:
    return [archive.code for archive in archives]
