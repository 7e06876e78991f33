"""The words an export uses for its columns and the closed vocabularies, in English and Chinese
(statuses: app.domain.vocabulary.STATUS_LABELS; bases: app.domain.reasons.BASIS_LABELS).

A CSV's keys stay the stable English ones unless words are asked for (in_words); a printed
workbook always shows words."""

from collections.abc import Iterable, Iterator, Sequence

from app.domain.reasons import BASIS_LABELS, METRIC_LABELS
from app.domain.vocabulary import STATUS_LABELS
from app.i18n import Text

LEVEL_LABELS = {
    "provincial": Text("provincial", "省级"),
    "municipal": Text("municipal", "地市级"),
    "county": Text("county", "县级"),
}
KIND_LABELS = {
    "comprehensive": Text("comprehensive", "综合档案馆"),
    "urban_construction": Text("urban construction", "城建档案馆"),
    "departmental": Text("departmental", "部门档案馆"),
    "enterprise": Text("enterprise", "企业档案馆"),
    "other": Text("other", "其他"),
}
RULE_LABELS = {
    "reach_rate": Text("reach a rate", "达到数字化率"),
    "min_growth": Text("minimum growth", "最低增速"),
    "annual_quota": Text("annual quota", "年度任务量"),
}
UNIT_LABELS = {
    "pct": Text("%", "%"),
    "pp": Text("points a year", "百分点/年"),
    "relative_pct": Text("% a year (relative)", "%/年（相对）"),
    "pages": Text("pages", "页"),
    "volumes": Text("volumes", "卷"),
    "items": Text("items", "件"),
    "entries": Text("entries", "条"),
}
YES_NO = {True: Text("yes", "是"), False: Text("no", "否")}


NAMED_THEN = Text("{then} (now {now})", "{then}（今{now}）")


def named_in_year(name_today: str, name_in_year: str | None, lang: str) -> str:
    """An archive as a page for a past year names it: its name then, today's beside it when they differ."""
    return name_today if not name_in_year else NAMED_THEN.pick(lang).format(then=name_in_year, now=name_today)


def label(table: dict[str, Text], value: object, lang: str) -> object:
    """The value's words in the language; the value itself when the table does not know it."""
    text = table.get(str(value)) if value is not None else None
    return value if text is None else text.pick(lang)


SCOPE_LABELS = {"default": Text("default", "默认"), "override": Text("this archive", "单馆")}
STATUS_WORDS = {status: Text(words["en"], words["zh"]) for status, words in STATUS_LABELS.items()}
BASIS_WORDS = {basis: Text(words["en"], words["zh"]) for basis, words in (METRIC_LABELS | BASIS_LABELS).items()}

# Each column key of an export, in words.
COLUMN_LABELS = {
    "archive_code": Text("Archive code", "档案馆代码"),
    "archive_name": Text("Archive", "档案馆名称"),
    "name_in_year": Text("Name that year", "当年名称"),
    "level": Text("Level", "级别"),
    "kind": Text("Kind", "类型"),
    "parent_code": Text("Supervising archive", "上级档案馆"),
    "archive_status": Text("Overall status", "总体状态"),
    "rule": Text("Rule", "考核规则"),
    "status": Text("Status", "状态"),
    "status_label": Text("Status (words)", "状态说明"),
    "rate_pct": Text("Rate (%)", "数字化率（%）"),
    "previous_rate_pct": Text("Earlier rate (%)", "比较年数字化率（%）"),
    "growth_pp": Text("Growth (points a year)", "年均增长（百分点）"),
    "growth_relative_pct": Text("Growth (relative % a year)", "年均相对增长（%）"),
    "pace_pp_per_year": Text("Pace (points a year)", "年均进度（百分点）"),
    "projected_rate_pct": Text("Projected (%)", "期末预计（%）"),
    "required_pp_per_year": Text("Needed a year (points)", "每年需提高（百分点）"),
    "years_to_target": Text("Years to target", "达标所需年数"),
    "holdings_trend_per_year": Text("Holdings growth a year (units)", "馆藏年均增长量"),
    "required_per_year": Text("Needed a year (units)", "每年需完成量"),
    "required_per_year_with_growth": Text("Needed a year as holdings grow (units)", "计入馆藏增长每年需完成量"),
    "as_of_year": Text("As of", "截至年份"),
    "judged_year": Text("Year judged", "考核年份"),
    "growth_from_year": Text("Growth since", "增长比较年"),
    "pace_from_year": Text("Pace since", "进度起算年"),
    "shortfall_units": Text("Units short of target", "距目标差额"),
    "quota_added": Text("Added in the year", "当年新增"),
    "figures_approved": Text("Figures approved", "数据已审核"),
    "target_id": Text("Target id", "目标编号"),
    "target_value": Text("Target", "目标值"),
    "target_unit": Text("Unit", "单位"),
    "target_basis": Text("Basis", "计算口径"),
    "target_scope": Text("Target set for", "目标适用范围"),
    "target_year": Text("Target year", "目标年份"),
    "target_under": Text("Target region", "目标适用地区"),
    "fallback_met": Text("Fallback met", "保底增速达标"),
    "fallback_growth_from_year": Text("Fallback growth since", "保底增速比较年"),
    "fallback_growth_pp": Text("Fallback growth (points a year)", "保底年均增长（百分点）"),
    "fallback_growth_relative_pct": Text("Fallback growth (relative % a year)", "保底年均相对增长（%）"),
    "reasons": Text("Why", "原因"),
}
# The closed vocabulary each column holds, where it holds one.
COLUMN_VOCABULARY = {
    "level": LEVEL_LABELS,
    "kind": KIND_LABELS,
    "rule": RULE_LABELS,
    "status": STATUS_WORDS,
    "archive_status": STATUS_WORDS,
    "target_unit": UNIT_LABELS,
    "target_basis": BASIS_WORDS,
    "target_scope": SCOPE_LABELS,
}


def column_label(key: str, lang: str) -> str:
    text = COLUMN_LABELS.get(key)
    return key if text is None else text.pick(lang)


def in_words(cell: object, key: str, lang: str) -> object:
    """A cell of the column `key` in words: its vocabulary's, or yes/no for a boolean."""
    if isinstance(cell, bool) or cell in ("true", "false"):
        return YES_NO[cell in (True, "true")].pick(lang)
    vocabulary = COLUMN_VOCABULARY.get(key)
    return cell if vocabulary is None else label(vocabulary, cell, lang)


def rows_in_words(rows: Iterable[Sequence[object]], lang: str) -> Iterator[Sequence[object]]:
    """A header of keys and its rows, with the header and the vocabularies in words."""
    iterator = iter(rows)
    header = [str(key) for key in next(iterator)]
    yield [column_label(key, lang) for key in header]
    for row in iterator:
        yield [in_words(cell, key, lang) for key, cell in zip(header, row, strict=True)]
