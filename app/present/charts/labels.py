"""The words on the charts, in English and Chinese (statuses and bases: app.domain.reasons)."""

from app.domain.vocabulary import Unit
from app.i18n import Text

RATE = Text("digitization rate", "数字化率")
TARGET = Text("target {value}% by {year}", "目标：{year}年达到{value}%")
TARGET_SHORT = Text("target", "目标")
DEADLINE = Text("deadline {year}", "期限 {year}年")
PROJECTION = Text("projection at the current pace", "按当前进度预测")
GROWTH_PATH = {
    Unit.pp: Text("minimum growth: +{value} points a year", "最低增速：每年提高{value}个百分点"),
    Unit.relative_pct: Text("minimum growth: +{value}% a year (relative)", "最低增速：每年相对增长{value}%"),
}
SUBTITLE = Text("{status} · as of {year} · rate by {basis}", "{status} · 截至{year}年 · 按{basis}计")
NO_REPORT = Text("no report yet", "尚无报送数据")
NO_RATE = Text("no rate", "无数字化率")
NO_CHILDREN = Text("no archive below this one is judged by this plan", "该规划未考核其下级档案馆")
ROLLUP_TITLE = Text("{name}: the archives below it", "{name}：下级档案馆")
ROLLUP_SUBTITLE = Text(
    "{plan}, as of {year} · rate by {basis} · overall {aggregate}",
    "{plan}，截至{year}年 · 按{basis}计 · 合计{aggregate}",
)
SUBTREE_AGGREGATE = Text("with the archives below it", "含下级合计")


def number(value: float) -> str:
    """A figure without a needless ".0" (80, 12.5)."""
    return f"{value:g}"
