"""Earlier years in today's structure: each archive's figures carried forward through the merges and splits since.

A statistical office publishes a series in today's boundaries by carrying every earlier year
through each change of boundary that came after it (Eurostat's back-cast NUTS series); this is
that, for year-end reports (`structure=current`). `structure=as_of` needs nothing from here:
each archive is judged on its own reports, in the tree as it stood.

Rules, for one year Y (a year-end report: a change dated D touches the years Y < D.year):
1. Start from the archives open on 31 December of Y, each holding its own report for Y, or none.
2. Apply each succession dated after that year, oldest first (one date: in the order given):
   - a merge (sources -> into): `into` holds the sum, figure by figure, of the sources' figures
     and its own when it was open and is not a source; a figure unknown in any part is unknown;
     a part with no report leaves the sum with no report (a sum missing a part is not a figure).
     The sources other than `into` leave.
   - a split (source -> successors, `shares` per successor and figure): each successor adds its
     share of the source's figure, in whole units apportioned by the largest remainder (the parts
     then add up exactly to the source's figure); a source that stays open keeps the rest (its
     share is 1 - the successors'). A figure some successor has no share of is unknown for every
     part. A split recorded without shares gives its successors no figures for Y (no report), and
     the source, if it stays open, keeps its own.
   - a part not open on 31 December of Y holds nothing and adds nothing.
3. An archive's figures for Y are what it holds at the end. An archive no succession after Y
   touches keeps its own report, unchanged; a report is approved when every part was.
`MAPPED_SERIES` is the reason a rule gives when the years it read were carried forward (and a
year of an archive's series, when its figures were).
`NOT_OPEN` is the answer for one archive that is not in the tree judged: not open on 31 December
of the year (as_of), or closed today (current); it names the day and when it opened or closed.
"""

from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from fractions import Fraction
from math import floor
from typing import NamedTuple, Protocol

from app.domain.rates import YearFigures
from app.domain.results import ArchiveResult, Reason, RuleResult
from app.domain.series import SeriesYear
from app.domain.vocabulary import Rule


class Structure(StrEnum):
    """Which tree a year is judged in: as it stood on 31 December of the year, or as it stands today."""

    as_of = "as_of"
    current = "current"


# The figures a report states (every field of YearFigures but its year and approval).
FIGURES: tuple[str, ...] = tuple(name for name in YearFigures._fields if name not in ("year", "approved"))
MAPPED_SERIES = "mapped_series"
NOT_OPEN = "not_open"
MERGE, SPLIT = "merge", "split"

Shares = Mapping[str, Mapping[str, Fraction]]  # successor code -> figure -> its share of the source's figure


@dataclass(frozen=True, slots=True)
class Succession:
    """A merge (several sources -> one successor) or a split (one source -> several), dated."""

    kind: str  # MERGE or SPLIT
    effective_on: date
    sources: tuple[str, ...]
    successors: tuple[str, ...]
    shares: Shares | None = None  # a split's; None: recorded without shares
    source_stays_open: bool = False  # a split's

    def __post_init__(self) -> None:
        if self.kind == MERGE and len(self.successors) != 1:
            raise ValueError("a merge has one successor")
        if self.kind == SPLIT and len(self.sources) != 1:
            raise ValueError("a split has one source")
        if self.kind not in (MERGE, SPLIT):
            raise ValueError(f"unknown succession kind {self.kind!r}")
        for figures in (self.shares or {}).values():
            if any(not 0 <= share <= 1 for share in figures.values()):
                raise ValueError("a share is between 0 and 1")
        for name in FIGURES:
            if sum((part.get(name, Fraction(0)) for part in (self.shares or {}).values()), Fraction(0)) > 1:
                raise ValueError(f"the shares of {name} add up to more than the whole")

    def touches(self, year: int) -> bool:
        """Whether the year's year-end figures were reported before this change."""
        return year < self.effective_on.year


class Held(NamedTuple):
    """What an archive holds of one year while the changes are applied: figures (None: no report)
    and the archives whose reports they are made of."""

    figures: YearFigures | None
    parts: frozenset[str]


def _sum(year: int, held: Sequence[Held]) -> Held:
    parts = frozenset().union(*(entry.parts for entry in held))
    reports = [entry.figures for entry in held]
    if not reports or any(figures is None for figures in reports):
        return Held(None, parts)
    known = [figures for figures in reports if figures is not None]
    values = [_total([getattr(figures, name) for figures in known]) for name in FIGURES]
    return Held(YearFigures._make((year, *values, all(figures.approved for figures in known))), parts)


def _total(values: Sequence[int | None]) -> int | None:
    return None if any(value is None for value in values) else sum(value or 0 for value in values)


def apportion(value: int, shares: Sequence[Fraction]) -> list[int]:
    """Whole units for each share of `value`: the floors, then one more unit to the largest remainders
    (the earlier part on a tie) until the parts add up to value x sum(shares), rounded half to even."""
    quotas = [value * share for share in shares]
    floors = [floor(quota) for quota in quotas]
    extra = round(value * sum(shares, Fraction(0))) - sum(floors)
    by_remainder = sorted(range(len(shares)), key=lambda index: (-(quotas[index] - floors[index]), index))
    for index in by_remainder[: max(extra, 0)]:
        floors[index] += 1
    return floors


def _split_figures(source: YearFigures, shares: Sequence[Mapping[str, Fraction]]) -> list[YearFigures]:
    """Each part's figures (shares in order); a figure some part has no share of is unknown for all."""
    columns: list[Sequence[int | None]] = []
    for name in FIGURES:
        value: int | None = getattr(source, name)
        if value is None or any(name not in part for part in shares):
            columns.append([None] * len(shares))
        else:
            columns.append(apportion(value, [part[name] for part in shares]))
    return [YearFigures._make((source.year, *row, source.approved)) for row in zip(*columns, strict=True)]


def _split_held(before: Held, shares: Sequence[Mapping[str, Fraction]]) -> list[Held]:
    if before.figures is None:
        return [Held(None, before.parts) for _ in shares]
    return [Held(figures, before.parts) for figures in _split_figures(before.figures, shares)]


def _apply_split(state: dict[str, Held], year: int, change: Succession) -> None:
    source = change.sources[0]
    before = state.pop(source, None)
    if before is None:  # the source was not open that year: it carries nothing
        return
    if change.shares is None:
        for successor in change.successors:
            own = state.get(successor)
            state[successor] = Held(None, before.parts | (own.parts if own else frozenset()))
        if change.source_stays_open:
            state[source] = before
        return
    shares = [change.shares.get(successor, {}) for successor in change.successors]
    receivers = list(change.successors)
    if change.source_stays_open:
        shares.append(_rest(shares))
        receivers.append(source)
    for receiver, taken in zip(receivers, _split_held(before, shares), strict=True):
        own = state.get(receiver) if receiver != source else None
        state[receiver] = taken if own is None else _sum(year, [own, taken])


def _rest(shares: Sequence[Mapping[str, Fraction]]) -> dict[str, Fraction]:
    """What the source keeps of each figure every successor has a share of."""
    return {
        name: 1 - sum((part[name] for part in shares), Fraction(0))
        for name in FIGURES
        if all(name in part for part in shares)
    }


def _codes(change: Succession) -> tuple[str, ...]:
    return (*change.sources, *change.successors)


def carried_forward(
    year: int,
    reports: Mapping[str, YearFigures],
    open_codes: Collection[str],
    successions: Iterable[Succession],
) -> dict[str, Held]:
    """What each archive a succession after the year touches holds of that year in today's structure.

    reports: the year's own report of each archive; open_codes: those open on 31 December of the
    year (the others hold nothing); successions: every one, in date order."""
    later = [change for change in successions if change.touches(year)]
    touched = {code for change in later for code in _codes(change)}
    state = {code: Held(reports.get(code), frozenset({code})) for code in touched if code in open_codes}
    for change in sorted(later, key=lambda change: change.effective_on):
        if change.kind == MERGE:
            into = change.successors[0]
            parts = [state.pop(code) for code in change.sources if code in state]
            if into in state:
                parts.append(state.pop(into))
            if parts:
                state[into] = _sum(year, parts)
        else:
            _apply_split(state, year, change)
    return state


class CurrentStructure(NamedTuple):
    """Reports in today's structure, and which of their years were carried forward from whose reports."""

    reports: Mapping[str, tuple[YearFigures, ...]]  # archive code -> its reports, oldest first
    carried: Mapping[str, Mapping[int, frozenset[str]]]  # archive -> year -> the archives its figures come from


def in_current_structure(
    reports: Mapping[str, tuple[YearFigures, ...]],
    years: Iterable[int],
    successions: Sequence[Succession],
    open_at_year_end: Mapping[int, Collection[str]],
) -> CurrentStructure:
    """Every archive's reports for the years in today's structure (its own, where nothing after the
    year touched it); open_at_year_end: year -> the archives open on its 31 December."""
    touched = {code for change in successions for code in _codes(change)}
    series = {code: {figures.year: figures for figures in reports.get(code, ())} for code in touched}
    carried: dict[str, dict[int, frozenset[str]]] = {}
    for year in years:
        own = {code: by_year[year] for code, by_year in series.items() if year in by_year}
        held = carried_forward(year, own, open_at_year_end.get(year, ()), successions)
        for code in {code for change in successions if change.touches(year) for code in _codes(change)}:
            by_year, entry = series[code], held.get(code)
            by_year.pop(year, None)
            if entry is not None and entry.figures is not None:
                by_year[year] = entry.figures
            if entry is not None and entry.parts != {code}:
                carried.setdefault(code, {})[year] = entry.parts
    mapped = {code: tuple(by_year[year] for year in sorted(by_year)) for code, by_year in series.items()}
    return CurrentStructure({**reports, **mapped}, carried)


def _years_read(rule: RuleResult) -> set[int]:
    years = {rule.judged_year, rule.growth_from_year, rule.pace_from_year}
    if rule.fallback is not None:
        years.add(rule.fallback.from_year)
    if rule.rule == Rule.annual_quota and rule.judged_year is not None:
        years.add(rule.judged_year - 1)
    return {year for year in years if year is not None}


def with_carried_reason(result: ArchiveResult, carried: Mapping[int, frozenset[str]]) -> ArchiveResult:
    """The result, each rule that read a year carried forward saying so, and from whose reports."""
    if not carried:
        return result
    rules = []
    for rule in result.rules:
        years = sorted(_years_read(rule) & carried.keys())
        if years:
            rule = replace(rule, reasons=(*rule.reasons, _carried_reason(years, carried)))
        rules.append(rule)
    return replace(result, rules=tuple(rules))


def with_carried_series(points: Iterable[SeriesYear], carried: Mapping[int, frozenset[str]]) -> tuple[SeriesYear, ...]:
    """An archive's series, each year carried forward saying so, and from whose reports."""
    return tuple(
        point
        if point.year not in carried
        else replace(point, reasons=(*point.reasons, _carried_reason([point.year], carried)))
        for point in points
    )


def _carried_reason(years: Sequence[int], carried: Mapping[int, frozenset[str]]) -> Reason:
    parts = sorted(frozenset().union(*(carried[year] for year in years)))
    return Reason(MAPPED_SERIES, {"from_year": years[0], "to_year": years[-1], "parts": ", ".join(parts)})


def not_open(archive_code: str, day: date, opened_on: date | None, closed_on: date | None) -> ArchiveResult:
    """The answer for an archive not in the tree taken on `day`: no status, no rules, the reason not_open
    with the day it next opened after `day` and the day it last closed on or before it (None: neither)."""
    facts = {"archive": archive_code, "day": day.isoformat(), "opened_on": opened_on, "closed_on": closed_on}
    return ArchiveResult(None, (), (Reason(NOT_OPEN, facts),))


class Link(Protocol):
    """One predecessor -> successor link as the hierarchy stores it (app.domain.hierarchy)."""

    @property
    def predecessor(self) -> str: ...
    @property
    def successor(self) -> str: ...
    @property
    def effective_date(self) -> date: ...
    @property
    def type(self) -> str: ...
    @property
    def shares(self) -> Mapping[str, Fraction] | None: ...


def successions_of(links: Iterable[Link], open_on: Callable[[str, date], bool]) -> tuple[Succession, ...]:
    """The links taken together, oldest first: a merge's by (day, successor), a split's by (day,
    predecessor). A split's source stays open when open_on(source, day); a split is recorded
    without shares when none of its links has any."""
    merges: dict[tuple[date, str], list[str]] = {}
    splits: dict[tuple[date, str], dict[str, Mapping[str, Fraction] | None]] = {}
    for link in links:
        if link.type == MERGE:
            merges.setdefault((link.effective_date, link.successor), []).append(link.predecessor)
        else:
            splits.setdefault((link.effective_date, link.predecessor), {})[link.successor] = link.shares
    found = [Succession(MERGE, day, tuple(sources), (into,)) for (day, into), sources in merges.items()]
    for (day, source), into in splits.items():
        recorded = {code: shares for code, shares in into.items() if shares is not None}
        found.append(Succession(SPLIT, day, (source,), tuple(into), recorded or None, open_on(source, day)))
    return tuple(sorted(found, key=lambda change: change.effective_on))
