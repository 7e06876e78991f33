"""Plausibility checks on a year's report: the checks as a table of data, each run by a pure function.

A check reads the report, the archive's earlier reports ("last year" is the report of
year - 1) and the spread of the increases of its peers (same level, same province) in the same year.
A finding never refuses a write: it is shown with the report until the figures change.

  code                    severity  fires when (thresholds in CHECKS)
  cumulative_decreased    warning   a cumulative figure (holdings; digitized volumes, items, pages) is below last year's
  digit_slip              warning   a figure is 0.08-0.12x or 8-12x last year's (last year's at least 100)
  rate_fell               warning   the rate (volumes+items where both years have both, else volumes) fell over 5 points
  rate_rose               warning   the rate rose more than 40 points in one year
  holdings_jump           warning   a holdings figure grew more than 30% in one year
  pages_per_unit          warning   digitized pages per digitized volume+item outside [3, 600]
  pages_per_unit_drift    warning   that ratio is more than 3x away from the median of the archive's earlier years
  fewer_pages_than_units  error     fewer digitized pages than digitized volumes+items (every unit has a page)
  catalog_below_items     warning   catalog entries below digitized items
  fulltext_above_pages    warning   full-text pages above digitized pages
  peer_outlier            warning   the year's increase of digitized volumes+items has a modified z-score
                                    (0.6745 (x - median) / MAD, over the peers and the archive: PeerSpread)
                                    above 3.5, with at least 8 peers; no finding when MAD is 0
Every comparison is exact (Fraction); nothing here reads the clock, the settings or the database.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction
from statistics import median

from app.domain.figures import CUMULATIVE_NAMES, DIGITIZED_NAMES, HOLDINGS_NAMES
from app.domain.rates import YearFigures, denominator, digitized
from app.domain.report_checks import figure_label_zh

# The figures each check reads (app.domain.figures): both figures of every pair (holdings first) may
# not fall; every cumulative figure may slip a digit; a holdings figure may not jump.
CUMULATIVE_FIELDS = (*HOLDINGS_NAMES, *DIGITIZED_NAMES)
HOLDINGS_FIELDS = HOLDINGS_NAMES
SLIP_FIELDS = (*CUMULATIVE_FIELDS, *(name for name in CUMULATIVE_NAMES if name not in CUMULATIVE_FIELDS))
UNITS_FIELD = "digitized_volumes+digitized_items"


class Severity(StrEnum):
    """How sure a check is that the figures are wrong: `error` where they cannot be right."""

    warning = "warning"
    error = "error"


@dataclass(frozen=True, slots=True)
class CheckInput:
    """What a check reads: the report, the archive's earlier reports by year, the spread of its peers' increases."""

    report: YearFigures
    earlier: Mapping[int, YearFigures] = field(default_factory=dict)
    peers: "PeerSpread | None" = None

    @property
    def last_year(self) -> YearFigures | None:
        """The archive's report of the year before, if any."""
        return self.earlier.get(self.report.year - 1)


@dataclass(frozen=True, slots=True)
class Finding:
    """A check that fired: which, on which field, how sure, and why in both languages."""

    code: str
    field: str
    severity: Severity
    en: str
    zh: str


Hit = tuple[str, dict[str, str]]  # the field, and the values the message names
Thresholds = Mapping[str, Fraction]


@dataclass(frozen=True)
class Check:
    """One plausibility check: its code, severity, message templates, thresholds and rule."""

    code: str
    severity: Severity
    en: str
    zh: str
    thresholds: Thresholds
    rule: Callable[[CheckInput, Thresholds], Iterable[Hit]]


def _n(value: int | Fraction) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{float(value):,.2f}"


def _figure(report: YearFigures, name: str) -> int | None:
    value: int | None = getattr(report, name)
    return value


def units(report: YearFigures) -> int | None:
    """Digitized volumes plus items (items unknown count as none reported)."""
    if report.digitized_volumes is None:
        return None
    return report.digitized_volumes + (report.digitized_items or 0)


def _pairs(data: CheckInput, names: Sequence[str]) -> Iterable[tuple[str, int, int]]:
    """(field, this year's value, last year's value) where both are known."""
    last = data.last_year
    if last is None:
        return
    for name in names:
        now, before = _figure(data.report, name), _figure(last, name)
        if now is not None and before is not None:
            yield name, now, before


def _decreased(data: CheckInput, _limits: Thresholds) -> Iterable[Hit]:
    for name, now, before in _pairs(data, CUMULATIVE_FIELDS):
        if now < before:
            yield name, {"value": _n(now), "previous": _n(before)}


def _within(now: int, before: int, band: tuple[int, int, int, int]) -> bool:
    """low <= now / before <= high (band: low's and high's numerators and denominators), in whole numbers."""
    low_n, low_d, high_n, high_d = band
    return low_n * before <= now * low_d and now * high_d <= high_n * before


def _digit_slip(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    bands = [
        (low.numerator, low.denominator, high.numerator, high.denominator)
        for low, high in ((limits["low_min"], limits["low_max"]), (limits["high_min"], limits["high_max"]))
    ]
    for name, now, before in _pairs(data, SLIP_FIELDS):
        if before >= limits["min_previous"] and any(_within(now, before, band) for band in bands):
            yield name, {"value": _n(now), "previous": _n(before), "ratio": _n(Fraction(now, before))}


RatePart = tuple[int, int]  # (digitized, held) on the rate's basis


def _rate_part(report: YearFigures, basis: str) -> RatePart | None:
    done, held = digitized(report, basis), denominator(report, basis)
    return None if not held or done is None else (done, held)


def _rate_change(data: CheckInput) -> tuple[RatePart, RatePart] | None:
    """This year's and last year's rate, on volumes+items where both years report both, else on volumes."""
    last = data.last_year
    if last is None:
        return None
    for basis in ("volumes_items", "volumes"):
        now, before = _rate_part(data.report, basis), _rate_part(last, basis)
        if now is not None and before is not None:
            return now, before
    return None


def _points_above(higher: RatePart, lower: RatePart, limit: Fraction) -> bool:
    """rate(higher) - rate(lower) > limit percentage points, in whole numbers."""
    (done_1, held_1), (done_0, held_0) = higher, lower
    return 100 * (done_1 * held_0 - done_0 * held_1) * limit.denominator > limit.numerator * held_0 * held_1


def _rates(now: RatePart, before: RatePart) -> dict[str, str]:
    return {"value": _n(Fraction(100 * now[0], now[1])), "previous": _n(Fraction(100 * before[0], before[1]))}


def _rate_fell(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    rates = _rate_change(data)
    if rates is not None and _points_above(rates[1], rates[0], limits["max_fall_pp"]):
        yield "rate_pct", _rates(*rates)


def _rate_rose(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    rates = _rate_change(data)
    if rates is not None and _points_above(rates[0], rates[1], limits["max_rise_pp"]):
        yield "rate_pct", _rates(*rates)


def _holdings_jump(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    for name, now, before in _pairs(data, HOLDINGS_FIELDS):
        growth = limits["max_growth"]
        if before > 0 and (now - before) * growth.denominator > growth.numerator * before:
            yield (
                name,
                {"value": _n(now), "previous": _n(before), "growth_pct": _n(Fraction(100 * (now - before), before))},
            )


def pages_per_unit(report: YearFigures) -> Fraction | None:
    """Digitized pages per digitized volume+item; None when either is unknown or no unit is digitized."""
    count = units(report)
    if report.digitized_pages is None or not count:
        return None
    return Fraction(report.digitized_pages, count)


def _pages_per_unit(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    ratio = pages_per_unit(data.report)
    if ratio is not None and not limits["min"] <= ratio <= limits["max"]:
        yield "digitized_pages", {"ratio": _n(ratio)}


def _pages_per_unit_drift(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    ratio = pages_per_unit(data.report)
    history = [r for year, report in data.earlier.items() if year < data.report.year if (r := pages_per_unit(report))]
    if ratio is None or not history:
        return
    usual = Fraction(median(history))
    if ratio > usual * limits["max_factor"] or ratio * limits["max_factor"] < usual:
        yield "digitized_pages", {"ratio": _n(ratio), "median": _n(usual)}


def _fewer_pages_than_units(data: CheckInput, _limits: Thresholds) -> Iterable[Hit]:
    count, pages = units(data.report), data.report.digitized_pages
    if count is not None and pages is not None and pages < count:
        yield "digitized_pages", {"value": _n(pages), "units": _n(count)}


def _catalog_below_items(data: CheckInput, _limits: Thresholds) -> Iterable[Hit]:
    entries, items = data.report.catalog_entries, data.report.digitized_items
    if entries is not None and items is not None and entries < items:
        yield "catalog_entries", {"value": _n(entries), "items": _n(items)}


def _fulltext_above_pages(data: CheckInput, _limits: Thresholds) -> Iterable[Hit]:
    fulltext, pages = data.report.fulltext_pages, data.report.digitized_pages
    if fulltext is not None and pages is not None and fulltext > pages:
        yield "fulltext_pages", {"value": _n(fulltext), "pages": _n(pages)}


def yearly_increase(data: CheckInput) -> int | None:
    """This year's increase of digitized volumes+items over last year's, if both are known."""
    last = data.last_year
    now, before = units(data.report), None if last is None else units(last)
    return None if now is None or before is None else now - before


def exact_median(values: Sequence[int]) -> Fraction:
    """The median of whole numbers, exactly."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Fraction(ordered[middle])
    return Fraction(ordered[middle - 1] + ordered[middle], 2)


@dataclass(frozen=True, slots=True)
class PeerSpread:
    """The year's increases over an archive and its peers: how many peers, the median and the MAD."""

    peers: int
    centre: Fraction
    spread: Fraction


def peer_spread(sample: Sequence[int]) -> PeerSpread:
    """The spread of the sample: the archive's own increase and its peers' (one computation for a whole group).

    Twice the median is a whole number, so the deviations are sorted as whole numbers (fast)."""
    centre = exact_median(sample)
    twice_centre = int(2 * centre)
    return PeerSpread(len(sample) - 1, centre, exact_median([abs(2 * x - twice_centre) for x in sample]) / 2)


def modified_z(value: int, sample: Sequence[int]) -> Fraction | None:
    """0.6745 (value - median) / MAD over the sample; None when MAD is 0."""
    return _z(value, peer_spread(sample))


def _z(value: int, spread: PeerSpread) -> Fraction | None:
    return None if spread.spread == 0 else Fraction(6745, 10000) * (value - spread.centre) / spread.spread


def _peer_outlier(data: CheckInput, limits: Thresholds) -> Iterable[Hit]:
    increase, peers = yearly_increase(data), data.peers
    if increase is None or peers is None or peers.peers < limits["min_peers"]:
        return
    score = _z(increase, peers)
    if score is not None and abs(score) > limits["max_z"]:
        yield UNITS_FIELD, {"value": _n(increase), "median": _n(peers.centre), "z": _n(score)}


def _f(text: str) -> Fraction:
    return Fraction(text)


# The checks, in the order their findings are listed. Messages name {field} and the rule's values.
CHECKS: tuple[Check, ...] = (
    Check("cumulative_decreased", Severity.warning,
          "{field} fell from {previous} to {value}: cumulative totals do not decrease",
          "{field} 由 {previous} 降至 {value}：累计数不应减少", {}, _decreased),
    Check("digit_slip", Severity.warning,
          "{field} is {ratio}x last year's {previous} ({value}): a digit dropped or added?",
          "{field} 为上年 {previous} 的 {ratio} 倍（{value}）：是否多写或漏写了一位？",
          {"low_min": _f("0.08"), "low_max": _f("0.12"), "high_min": _f("8"), "high_max": _f("12"),
           "min_previous": _f("100")}, _digit_slip),
    Check("rate_fell", Severity.warning,
          "the digitization rate fell from {previous}% to {value}% (more than 5 points in a year)",
          "数字化率由 {previous}% 降至 {value}%（一年下降超过 5 个百分点）", {"max_fall_pp": _f("5")}, _rate_fell),
    Check("rate_rose", Severity.warning,
          "the digitization rate rose from {previous}% to {value}% (more than 40 points in a year)",
          "数字化率由 {previous}% 升至 {value}%（一年上升超过 40 个百分点）", {"max_rise_pp": _f("40")}, _rate_rose),
    Check("holdings_jump", Severity.warning,
          "{field} grew {growth_pct}% in a year ({previous} to {value}; more than 30%)",
          "{field} 一年增长 {growth_pct}%（{previous} 至 {value}，超过 30%）", {"max_growth": _f("0.3")},
          _holdings_jump),
    Check("pages_per_unit", Severity.warning,
          "{ratio} digitized pages per digitized volume or item (expected between 3 and 600)",
          "每卷（件）数字化页数为 {ratio}（正常范围 3 至 600）", {"min": _f("3"), "max": _f("600")}, _pages_per_unit),
    Check("pages_per_unit_drift", Severity.warning,
          "{ratio} digitized pages per volume or item, more than 3x away from this archive's usual {median}",
          "每卷（件）数字化页数为 {ratio}，与本馆往年中位数 {median} 相差超过 3 倍", {"max_factor": _f("3")},
          _pages_per_unit_drift),
    Check("fewer_pages_than_units", Severity.error,
          "{value} digitized pages for {units} digitized volumes and items: every one has at least a page",
          "数字化页数 {value} 少于数字化卷（件）数 {units}：每卷（件）至少一页", {}, _fewer_pages_than_units),
    Check("catalog_below_items", Severity.warning,
          "{value} catalog entries for {items} digitized items: every item should have an entry",
          "目录条目 {value} 条少于数字化件数 {items}", {}, _catalog_below_items),
    Check("fulltext_above_pages", Severity.warning,
          "{value} full-text pages but only {pages} digitized pages",
          "全文页数 {value} 多于数字化页数 {pages}", {}, _fulltext_above_pages),
    Check("peer_outlier", Severity.warning,
          "this year's increase of digitized volumes and items ({value}) is far from its peers' (median {median}; "
          "modified z-score {z})",
          "本年数字化卷（件）增量 {value} 远离同级同省档案馆（中位数 {median}，修正 z 分数 {z}）",
          {"min_peers": _f("8"), "max_z": _f("3.5")}, _peer_outlier),
)  # fmt: skip
CHECKS_BY_CODE: dict[str, Check] = {check.code: check for check in CHECKS}


def field_label_zh(name: str) -> str:
    """A finding's figure by its Chinese label (a sum of figures: each label, joined with +)."""
    return "+".join(figure_label_zh(part) for part in name.split("+"))


def run_check(check: Check, data: CheckInput) -> list[Finding]:
    """What one check finds in the report."""
    return [
        Finding(
            check.code,
            name,
            check.severity,
            check.en.format(field=name, **values),
            check.zh.format(field=field_label_zh(name), **values),
        )
        for name, values in check.rule(data, check.thresholds)
    ]


def run_checks(data: CheckInput, checks: Sequence[Check] = CHECKS) -> list[Finding]:
    """Every finding of every check, in the table's order."""
    return [finding for check in checks for finding in run_check(check, data)]
