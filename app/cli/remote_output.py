"""How the remote commands print their answers: tables for people, JSON for scripts."""

import sys

from rich import box
from rich.console import Console
from rich.table import Table

from app.cli.progress import is_terminal
from app.domain.vocabulary import Rule
from app.models.compliance import ArchiveCompliance, CompliancePage, RuleCompliance
from app.models.imports import ImportSummary
from app.models.report import ReportPublic

PIPE_WIDTH = 200  # off a terminal, tables are not squeezed into 80 columns


def console() -> Console:
    """Standard output, as wide as the terminal, or wide when piped."""
    return Console(width=None if is_terminal(sys.stdout) else PIPE_WIDTH, highlight=False)


def write_compliance(page: CompliancePage, output_format: str) -> None:
    """The compliance list as a table with counts per status, or as JSON."""
    if output_format == "json":
        sys.stdout.write(page.model_dump_json(indent=2) + "\n")
        return
    table = Table(
        "archive",
        "name",
        "level",
        "status",
        "rate %",
        "target %",
        "projected %",
        "needed pp/yr",
        box=box.SIMPLE_HEAD,
        title=f"{page.plan}, as of {page.year}",
    )
    for item in page.items:
        table.add_row(*_compliance_row(item))
    out = console()
    out.print(table)
    counts = ", ".join(f"{status.value} {count}" for status, count in page.summary.counts.items() if count)
    listed = f"{page.total}" if page.total == page.summary.total else f"{page.total} of {page.summary.total}"
    out.print(f"{listed} archive(s): {counts or 'none'}")  # the counts are over all, before --status


def _compliance_row(item: ArchiveCompliance) -> list[str]:
    rule = _main_rule(item.rules)
    figures = ["", "", "", ""]
    if rule is not None:
        figures = [
            _number(rule.rate_pct),
            _number(rule.target.value) if rule.rule == Rule.reach_rate else "",
            _number(rule.projected_rate_pct),
            _number(rule.required_pp_per_year),
        ]
    return [item.archive_code, item.archive_name, item.level.value, item.status_label or "-", *figures]


def _main_rule(rules: list[RuleCompliance]) -> RuleCompliance | None:
    return next((rule for rule in rules if rule.rule == Rule.reach_rate), rules[0] if rules else None)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def write_import(summary: ImportSummary, output_format: str = "table") -> None:
    """What an import did, and each problem by row; or the summary as JSON."""
    if output_format == "json":
        sys.stdout.write(summary.model_dump_json(indent=2) + "\n")
        return
    out = console()
    out.print(summary.message)
    if summary.problems:
        table = Table("row", "column", "value", "problem", box=box.SIMPLE_HEAD)
        for problem in summary.problems:
            table.add_row(str(problem.row or ""), problem.column or "", problem.value or "", problem.message)
        out.print(table)
    if summary.problem_count > len(summary.problems):
        out.print(f"... and {summary.problem_count - len(summary.problems)} more problem(s)")


def write_report(report: ReportPublic, what: str) -> None:
    """One line on a report: what happened to it (created, stored) or its ETag, its revision, state and rates."""
    rates = [
        f"{basis} {value:.2f}%"
        for basis, value in (
            ("volumes", report.rate_volumes_pct),
            ("volumes+items", report.rate_volumes_items_pct),
            ("pages", report.rate_pages_pct),
        )
        if value is not None
    ]
    print(
        f"{report.archive_code} {report.year}: {what}, revision {report.revision}, {report.status}"
        + (f"; rate by {', '.join(rates)}" if rates else "")
    )
