"""The closed vocabulary of the compliance rules: rules, statuses, rate bases, units, metrics.

Rules stated here, as data:
- STATUSES_WORST_FIRST orders the statuses from worst to best; an archive's overall
  status is the worst of its rules'. Not reporting is never better than reporting a rate
  short of the target: `missed` (which also covers no final report) comes first, and
  `no_data` ranks below every status a reported figure can earn except `missed`.
- STATUS_LABELS names each status for people, in English and Chinese.
- Each Basis is a way of counting a digitization rate; each Metric a cumulative count a
  quota reads; each Unit what a target value is measured in.
"""

from enum import StrEnum


class Rule(StrEnum):
    """What a target asks."""

    reach_rate = "reach_rate"
    min_growth = "min_growth"
    annual_quota = "annual_quota"


class Status(StrEnum):
    """A rule's or an archive's standing, listed from worst to best."""

    missed = "missed"
    no_data = "no_data"
    off_track = "off_track"
    insufficient_data = "insufficient_data"
    at_risk = "at_risk"
    on_track = "on_track"
    not_started = "not_started"
    achieved = "achieved"


STATUSES_WORST_FIRST: tuple[Status, ...] = (
    Status.missed,
    Status.no_data,
    Status.off_track,
    Status.insufficient_data,
    Status.at_risk,
    Status.on_track,
    Status.not_started,
    Status.achieved,
)

STATUS_LABELS: dict[str, dict[str, str]] = {
    Status.achieved: {"en": "achieved", "zh": "已达标"},
    Status.not_started: {"en": "not started", "zh": "规划未开始"},
    Status.on_track: {"en": "on track", "zh": "进度正常"},
    Status.at_risk: {"en": "at risk", "zh": "存在风险"},
    Status.off_track: {"en": "off track", "zh": "进度滞后"},
    Status.insufficient_data: {"en": "insufficient data", "zh": "数据不足"},
    Status.no_data: {"en": "no data", "zh": "未报送"},
    Status.missed: {"en": "missed", "zh": "未达标"},
}


class Basis(StrEnum):
    """How a digitization rate is counted."""

    volumes = "volumes"
    items = "items"
    volumes_items = "volumes_items"
    pages = "pages"


class Metric(StrEnum):
    """The cumulative count an annual quota reads."""

    pages = "pages"
    volumes = "volumes"
    items = "items"
    catalog_entries = "catalog_entries"
    fulltext_pages = "fulltext_pages"


class Unit(StrEnum):
    """What a target's value is measured in."""

    pct = "pct"  # a rate in percent (reach_rate)
    pp = "pp"  # percentage points a year (min_growth)
    relative_pct = "relative_pct"  # percent of the earlier rate a year (min_growth)
    pages = "pages"
    volumes = "volumes"
    items = "items"
    entries = "entries"


class Scope(StrEnum):
    """Whether a target is a default (for a level and kind) or set for the archive itself."""

    default = "default"
    override = "override"


# The rules whose targets are rates, in the order their basis is preferred for a chart or a sum.
RATE_RULES = (Rule.reach_rate, Rule.min_growth)
DEFAULT_BASIS = Basis.volumes
