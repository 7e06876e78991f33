"""The words a printed export uses for the closed vocabularies, in English and Chinese (statuses: app.domain.reasons)."""

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


def label(table: dict[str, Text], value: object, lang: str) -> object:
    """The value's words in the language; the value itself when the table does not know it."""
    text = table.get(str(value)) if value is not None else None
    return value if text is None else text.pick(lang)
