"""How the remote commands print their answers for people: tables and lines in English or Chinese.

(JSON is printed as the API answers it, by `remote.print_json`; nothing here.)
"""

import sys
from collections.abc import Mapping
from enum import StrEnum

from rich import box
from rich.console import Console
from rich.table import Table

from app.cli.progress import is_terminal
from app.cli.remote import pick
from app.domain.figures import FIGURE_NAMES
from app.domain.import_columns import COLUMNS_BY_KEY
from app.domain.vocabulary import Rule
from app.i18n import Text
from app.models.compliance import ArchiveCompliance, CompliancePage, Rollup, RollupAnswer, RuleCompliance
from app.models.imports import ImportSummary
from app.models.report import ReportPublic, ReportRevisionPublic
from app.present.labels import LEVEL_LABELS, label

PIPE_WIDTH = 200  # off a terminal, tables are not squeezed into 80 columns
# The columns of the compliance table: (English, Chinese).
COMPLIANCE_COLUMNS = (
    ("archive", "代码"),
    ("name", "名称"),
    ("level", "级别"),
    ("status", "状态"),
    ("rate %", "数字化率 %"),
    ("target %", "目标 %"),
    ("projected %", "预计 %"),
    ("needed pp/yr", "每年需提高"),
)
ROLLUP_COLUMNS = (
    ("archive", "代码"),
    ("name", "名称"),
    ("archives", "馆数"),
    ("reported", "已报"),
    ("rate %", "总体数字化率 %"),
    ("achieved %", "已达标 %"),
    ("achieved or on track %", "已达标或进度正常 %"),
)


def console() -> Console:
    """Standard output, as wide as the terminal, or wide when piped."""
    return Console(width=None if is_terminal(sys.stdout) else PIPE_WIDTH, highlight=False)


def words(table: dict[str, Text], value: StrEnum, lang: str) -> str:
    """A level's or kind's words in `lang` (省级, 综合档案馆; in English the value itself)."""
    return value.value if lang != "zh" else str(label(table, value.value, lang))


def table(columns: tuple[tuple[str, str], ...], lang: str, title: str | None = None) -> Table:
    """An empty table with its headers in `lang`."""
    return Table(*(pick(lang, en, zh) for en, zh in columns), box=box.SIMPLE_HEAD, title=title)


def write_compliance(page: CompliancePage, lang: str) -> None:
    """The compliance list as a table with counts per status."""
    title = pick(lang, f"{page.plan}, as of {page.year}", f"{page.plan}，截至 {page.year} 年")
    listing = table(COMPLIANCE_COLUMNS, lang, title)
    for item in page.items:
        listing.add_row(*_compliance_row(item, lang))
    out = console()
    out.print(listing)
    counts = ", ".join(f"{status.value} {count}" for status, count in page.summary.counts.items() if count)
    listed = f"{page.total}" if page.total == page.summary.total else f"{page.total} of {page.summary.total}"
    shown = (
        "" if len(page.items) == page.total else pick(lang, f", {len(page.items)} shown", f"，列出 {len(page.items)}")
    )
    # the counts are over all, before --status
    out.print(pick(lang, f"{listed} archive(s){shown}: ", f"共 {listed} 个档案馆{shown}：") + (counts or "-"))


def _compliance_row(item: ArchiveCompliance, lang: str) -> list[str]:
    rule = _main_rule(item.rules)
    figures = ["", "", "", ""]
    if rule is not None:
        figures = [
            _number(rule.rate_pct),
            _number(rule.target.value) if rule.rule == Rule.reach_rate else "",
            _number(rule.projected_rate_pct),
            _number(rule.required_pp_per_year),
        ]
    return [
        item.archive_code,
        item.archive_name,
        words(LEVEL_LABELS, item.level, lang),
        item.status_label or "-",
        *figures,
    ]


def _main_rule(rules: list[RuleCompliance]) -> RuleCompliance | None:
    return next((rule for rule in rules if rule.rule == Rule.reach_rate), rules[0] if rules else None)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def write_rollup(answer: RollupAnswer, lang: str) -> None:
    """A rollup: the whole subtree, then each child's, per year of a series."""
    out = console()
    for one in answer.series or [answer]:
        out.print(_rollup_table(one, lang))


def _rollup_table(rollup: Rollup, lang: str) -> Table:
    title = pick(
        lang,
        f"{rollup.plan}, as of {rollup.year} ({rollup.basis})",
        f"{rollup.plan}，截至 {rollup.year} 年（{rollup.basis}）",
    )
    summed = table(ROLLUP_COLUMNS, lang, title)
    for part in (rollup, *rollup.children):
        summed.add_row(
            part.archive_code if part is rollup else f"  {part.archive_code}",
            part.archive_name,
            str(part.archives),
            str(part.reported_archives),
            _number(part.aggregate_rate_pct),
            _number(part.share_achieved_pct),
            _number(part.share_achieved_or_on_track_pct),
        )
    return summed


def write_import(summary: ImportSummary, lang: str) -> None:
    """What an import did, and each problem by row."""
    out = console()
    out.print(summary.message)
    for warning in summary.warnings:
        out.print(pick(lang, f"warning: {warning}", f"提示：{warning}"))
    if summary.problems:
        problems = table((("row", "行"), ("column", "列"), ("value", "值"), ("problem", "问题")), lang)
        for problem in summary.problems:
            problems.add_row(str(problem.row or ""), problem.column or "", problem.value or "", problem.message)
        out.print(problems)
    if summary.problem_count > len(summary.problems):
        more = summary.problem_count - len(summary.problems)
        out.print(pick(lang, f"... and {more} more problem(s)", f"……另有 {more} 个问题"))


def figure_label(key: str, lang: str) -> str:
    """A figure's name for people: its Chinese column label, or its key."""
    return pick(lang, key, COLUMNS_BY_KEY[key].label_zh)


def write_report(report: ReportPublic, what: str, lang: str) -> None:
    """A report: what happened to it (created, stored) or its ETag, its revision, state and rates; then its figures."""
    rates = [
        f"{basis} {value:.2f}%"
        for basis, value in (
            (pick(lang, "volumes", "案卷"), report.rate_volumes_pct),
            (pick(lang, "volumes+items", "案卷+文件"), report.rate_volumes_items_pct),
            (pick(lang, "pages", "页数"), report.rate_pages_pct),
        )
        if value is not None
    ]
    revision = pick(lang, f"revision {report.revision}", f"第 {report.revision} 版")
    rate_text = pick(lang, f"; rate by {', '.join(rates)}", f"；数字化率 {'，'.join(rates)}") if rates else ""
    print(f"{report.archive_code} {report.year}: {what}, {revision}, {report.status}{rate_text}")
    write_figures(report.model_dump(), lang)
    for warning in report.warnings:
        print(pick(lang, f"  warning: {warning.message}", f"  提示：{warning.message}"))


def write_figures(figures: Mapping[str, object], lang: str) -> None:
    """Every figure of a report, one a line; a blank one as '-'."""
    for key in FIGURE_NAMES:
        print(f"  {figure_label(key, lang)}\t{shown(figures.get(key))}")


def write_revisions(revisions: list[ReportRevisionPublic], lang: str) -> None:
    """Each version of a report, oldest first: who and when, the first one's figures, then what each changed."""
    previous: dict[str, object] | None = None
    for revision in revisions:
        figures = revision.model_dump()
        head = pick(lang, f"revision {revision.revision}", f"第 {revision.revision} 版")
        print(f"{head}\t{revision.submitted_at:%Y-%m-%d %H:%M}\t{revision.submitted_by}")
        if previous is None:
            write_figures(figures, lang)
        else:
            _write_changes(previous, figures, lang)
        previous = figures


def _write_changes(before: Mapping[str, object], after: Mapping[str, object], lang: str) -> None:
    for key in FIGURE_NAMES:
        if after[key] != before[key]:
            print(f"  {figure_label(key, lang)}\t{shown(before[key])} -> {shown(after[key])}")


def shown(value: object) -> str:
    """A figure for people: '-' when blank, thousands separated."""
    if value is None:
        return "-"
    return f"{value:,}" if isinstance(value, int | float) else str(value)
