"""Plans, targets, and which stored targets bind one archive.

Selection rules (select_targets):
- Targets are keyed by rule for reach_rate and min_growth (a plan has one of each per
  archive), and by (rule, basis, year) for annual_quota (one quota per metric and year).
- Per key, a row for the archive itself (archive_code) wins: scope "override".
- Else a default row for the archive's level whose kind is unset or is the archive's
  kind: scope "default". A kind-specific default beats a kind-less one.
- Rows for other archives, other levels or other kinds are ignored.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

RULES = ("reach_rate", "min_growth", "annual_quota")


@dataclass(frozen=True, slots=True)
class TargetSpec:
    rule: str  # "reach_rate" | "min_growth" | "annual_quota"
    value: float
    unit: str  # "pct" | "pp" or "relative_pct" (min_growth) | a count unit (annual_quota)
    basis: str  # rate basis, or the quota's metric
    scope: str = "default"  # "default" (level/kind) or "override" (archive-specific)
    target_id: int | None = None
    year: int | None = None  # annual_quota only: the one year it is for (None = every year)


def target_value(target: TargetSpec) -> Fraction:
    """The value as the decimal it was written as: 80.1 is 801/10, not the float nearest it."""
    return _as_written(target.value)


@lru_cache(maxsize=4096)
def _as_written(value: float) -> Fraction:
    """Read once per distinct value: a whole country's archives share a handful of target values."""
    return Fraction(str(value))


@dataclass(frozen=True, slots=True)
class PlanSpec:
    code: str
    start_year: int
    end_year: int
    baseline_year: int | None = None


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


# How closely a row addresses an archive; per key the closest row wins.
_BY_CODE, _BY_LEVEL_AND_KIND, _BY_LEVEL = 2, 1, 0


def _closeness(row: TargetRow, *, archive_code: str, level: str, kind: str) -> int | None:
    """How closely the row addresses the archive; None if it is for another one."""
    if row.archive_code is not None:
        return _BY_CODE if row.archive_code == archive_code else None
    if row.level != level or row.kind not in (None, kind):
        return None
    return _BY_LEVEL if row.kind is None else _BY_LEVEL_AND_KIND


def _target_key(row: TargetRow) -> tuple[object, ...]:
    if row.rule == "annual_quota":
        return (row.rule, row.basis, row.year)
    return (row.rule,)


def select_targets(rows: Iterable[TargetRow], *, archive_code: str, level: str, kind: str) -> list[TargetSpec]:
    """The targets binding one archive: per key its own row, else its level's default."""
    chosen: dict[tuple[object, ...], tuple[int, TargetRow]] = {}
    for row in rows:
        closeness = _closeness(row, archive_code=archive_code, level=level, kind=kind)
        key = _target_key(row)
        if closeness is not None and (key not in chosen or closeness > chosen[key][0]):
            chosen[key] = (closeness, row)
    return [
        TargetSpec(
            rule=row.rule,
            value=row.value,
            unit=row.unit,
            basis=row.basis,
            scope="override" if closeness == _BY_CODE else "default",
            target_id=row.target_id,
            year=row.year,
        )
        for closeness, row in chosen.values()
    ]
