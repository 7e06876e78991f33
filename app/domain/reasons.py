"""The reason catalogue: what each reason code says, in English ("en") and Chinese ("zh").

- A Reason carries raw numbers; rendering formats them: rates, targets and projections
  as percentages with 1 decimal ("60.0%"), points with 1 decimal ("15.0"), counts with
  thousands separators ("1,000,000"), years as they are.
- Growth always says which kind it is: percentage points, or growth relative to the
  previous rate (and a rise from a rate of 0 is shown as from-to, having no ratio).
- Growth is a year, annualized over the years between the two rates it compares.
- A reason never shows two equal numbers on the two sides of a comparison: where the
  rounded figures tie, more decimals are shown, and a rate or projection short of its
  target (TIED_FIGURE) says the shortfall in units instead ("79,996 of 100,000 volumes:
  4 volumes short of 80%").
- The statuses are named for people in app.domain.vocabulary.STATUS_LABELS.
"""

from collections.abc import Callable, Mapping

from app.domain.results import Reason
from app.domain.text import LANGUAGES
from app.domain.vocabulary import STATUS_LABELS, Metric

__all__ = ["LANGUAGES", "REASON_TEMPLATES", "STATUS_LABELS", "render_reason"]

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
    "deadline_missed:tie": {
        "en": "the plan ended in {year} with {done} of {held} {basis} digitized:"
        " {shortfall_units} {basis} short of {target}",
        "zh": "规划期末{year}年已数字化{done}/{held}（{basis}），距目标{target}还差{shortfall_units}",
    },
    "no_final_report": {
        "en": "no rate by {basis} for {year}, the plan's end year; {latest}",
        "zh": "规划期末{year}年无按{basis}计的数字化率；{latest}",
    },
    "plan_not_started": {
        "en": "plan {plan} starts in {start_year}; as of {year} it has not started",
        "zh": "规划{plan}自{start_year}年开始，截至{year}年尚未开始",
    },
    "not_bound": {
        "en": "plan {plan} does not bind archive {archive} (it applies under {under})",
        "zh": "规划{plan}不适用于档案馆{archive}（仅适用于{under}及其下级）",
    },
    "holdings_outgrew": {
        "en": "the rate fell {fall} points in {year} although {digitized_added} {basis} were digitized:"
        " holdings grew by {holdings_added} {basis}, {holdings_effect_pp} points",
        "zh": "{year}年新增数字化{digitized_added}（{basis}），但馆藏增加{holdings_added}（{basis}），"
        "影响{holdings_effect_pp}个百分点，数字化率反而下降{fall}个百分点",
    },
    "no_pace_history": {
        "en": "rate {rate} in {year}, but no rate for {from_year}-{to_year} to measure a pace from",
        "zh": "{year}年数字化率{rate}，但{from_year}—{to_year}年均无数字化率，无法测算进度",
    },
    "projected_short:tie": {
        "en": "rate {rate} in {year}; at {pace} points a year it falls just short of {target} by {end_year}:"
        " {projected_shortfall_units} {basis} short at today's holdings ({done} of {held} {basis} digitized);"
        " reaching it needs about {required_per_year} {basis} a year",
        "zh": _PROJECTION_ZH + "略低于目标{target}：按现有馆藏计还差{projected_shortfall_units}（{basis}）"
        "（已数字化{done}/{held}）；需约每年完成{required_per_year}（{basis}）",
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
    "fallback_met_at_deadline": {
        "en": _GROWTH_MET + "; the minimum-growth fallback is met, but at the plan's end only the target counts",
        "zh": _GROWTH_MET_ZH + "，虽满足最低增速要求，但规划期末只看目标是否达到",
    },
    "fallback_no_previous_year": {
        "en": "no rate by {basis} for {from_year}-{to_year} to measure growth into {year} from:"
        " the minimum-growth fallback is not met",
        "zh": "{from_year}—{to_year}年均无按{basis}计的数字化率，无法体现{year}年的增长，未满足最低增速要求",
    },
    "growth_met": {"en": _GROWTH_MET + ", met", "zh": _GROWTH_MET_ZH + "，已达到最低增速"},
    "growth_not_met": {"en": _GROWTH_MET + ", not met", "zh": _GROWTH_MET_ZH + "，未达到最低增速"},
    "no_previous_year": {
        "en": "no rate by {basis} for {from_year}-{to_year}, so growth into {year} cannot be judged",
        "zh": "{from_year}—{to_year}年均无按{basis}计的数字化率，无法判断{year}年的增长",
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
    "mapped_series": {
        "en": "the figures for {from_year}-{to_year} are in today's structure:"
        " made from the reports of {parts}, merged or split since",
        "zh": "{from_year}—{to_year}年的数据已按现行区划折算：由{parts}的报表合并或拆分而来",
    },
    "not_open": {
        "en": "archive {archive} was not open on {day} ({dates})",
        "zh": "档案馆{archive}在{day}不在册（{dates}）",
    },
    "unknown_metric": {
        "en": "the {year} report does not state {metric}",
        "zh": "{year}年报表未填报{metric}",
    },
}

# Growth in the unit its target uses; "from_zero" is relative growth from a rate of 0.
GROWTH_PHRASES: dict[str, dict[str, str]] = {
    "pp": {"en": "growth {growth_pp} points a year", "zh": "数字化率年均增长{growth_pp}个百分点"},
    "relative_pct": {
        "en": "growth {growth_relative_pct}% a year relative",
        "zh": "数字化率年均相对增长{growth_relative_pct}%",
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
    Metric.pages: {"en": "digitized pages", "zh": "数字化页数"},
    Metric.volumes: {"en": "digitized volumes", "zh": "数字化卷数"},
    Metric.items: {"en": "digitized items", "zh": "数字化件数"},
    Metric.catalog_entries: {"en": "catalog entries", "zh": "目录条目"},
    Metric.fulltext_pages: {"en": "full-text pages", "zh": "全文页数"},
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
    "latest_rate": _percent,
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
    "done": _count,
    "held": _count,
    "shortfall_units": _count,
    "projected_shortfall_units": _count,
    "digitized_added": _count,
    "holdings_added": _count,
    "fall": _points,
    "holdings_effect_pp": _points,
}

# Figures a reason sets against each other: when their rounded forms tie, more decimals.
COMPARED = (("rate", "target"), ("projected", "target"), ("growth_pp", "minimum"), ("growth_relative_pct", "minimum"))
_LATEST = {
    "en": ("latest: {latest_rate} in {latest_year}", "no rate in the years before it either"),
    "zh": ("最近一次为{latest_year}年的{latest_rate}", "此前几年也无数字化率"),
}


_NUMBER = (int, float)  # isinstance's; `int | float` would be made anew at each call


def _distinct(words: dict[str, str], params: Mapping[str, object]) -> None:
    """Where two compared figures read the same but differ, show them with more decimals."""
    for left, right in COMPARED:
        a, b = params.get(left), params.get(right)
        if not isinstance(a, _NUMBER) or not isinstance(b, _NUMBER) or words[left] != words[right]:
            continue
        suffix = "%" if words[left].endswith("%") else ""
        for decimals in range(2, 7):
            wider = [f"{format(value, f'.{decimals}f')}{suffix}" for value in (a, b)]
            if wider[0] != wider[1]:
                words[left], words[right] = wider
                break


def _words(params: Mapping[str, object], lang: str) -> dict[str, str]:
    """Each param as it reads in the language, plus the growth phrases when there are any."""
    words = {}
    for name, value in params.items():
        number = NUMBER_FORMATS.get(name)  # a number's name is never a label's
        if number is not None and value is not None:
            words[name] = number(value)
        elif name in _LABELS:
            words[name] = _LABELS[name][str(value)][lang]
        else:
            words[name] = str(value)
    _distinct(words, params)
    if "latest_year" in params:
        known, unknown = _LATEST[lang]
        words["latest"] = unknown if params["latest_year"] is None else known.format_map(words)
    if "opened_on" in params:
        words["dates"] = _dates(params, lang)
    if "unit" in params:
        unit = str(params["unit"])
        kind = "from_zero" if unit == "relative_pct" and params["growth_relative_pct"] is None else unit
        words["growth"] = GROWTH_PHRASES[kind][lang].format_map(words)
        words["growth_target"] = GROWTH_TARGETS[unit][lang].format_map(words)
    return words


_OPEN_DATES = {
    "en": ("closed on {closed_on}", "opened on {opened_on}", ", ", "never open then"),
    "zh": ("{closed_on}撤销", "{opened_on}设立", "，", "当时尚未设立"),
}


def _dates(params: Mapping[str, object], lang: str) -> str:
    """When an archive not open on a day closed before it and opened after it (not_open)."""
    closed, opened, joined, neither = _OPEN_DATES[lang]
    said = [
        template.format(**{key: params[key]})
        for template, key in ((closed, "closed_on"), (opened, "opened_on"))
        if params.get(key) is not None
    ]
    return joined.join(said) if said else neither


def render_reason(reason: Reason, lang: str) -> str:
    """The reason in plain words, in "en" or "zh"."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    words = _words(reason.params, lang)
    code = reason.code
    if code in TIED_FIGURE and _ties(reason.params, TIED_FIGURE[code]):
        code = f"{code}:tie"
        words["target"] = f"{reason.params['target']:g}%"
    return REASON_TEMPLATES[code][lang].format_map(words)


# A reason whose figure, set against the target, can read the same at 1 decimal though it falls
# short: then its ":tie" wording says the shortfall in units instead.
TIED_FIGURE = {"deadline_missed": "rate", "projected_short": "projected"}


def _ties(params: Mapping[str, object], figure: str) -> bool:
    """The figure and the target read the same at 1 decimal though they differ."""
    value, target = params.get(figure), params.get("target")
    if not isinstance(value, _NUMBER) or not isinstance(target, _NUMBER):
        return False
    return value != target and _percent(value) == _percent(target)
