"""A yearly report's figures, declared once: every other list of them is derived from FIGURES.

Rules stated here, as data (FIGURES lists the figures in the order every form, sheet and schema shows them):
- `kind`: a count is a whole number >= 0, a decimal a number >= 0, a text free text; None (an
  empty cell, a blank field) is "not reported", never 0.
- `cumulative`: a year-end running total (everything done up to the end of the year), not what
  the year added; what a year added is its total minus last year's (a quota metric reads one),
  and the digit-slip check compares it with last year's.
- `pair` and `role`: a unit counted both ways (卷, 件, 页) has a `holdings` and a `digitized`
  figure. What is digitized never exceeds what is held (report_checks), and a rate on that unit
  is digitized / holdings (rates.RATE_BASIS_PAIRS); the plausibility checks watch both of a pair.
- `required`: a whole report (a PUT, a new report in an import) must give it.
- `metric`: the annual quota metric (vocabulary.Metric) that reads the figure, if any.
- `group`: the fieldset of the yearly statistics form (FORM_GROUPS) that shows it.
- The words: `label_zh` the statistics form's name for it (the import template's header, and the
  name a Chinese message gives it), `unit` what it counts in (卷, 件, 页 ...), `form_label` the
  entry form's label, `description` the API's, `note` what to enter (the import template's), and
  `synonyms` the other headers clerks give its column.
Three typed records list the figures by hand for the type checker, each held to this declaration by
tests/test_figures_declared_once.py (which also fails on a list of figures anywhere else in app/):
app.models.report.ReportFiguresBase and ReportColumns, and app.domain.rates.YearFigures (the counts).
"""

from dataclasses import dataclass
from typing import Literal

from app.domain.text import Text
from app.domain.vocabulary import Metric

FigureKind = Literal["count", "decimal", "text"]
Role = Literal["holdings", "digitized"]


@dataclass(frozen=True, slots=True)
class FigureDefinition:
    """One figure of a yearly report: what it is, how it is counted and the words for it."""

    key: str
    kind: FigureKind
    cumulative: bool
    required: bool
    pair: str | None
    role: Role | None
    metric: Metric | None
    group: str
    label_zh: str
    unit: Text
    form_label: Text
    description: str
    note: Text
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FormGroup:
    """A fieldset of the yearly statistics form."""

    key: str
    label: Text


FORM_GROUPS: tuple[FormGroup, ...] = (
    FormGroup("volumes", Text("Paper holdings, by volume (卷)", "纸质档案（按卷）")),
    FormGroup("items", Text("Paper holdings, by item (件)", "纸质档案（按件）")),
    FormGroup("pages", Text("Pages", "页数")),
    FormGroup("catalog", Text("Catalog and full text", "目录与全文")),
    FormGroup("electronic", Text("Electronic records", "电子档案")),
    FormGroup("note", Text("Note", "备注")),
)

# fmt: off
FIGURES: tuple[FigureDefinition, ...] = (
    FigureDefinition(
        "holdings_volumes", "count", cumulative=True, required=True, pair="volumes", role="holdings", metric=None,
        group="volumes", label_zh="馆藏案卷数", unit=Text("volumes", "卷"),
        form_label=Text("Holdings (volumes)", "馆藏档案（卷）"),
        description="Paper holdings in volumes/files (卷)",
        note=Text("Paper holdings counted in volumes/files.", "以卷为单位统计的纸质档案馆藏总量。"),
        synonyms=("馆藏案卷", "馆藏卷数", "馆藏案卷总数", "馆藏档案卷数", "馆藏档案案卷数", "馆藏纸质档案卷数",
                  "纸质档案卷数", "档案卷数", "案卷数", "馆藏档案数"),
    ),
    FigureDefinition(
        "digitized_volumes", "count", cumulative=True, required=True, pair="volumes", role="digitized",
        metric=Metric.volumes, group="volumes", label_zh="已数字化案卷数", unit=Text("volumes", "卷"),
        form_label=Text("Digitized (volumes)", "已数字化（卷）"),
        description="Volumes digitized so far (卷)",
        note=Text("Volumes digitized so far (cumulative); not more than holdings_volumes.",
                  "截至年末累计已数字化的案卷数，不得超过馆藏案卷数。"),
        synonyms=("已数字化案卷", "数字化案卷数", "已数字化卷数", "数字化卷数", "已数字化档案卷数", "数字化档案卷数",
                  "已数字化案卷总数", "完成数字化卷数", "数字化完成卷数"),
    ),
    FigureDefinition(
        "holdings_items", "count", cumulative=True, required=False, pair="items", role="holdings", metric=None,
        group="items", label_zh="馆藏文件数", unit=Text("items", "件"),
        form_label=Text("Holdings (items)", "馆藏档案（件）"),
        description="Holdings kept per item (件)",
        note=Text("Holdings kept per item (modern records).", "以件为单位整理的馆藏文件总量。"),
        synonyms=("馆藏件数", "馆藏档案件数", "馆藏文件", "馆藏文件级档案数", "文件数", "件数"),
    ),
    FigureDefinition(
        "digitized_items", "count", cumulative=True, required=False, pair="items", role="digitized",
        metric=Metric.items, group="items", label_zh="已数字化文件数", unit=Text("items", "件"),
        form_label=Text("Digitized (items)", "已数字化（件）"),
        description="Items digitized so far (件)",
        note=Text("Items digitized so far (cumulative); not more than holdings_items.",
                  "截至年末累计已数字化的文件数，不得超过馆藏文件数。"),
        synonyms=("已数字化文件", "数字化文件数", "已数字化件数", "数字化件数", "已数字化档案件数"),
    ),
    FigureDefinition(
        "holdings_pages", "count", cumulative=True, required=False, pair="pages", role="holdings", metric=None,
        group="pages", label_zh="馆藏页数", unit=Text("pages", "页"),
        form_label=Text("Holdings (pages)", "馆藏档案（页）"),
        description="Paper holdings in pages (页)",
        note=Text("Paper holdings counted in pages.", "以页为单位统计的纸质档案馆藏总量。"),
        synonyms=("馆藏档案页数", "馆藏纸质档案页数", "纸质档案页数", "档案页数"),
    ),
    FigureDefinition(
        "digitized_pages", "count", cumulative=True, required=False, pair="pages", role="digitized",
        metric=Metric.pages, group="pages", label_zh="已数字化页数", unit=Text("pages/frames", "页/幅"),
        form_label=Text("Digitized (pages/frames)", "已数字化（幅）"),
        description="Pages/frames digitized so far (幅)",
        note=Text("Pages (image frames) digitized so far; not more than holdings_pages.",
                  "截至年末累计已数字化的页数（图像幅数），不得超过馆藏页数。"),
        synonyms=("数字化页数", "已数字化幅数", "数字化幅数", "数字化图像幅数", "已数字化图像幅数", "扫描页数",
                  "已扫描页数"),
    ),
    FigureDefinition(
        "catalog_entries", "count", cumulative=True, required=False, pair=None, role=None,
        metric=Metric.catalog_entries, group="catalog", label_zh="机读目录条目数", unit=Text("entries", "条"),
        form_label=Text("Catalog entries", "机读目录（条）"),
        description="Machine-readable catalog entries (条)",
        note=Text("Machine-readable catalog entries (file and volume level), cumulative.",
                  "累计建成的机读目录条目数（含案卷级和文件级）。"),
        synonyms=("机读目录条目", "机读目录条数", "机读目录数", "目录条目数", "机读目录", "目录数据条数"),
    ),
    FigureDefinition(
        "fulltext_pages", "count", cumulative=True, required=False, pair=None, role=None,
        metric=Metric.fulltext_pages, group="catalog", label_zh="全文页数", unit=Text("pages", "页"),
        form_label=Text("Full-text pages", "全文识别（页）"),
        description="Full-text pages (页)",
        note=Text("Full-text pages, cumulative.", "累计全文数字化页数。"),
        synonyms=("全文页", "全文数字化页数", "全文识别页数", "全文数据页数"),
    ),
    FigureDefinition(
        "electronic_records_gb", "decimal", cumulative=False, required=False, pair=None, role=None, metric=None,
        group="electronic", label_zh="电子档案数据量", unit=Text("GB", "GB"),
        form_label=Text("Electronic records (GB)", "电子档案（GB）"),
        description="Electronic records held (GB)",
        note=Text("Electronic records held, in gigabytes (a decimal is allowed).",
                  "馆藏电子档案数据量，单位 GB，可填小数。"),
        synonyms=("电子档案数据总量", "电子档案容量", "电子档案存储量", "电子档案量"),
    ),
    FigureDefinition(
        "note", "text", cumulative=False, required=False, pair=None, role=None, metric=None,
        group="note", label_zh="备注", unit=Text("", ""),
        form_label=Text("Note", "备注"),
        description="Stored exactly as typed",
        note=Text("Anything the figures need to be read correctly (up to 2000 characters).",
                  "对数据的说明（不超过 2000 字）。"),
        synonyms=("说明", "备注说明", "notes"),
    ),
)
# fmt: on

# --- derived: every list of figures the app uses

FIGURES_BY_KEY = {figure.key: figure for figure in FIGURES}
FIGURE_NAMES = tuple(figure.key for figure in FIGURES)
COUNT_NAMES = tuple(figure.key for figure in FIGURES if figure.kind == "count")
CUMULATIVE_NAMES = tuple(figure.key for figure in FIGURES if figure.cumulative)
REQUIRED_NAMES = tuple(figure.key for figure in FIGURES if figure.required)
PAIRS = tuple(dict.fromkeys(figure.pair for figure in FIGURES if figure.pair is not None))
HOLDINGS_NAMES = tuple(figure.key for figure in FIGURES if figure.role == "holdings")
DIGITIZED_NAMES = tuple(figure.key for figure in FIGURES if figure.role == "digitized")
# (pair, role) -> the figure: ("items", "digitized") -> digitized_items.
PAIRED: dict[tuple[str, str], str] = {
    (figure.pair, figure.role): figure.key for figure in FIGURES if figure.pair and figure.role
}
# (digitized, holdings) of each pair, in the order of PAIRS.
DIGITIZED_WITHIN_HOLDINGS = tuple((PAIRED[(pair, "digitized")], PAIRED[(pair, "holdings")]) for pair in PAIRS)
METRIC_FIGURES = {figure.metric: figure.key for figure in FIGURES if figure.metric is not None}
FIGURES_BY_GROUP = {group.key: tuple(f.key for f in FIGURES if f.group == group.key) for group in FORM_GROUPS}


def pair_figure(pair: str, role: str) -> str | None:
    """The figure counting `pair` in `role` ("items", "digitized": digitized_items), or None."""
    return PAIRED.get((pair, role))
