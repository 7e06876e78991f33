"""The reason catalogue: what each reason code says, in English ("en") and Chinese ("zh").

- A Reason carries raw numbers; rendering formats them: rates, targets and projections
  as percentages with 1 decimal ("60.0%"), points with 1 decimal ("15.0"), counts with
  thousands separators ("1,000,000"), years as they are.
- Growth always says which kind it is: percentage points, or growth relative to the
  previous rate (and a rise from a rate of 0 is shown as from-to, having no ratio).
- STATUS_LABELS is the one place that names the statuses for people.
"""

from collections.abc import Callable, Mapping

from app.domain.results import Reason

LANGUAGES = ("en", "zh")

STATUS_LABELS: dict[str, dict[str, str]] = {
    "achieved": {"en": "achieved", "zh": "已达标"},
    "on_track": {"en": "on track", "zh": "进度正常"},
    "at_risk": {"en": "at risk", "zh": "存在风险"},
    "off_track": {"en": "off track", "zh": "进度滞后"},
    "missed": {"en": "missed", "zh": "未达标"},
    "no_data": {"en": "no data", "zh": "未报送"},
    "insufficient_data": {"en": "insufficient data", "zh": "数据不足"},
}

_GROWTH_MET = "{previous_year}-{year}: {growth} (target: {growth_target})"
_GROWTH_MET_ZH = "{previous_year}—{year}年{growth}（目标：{growth_target}）"
_PROJECTION = "rate {rate} in {year}; at {pace} points a year it reaches {projected} by {end_year}"
_PROJECTION_ZH = "{year}年数字化率{rate}；按每年{pace}个百分点的进度，到{end_year}年"

REASON_TEMPLATES: dict[str, dict[str, str]] = {
    "no_report": {"en": "no report for {year}", "zh": "{year}年未报送数据"},
    "zero_denominator": {
        "en": "the {year} report has zero holdings by {basis}, so it gives no rate",
        "zh": "{year}年报表按{basis}计的馆藏为0，无法计算数字化率",
    },
    "unknown_figures": {
        "en": "the {year} report does not state the figures a rate by {basis} needs",
        "zh": "{year}年报表缺少按{basis}计算数字化率所需的数据",
    },
    "target_reached": {
        "en": "rate {rate} in {year} >= target {target}",
        "zh": "{year}年数字化率{rate}，已达到目标{target}",
    },
    "deadline_missed": {
        "en": "the plan ended in {year} with rate {rate} < target {target}, {gap} points short",
        "zh": "规划期末{year}年数字化率{rate}，低于目标{target}，差{gap}个百分点",
    },
    "no_pace_history": {
        "en": "rate {rate} in {year}, but no rate for {from_year}-{to_year} to measure a pace from",
        "zh": "{year}年数字化率{rate}，但{from_year}—{to_year}年均无数字化率，无法测算进度",
    },
    "projected_reaches_target": {
        "en": _PROJECTION + " >= {target}",
        "zh": _PROJECTION_ZH + "可达{projected}，不低于目标{target}",
    },
    "projected_short": {
        "en": _PROJECTION + ", {gap} points short of {target}; reaching it needs"
        " {required_pp_per_year} points a year (about {required_per_year} {basis} a year)",
        "zh": _PROJECTION_ZH + "只能达到{projected}，距目标{target}差{gap}个百分点；"
        "需每年提高{required_pp_per_year}个百分点（约每年{required_per_year}{basis}）",
    },
    "fallback_growth_met": {
        "en": _GROWTH_MET + "; the minimum-growth fallback is met",
        "zh": _GROWTH_MET_ZH + "，满足最低增速要求",
    },
    "fallback_growth_not_met": {
        "en": _GROWTH_MET + "; the minimum-growth fallback is not met either",
        "zh": _GROWTH_MET_ZH + "，也未满足最低增速要求",
    },
    "growth_met": {"en": _GROWTH_MET + ", met", "zh": _GROWTH_MET_ZH + "，已达到最低增速"},
    "growth_not_met": {"en": _GROWTH_MET + ", not met", "zh": _GROWTH_MET_ZH + "，未达到最低增速"},
    "no_previous_year": {
        "en": "no rate by {basis} for {previous_year}, so growth into {year} cannot be judged",
        "zh": "{previous_year}年无按{basis}计的数字化率，无法判断{year}年的增长",
    },
    "quota_met": {
        "en": "{added} {metric} added in {year} >= quota {quota}",
        "zh": "{year}年新增{metric}{added}，达到定额{quota}",
    },
    "quota_short": {
        "en": "{added} {metric} added in {year} < quota {quota}, {shortfall} short",
        "zh": "{year}年新增{metric}{added}，未达定额{quota}，差{shortfall}",
    },
    "quota_missing_year": {
        "en": "no report for {year}, needed to count the {metric} added in {quota_year}",
        "zh": "{year}年未报送，无法计算{quota_year}年新增{metric}",
    },
    "unknown_metric": {
        "en": "the {year} report does not state {metric}",
        "zh": "{year}年报表未填报{metric}",
    },
}

# Growth in the unit its target uses; "from_zero" is relative growth from a rate of 0.
GROWTH_PHRASES: dict[str, dict[str, str]] = {
    "pp": {"en": "growth {growth_pp} points", "zh": "数字化率增长{growth_pp}个百分点"},
    "relative_pct": {
        "en": "growth {growth_relative_pct}% relative",
        "zh": "数字化率相对增长{growth_relative_pct}%",
    },
    "from_zero": {
        "en": "growth from {previous_rate} to {rate}",
        "zh": "数字化率从{previous_rate}变为{rate}",
    },
}
GROWTH_TARGETS: dict[str, dict[str, str]] = {
    "pp": {
        "en": "at least {minimum} percentage points a year",
        "zh": "每年至少增长{minimum}个百分点",
    },
    "relative_pct": {
        "en": "at least {minimum}% relative growth a year",
        "zh": "每年相对增长至少{minimum}%",
    },
}

BASIS_LABELS: dict[str, dict[str, str]] = {
    "volumes": {"en": "volumes", "zh": "卷"},
    "items": {"en": "items", "zh": "件"},
    "volumes_items": {"en": "volumes+items", "zh": "卷+件"},
    "pages": {"en": "pages", "zh": "页"},
}
METRIC_LABELS: dict[str, dict[str, str]] = {
    "pages": {"en": "digitized pages", "zh": "数字化页数"},
    "volumes": {"en": "digitized volumes", "zh": "数字化卷数"},
    "items": {"en": "digitized items", "zh": "数字化件数"},
    "catalog_entries": {"en": "catalog entries", "zh": "目录条目"},
    "fulltext_pages": {"en": "full-text pages", "zh": "全文页数"},
}
_LABELS = {"basis": BASIS_LABELS, "metric": METRIC_LABELS}


def _percent(value: object) -> str:
    return f"{format(value, '.1f')}%"


def _points(value: object) -> str:
    return format(value, ".1f")


def _count(value: object) -> str:
    return format(value, ",.0f")


# Param name -> how its number reads; other params (years) read as they are.
NUMBER_FORMATS: dict[str, Callable[[object], str]] = {
    "rate": _percent,
    "previous_rate": _percent,
    "target": _percent,
    "projected": _percent,
    "pace": _points,
    "gap": _points,
    "required_pp_per_year": _points,
    "minimum": _points,
    "growth_pp": _points,
    "growth_relative_pct": _points,
    "added": _count,
    "quota": _count,
    "shortfall": _count,
    "required_per_year": _count,
}


def _words(params: Mapping[str, object], lang: str) -> dict[str, str]:
    """Each param as it reads in the language, plus the growth phrases when there are any."""
    words = {}
    for name, value in params.items():
        if name in _LABELS:
            words[name] = _LABELS[name][str(value)][lang]
        elif name in NUMBER_FORMATS and value is not None:
            words[name] = NUMBER_FORMATS[name](value)
        else:
            words[name] = str(value)
    if "unit" in params:
        unit = str(params["unit"])
        kind = "from_zero" if unit == "relative_pct" and params["growth_relative_pct"] is None else unit
        words["growth"] = GROWTH_PHRASES[kind][lang].format_map(words)
        words["growth_target"] = GROWTH_TARGETS[unit][lang].format_map(words)
    return words


def render_reason(reason: Reason, lang: str) -> str:
    """The reason in plain words, in "en" or "zh"."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    return REASON_TEMPLATES[reason.code][lang].format_map(_words(reason.params, lang))
