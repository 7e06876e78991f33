"""What makes a target well-formed, as data: which units and bases each rule takes.

- reach_rate: a rate in percent (unit `pct`, value at most 100) on a rate basis.
- min_growth: growth a year, in percentage points (`pp`) or relative percent
  (`relative_pct`), on a rate basis.
- annual_quota: a count a year (unit a count unit) of a counted metric.
"""

from app.domain.vocabulary import Basis, Metric, Rule, Unit

RATE_BASES = tuple(Basis)
QUOTA_METRICS = tuple(Metric)
COUNT_UNITS = (Unit.pages, Unit.volumes, Unit.items, Unit.entries)

UNITS_BY_RULE: dict[str, tuple[Unit, ...]] = {
    Rule.reach_rate: (Unit.pct,),
    Rule.min_growth: (Unit.pp, Unit.relative_pct),
    Rule.annual_quota: COUNT_UNITS,
}
BASES_BY_RULE: dict[str, tuple[str, ...]] = {
    Rule.reach_rate: RATE_BASES,
    Rule.min_growth: RATE_BASES,
    Rule.annual_quota: QUOTA_METRICS,
}


def target_problem(*, rule: str, value: float, unit: str, basis: str, year: int | None) -> tuple[str, str] | None:
    """The first thing wrong with a target as (field, message), or None when it is well-formed."""
    if unit not in UNITS_BY_RULE[rule]:
        return "unit", f"{rule} takes unit {' or '.join(UNITS_BY_RULE[rule])}, not {unit!r}"
    if basis not in BASES_BY_RULE[rule]:
        return "basis", f"{rule} takes basis {', '.join(BASES_BY_RULE[rule])}, not {basis!r}"
    if rule == Rule.reach_rate and value > 100:
        return "value", f"a rate target cannot exceed 100%, got {value}"
    if year is not None and rule != Rule.annual_quota:
        return "year", "only an annual_quota names a year"
    return None
