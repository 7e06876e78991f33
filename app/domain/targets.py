"""Plans, targets, and which stored targets bind one archive.

Where a plan and a target apply (an archive's `chain` is its code, its parent's, ... up
to the root):
- A plan with `under` = U binds U and every archive below it (U in the chain), and no
  other; a plan without `under` binds every archive.
- Targets are keyed by rule for reach_rate and min_growth (a plan has one of each per
  archive), and by (rule, metric, year) for annual_quota (one quota per metric and year).
- Per key, the archive's own row (archive_code) wins: scope "override".
- Else, among the default rows for the archive's level (kind unset or the archive's kind)
  whose `under` is in the chain, the one with the nearest `under` (deepest in the tree);
  a row without `under` (plan-wide) comes last. At the same `under`, a kind-specific row
  beats a kind-less one. Scope "default".
- Rows for other archives, levels, kinds or regions are ignored.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from app.domain.vocabulary import Rule, Scope

RULES = tuple(Rule)


class TargetSpec(NamedTuple):
    rule: str  # a Rule
    value: float
    unit: str  # a Unit
    basis: str  # a Basis (rate rules) or a Metric (annual_quota)
    scope: str = Scope.default
    target_id: int | None = None
    year: int | None = None  # annual_quota only: the one year it is for (None = every year)
    under: str | None = None  # a default's region: the archive it applies below (None: plan-wide)


def target_value(target: TargetSpec) -> Fraction:
    """The value as the decimal it was written as: 80.1 is 801/10, not the float nearest it."""
    return as_written(target.value)


@lru_cache(maxsize=4096)
def as_written(value: float) -> Fraction:
    """Read once per distinct value: a whole country's archives share a handful of target values."""
    return Fraction(str(value))


class PlanSpec(NamedTuple):
    code: str
    start_year: int
    end_year: int
    baseline_year: int | None = None
    under: str | None = None  # the archive whose subtree the plan binds (None: every archive)


def plan_binds(plan: PlanSpec, chain: Sequence[str]) -> bool:
    """Whether the plan binds the archive whose chain (itself, its parent, ... the root) is given."""
    return plan.under is None or plan.under in chain


@dataclass(frozen=True, slots=True)
class TargetRow:
    """A stored target as the service loads it."""

    rule: str
    value: float
    unit: str
    basis: str
    level: str | None
    kind: str | None
    archive_code: str | None
    target_id: int | None = None
    year: int | None = None
    under: str | None = None


def _closeness(row: TargetRow, *, chain: Sequence[str], level: str, kind: str) -> tuple[int, int, int] | None:
    """How closely the row addresses the archive (larger is closer); None if it is for another one."""
    if row.archive_code is not None:
        return (1, 0, 0) if row.archive_code == chain[0] else None
    if row.level != level or row.kind not in (None, kind):
        return None
    if row.under is None:
        distance = len(chain)
    elif row.under in chain:
        distance = chain.index(row.under)
    else:
        return None
    return (0, -distance, row.kind is not None)


def target_key(row: TargetRow | TargetSpec) -> tuple[object, ...]:
    """What one target is for: its rule, and for a quota also its metric and year."""
    if row.rule == Rule.annual_quota:
        return (row.rule, row.basis, row.year)
    return (row.rule,)


def select_targets(rows: Iterable[TargetRow], *, chain: Sequence[str], level: str, kind: str) -> list[TargetSpec]:
    """The targets binding one archive: per key its own row, else the nearest default."""
    chosen: dict[tuple[object, ...], tuple[tuple[int, int, int], TargetRow]] = {}
    for row in rows:
        closeness = _closeness(row, chain=chain, level=level, kind=kind)
        key = target_key(row)
        if closeness is not None and (key not in chosen or closeness > chosen[key][0]):
            chosen[key] = (closeness, row)
    return [
        TargetSpec(
            rule=row.rule,
            value=row.value,
            unit=row.unit,
            basis=row.basis,
            scope=Scope.override if row.archive_code is not None else Scope.default,
            target_id=row.target_id,
            year=row.year,
            under=row.under,
        )
        for _, row in chosen.values()
    ]
