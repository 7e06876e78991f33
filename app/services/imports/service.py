"""Bulk import of yearly reports from a spreadsheet: every row checked, then all written or none.

- Each row is read and checked as a single PUT of the report would be
  (app.services.imports.rows); its archive must exist, the actor must be allowed to
  report for it (per row, by the trust rules), and an approved report may not be
  changed (it may be sent again unchanged).
- Any problem anywhere and nothing is written; a dry run writes nothing either way.
- created / replaced / unchanged say what the import did, or, for a dry run or a
  refused file, what it would do for the rows without problems. Identical figures
  are "unchanged" and make no new revision, so importing the same file twice changes nothing.
- The writes happen in the caller's transaction (one per request), in bulk.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from app import errors
from app.domain.checks import Finding
from app.domain.roles import Actor
from app.i18n import Text
from app.services.access import reportable_archive_codes
from app.services.imports.access import ArchiveNode, archive_path, archive_tree, check_may_report
from app.services.imports.rows import Problem, ReadRows, ReportRow, read_report_rows
from app.services.imports.spreadsheets import SheetRow
from app.services.reports.bulk import ReportWrite, stored_reports, write_reports
from app.services.reports.service import check_unlocked, is_unchanged
from app.services.rounds.checks import proposed_figures, proposed_findings


@dataclass(frozen=True, slots=True)
class RowWarning:
    """A plausibility check that fires on a row's figures (never a reason to refuse the file)."""

    row: int
    archive_code: str
    year: int
    finding: Finding


@dataclass
class ImportOutcome:
    """What an import did (or would do), and the problems that stopped it."""

    dry_run: bool
    rows_read: int = 0
    skipped: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[RowWarning] = field(default_factory=list)

    @property
    def written(self) -> bool:
        """True when the reports were written."""
        return not self.dry_run and not self.problems


def import_reports(
    session: Session, rows: Sequence[SheetRow], *, actor: Actor, dry_run: bool, current_year: int, now: datetime
) -> ImportOutcome:
    """Check every row, then write them all (unless dry_run or any problem)."""
    check_may_report(session, actor)
    read = _read(rows, current_year)
    outcome = ImportOutcome(dry_run=dry_run, rows_read=read.rows_read, skipped=read.skipped)
    tree = archive_tree(session)
    archive_problems = _archive_problems(read.reports, actor, tree, reportable_archive_codes(session, actor))
    refused_rows = {problem.row for problem in archive_problems}
    accepted = [row for row in read.reports if row.row not in refused_rows]
    writes, lock_problems = _classify(session, accepted, outcome, for_update=not dry_run)
    outcome.problems = sorted(read.problems + archive_problems + lock_problems, key=lambda problem: problem.row or 0)
    outcome.warnings = row_warnings(session, accepted)
    if outcome.written:
        write_reports(session, writes, actor=actor, now=now, archive_path=lambda code: archive_path(code, tree))
    return outcome


def row_warnings(session: Session, rows: Sequence[ReportRow]) -> list[RowWarning]:
    """What the plausibility checks find in each row's figures, read as if the file were stored."""
    proposed = {(row.archive_code, row.year): proposed_figures(row.year, row.figures) for row in rows}
    found = proposed_findings(session, proposed)
    return [
        RowWarning(row.row, row.archive_code, row.year, finding)
        for row in rows
        for finding in found[(row.archive_code, row.year)]
    ]


def _read(rows: Sequence[SheetRow], current_year: int) -> ReadRows:
    if not rows:
        raise errors.EmptyFile(Text("file: the file is empty", "file：文件为空"))
    read = read_report_rows(rows, current_year)
    if read.rows_read == 0 and not read.problems:
        raise errors.EmptyFile(Text("file: the file has a header but no rows", "file：文件只有表头，没有数据行"))
    return read


def _archive_problems(
    reports: Sequence[ReportRow], actor: Actor, tree: Mapping[str, ArchiveNode], allowed: Collection[str] | None
) -> list[Problem]:
    problems = []
    for row in reports:
        code = row.archive_code
        if code not in tree:
            text = Text(
                f"row {row.row}, archive_code: no archive with code {code!r}",
                f"第{row.row}行，archive_code：不存在代码为 {code!r} 的档案馆",
            )
            problems.append(Problem(row.row, "archive_code", code, "unknown_archive", text))
        elif allowed is not None and code not in allowed:
            text = Text(
                f"row {row.row}, archive_code: this token ({actor.role} of {actor.archive_code}) "
                f"may not write the reports of {code}",
                f"第{row.row}行，archive_code：该令牌（{actor.role}，{actor.archive_code}）无权填报 {code} 的年报",
            )
            problems.append(Problem(row.row, "archive_code", code, "forbidden", text))
    return problems


def _classify(
    session: Session, reports: Sequence[ReportRow], outcome: ImportOutcome, *, for_update: bool
) -> tuple[list[ReportWrite], list[Problem]]:
    stored = stored_reports(session, [(row.archive_code, row.year) for row in reports], for_update=for_update)
    writes, problems = [], []
    for row in reports:
        existing = stored.get((row.archive_code, row.year))
        if is_unchanged(existing, row.figures):
            outcome.unchanged += 1
            continue
        if existing is not None:
            try:
                check_unlocked(existing)
            except errors.ReportLocked as locked:
                text = Text(f"row {row.row}, {locked.detail.en}", f"第{row.row}行，{locked.detail.zh}")
                problems.append(Problem(row.row, "year", str(row.year), "report_locked", text))
                continue
        writes.append(ReportWrite(row.archive_code, row.year, row.figures, existing))
        outcome.created += existing is None
        outcome.replaced += existing is not None
    return writes, problems


def outcome_text(outcome: ImportOutcome) -> Text:
    """One sentence on what the import did, for people."""
    if outcome.problems:
        count = len(outcome.problems)
        return Text(f"{count} problem(s) found; nothing was written", f"发现 {count} 个问题，未写入任何数据")
    counts = Text(
        f"{outcome.created} created, {outcome.replaced} replaced, {outcome.unchanged} unchanged",
        f"新增 {outcome.created} 条，替换 {outcome.replaced} 条，未变 {outcome.unchanged} 条",
    )
    if outcome.dry_run:
        return Text(f"dry run, nothing written: would be {counts.en}", f"试运行，未写入：将{counts.zh}")
    if outcome.created + outcome.replaced + outcome.unchanged == 0:
        return Text(
            f"no row has figures; nothing was written ({outcome.skipped} skipped)",
            f"没有填写了数据的行，未写入任何数据（跳过 {outcome.skipped} 行）",
        )
    if outcome.created + outcome.replaced == 0:
        return Text(
            f"nothing changed: every report in the file is stored as it is ({counts.en})",
            f"没有变化：文件中的数据与已存数据完全相同（{counts.zh}）",
        )
    return counts
