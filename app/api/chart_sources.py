"""The charts' figures, read from the compliance service (the same figures as its JSON).

- An archive's chart spans the plan's baseline year (else its start year; or its first
  report, if earlier)
  to the plan's end year (or the as-of year, if later). Its rates are the compliance
  series; target, projection and growth come from its reach_rate result (a standalone
  min_growth target gives the growth path when no reach_rate applies).
- The growth path (app.services.compliance.growth_path) is drawn only while the target is
  neither achieved nor out of time.
- A rollup chart's bars are the children's own rates on their reach_rate (else their
  first rule with a rate), with their own targets, highest rate first (no rate last);
  the diamonds are their subtrees' aggregates, where an archive below them reported too.
"""

from sqlmodel import Session

from app.domain.clock import RoundClock
from app.domain.vocabulary import Rule, Status, Unit
from app.i18n import Text
from app.models import Archive, Plan
from app.models.compliance import (
    ArchiveCompliance,
    ArchiveComplianceDetail,
    JudgedTarget,
    RuleCompliance,
)
from app.present.charts.labels import GROWTH_PATH, number
from app.present.charts.progress import ProgressChart, draw_progress
from app.present.charts.rollup import ChildBar, RollupChart, draw_rollup
from app.services.compliance.archive import archive_compliance
from app.services.compliance.growth_path import growth_path
from app.services.compliance.lists import ComplianceFilters, filtered_compliance
from app.services.compliance.rollup import rollup
from app.services.plans import get_plan

PLAN_LABEL_LENGTH = 30


def archive_chart_svg(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
) -> str:
    """An archive's progress chart for a plan, as SVG."""
    detail = archive_compliance(session, archive, plan_code, year, approved_only=approved_only, lang=lang, clock=clock)
    return draw_progress(progress_chart(detail, get_plan(session, plan_code)), lang)


def progress_chart(detail: ArchiveComplianceDetail, plan: Plan) -> ProgressChart:
    """What the archive's chart shows."""
    rates = [
        (point.year, point.rate_pct)
        for point in detail.series
        if point.rate_pct is not None and point.year <= detail.year
    ]
    reach = _rule(detail.rules, Rule.reach_rate)
    growth = _growth_target(detail.rules, reach)
    now = detail.year
    start = (now, reach.rate_pct) if reach and reach.rate_pct is not None and now < plan.end_year else None
    in_play = start is not None and reach is not None and reach.status != Status.achieved
    projection = (
        [start, (plan.end_year, reach.projected_rate_pct)]
        if start is not None and in_play and reach is not None and reach.projected_rate_pct is not None
        else []
    )
    return ProgressChart(
        archive_name=detail.archive_name,
        plan_label=_plan_label(plan),
        status=detail.status,
        as_of_year=now,
        basis=detail.series_basis,
        first_year=min([plan.baseline_year or plan.start_year, *(year for year, _ in rates)]),
        last_year=max(plan.end_year, now),
        end_year=plan.end_year,
        rates=rates,
        target_pct=reach.target.value if reach else None,
        projection=projection,
        growth_path=growth_path(start, growth, plan.end_year) if in_play and growth else [],
        growth_label=_growth_label(growth),
    )


def rollup_chart_svg(
    session: Session,
    archive: Archive,
    plan_code: str,
    year: int | None,
    *,
    approved_only: bool,
    lang: str,
    clock: RoundClock,
) -> str:
    """The chart of the archives directly below one archive, as SVG."""
    whole = rollup(session, archive, plan_code, year, approved_only=approved_only, lang=lang, clock=clock)
    filters = ComplianceFilters(parent_code=archive.code, approved_only=approved_only)
    items = {
        item.archive_code: item
        for item in filtered_compliance(session, plan_code, whole.year, filters, lang, clock).items
    }
    children = sorted(
        (
            _child_bar(
                child.archive_name,
                items.get(child.archive_code),
                child.aggregate_rate_pct if child.reported_archives > 1 else None,
            )
            for child in whole.children
        ),
        key=lambda bar: (bar.rate_pct is None, -(bar.rate_pct or 0)),
    )
    chart = RollupChart(
        archive_name=whole.archive_name,
        plan_label=_plan_label(get_plan(session, plan_code)),
        year=whole.year,
        basis=whole.basis,
        aggregate_rate_pct=whole.aggregate_rate_pct,
        children=children,
    )
    return draw_rollup(chart, lang)


def _child_bar(name: str, item: ArchiveCompliance | None, subtree_rate: float | None) -> ChildBar:
    if item is None:
        return ChildBar(name, None, None, None, subtree_rate)
    rule = _rule(item.rules, Rule.reach_rate) or next((r for r in item.rules if r.rate_pct is not None), None)
    target = rule.target.value if rule is not None and rule.rule == Rule.reach_rate else None
    return ChildBar(name, item.status, rule.rate_pct if rule else None, target, subtree_rate)


def _rule(rules: list[RuleCompliance], name: str) -> RuleCompliance | None:
    return next((rule for rule in rules if rule.rule == name), None)


def _growth_target(rules: list[RuleCompliance], reach: RuleCompliance | None) -> JudgedTarget | None:
    if reach is not None:
        return reach.fallback.target if reach.fallback else None
    standalone = _rule(rules, Rule.min_growth)
    return standalone.target if standalone else None


def _growth_label(growth: JudgedTarget | None) -> Text | None:
    if growth is None or growth.unit not in GROWTH_PATH:
        return None
    words, value = GROWTH_PATH[Unit(growth.unit)], number(growth.value)
    return Text(words.en.format(value=value), words.zh.format(value=value))


def _plan_label(plan: Plan) -> str:
    label = f"{plan.code} {plan.name}"
    return label if len(label) <= PLAN_LABEL_LENGTH else label[: PLAN_LABEL_LENGTH - 1] + "…"
