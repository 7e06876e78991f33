"""Bulk import of yearly reports from a spreadsheet: every row checked, then all written or none.

- `merge` (the default) changes only the figures a row gives: a blank cell keeps
  the stored figure. `replace` writes whole reports, as PUT does: a blank clears.
  Both follow the one lifecycle rule (app.domain.report_lifecycle).
- Each row's archive must exist and the actor must be allowed to report for it;
  a new report needs its volumes; digitized never exceeds holdings once merged; an
  approved report may not be changed (it may be sent again unchanged).
- Any problem anywhere and nothing is written; a dry run writes nothing either way.
- The answer lists, for every report the import changes (or would), each figure
  before and after, and the stored figures a `replace` would clear.
- Two steps, so that the write lock is not held while a file is read and checked:
  `check_import` reads (the archives, the actor's scope, the stored reports) and
  plans every write, in the request's read session; `write_import` then, in a
  write transaction of its own, reads again what the plan relied on (the archives
  and the scope of every row, the stored reports, locked) and writes the plan when
  nothing changed, or checks the file again against what it now finds.
"""

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from pydantic import JsonValue
from sqlmodel import Session

from app import errors
from app.domain.checks import Finding
from app.domain.figures import REQUIRED_NAMES
from app.domain.hierarchy import Hierarchy
from app.domain.import_columns import COLUMNS_BY_KEY
from app.domain.report_checks import figures_problems
from app.domain.report_lifecycle import (
    FigureChange,
    WriteMode,
    changes,
    cleared_by_replace,
    is_locked,
    next_version,
    written_figures,
)
from app.domain.roles import Actor
from app.i18n import Text
from app.models.report import ReportColumns
from app.models.webhook import EventType
from app.services import outbox
from app.services.access import reportable_archive_codes
from app.services.hierarchy import identities_in_years, load_hierarchy
from app.services.imports.access import check_may_report, closed_year_problems, with_codes
from app.services.imports.layout import vertical_form
from app.services.imports.rows import Problem, ReadRows, ReportRow, read_report_rows
from app.services.imports.sheet import Sheet
from app.services.reports.bulk import ReportWrite, stored_reports, write_reports
from app.services.reports.changes import Clock
from app.services.reports.service import figures_of, locked_text, stored_version
from app.services.reports.warnings import proposed_figures, proposed_findings


@dataclass(frozen=True, slots=True)
class ReportChange:
    """What the import does to one report: created or changed, each figure before and after."""

    archive_code: str
    year: int
    created: bool
    figures: list[FigureChange]
    cleared_by_replace: list[str]


@dataclass(frozen=True, slots=True)
class RowWarning:
    """A plausibility check that fires on a row's figures (never a reason to refuse the file)."""

    row: int
    archive_code: str
    year: int
    finding: Finding


@dataclass
class ImportOutcome:
    """What an import did (or would do), the problems that stopped it, and warnings."""

    dry_run: bool
    mode: WriteMode
    rows_read: int = 0
    skipped: int = 0
    created: int = 0
    replaced: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    changes: list[ReportChange] = field(default_factory=list)
    check_warnings: list[RowWarning] = field(default_factory=list)  # plausibility checks (app.domain.checks)

    @property
    def written(self) -> bool:
        """True when the reports were written."""
        return not self.dry_run and not self.problems


def read_file(sheets: Sequence[Sheet], *, mode: WriteMode, current_year: int) -> ReadRows:
    """The file's rows read and checked on their own (no database): done before any lock is taken."""
    read = read_report_rows(sheets, current_year, whole_reports=mode is WriteMode.replace)
    vertical = vertical_form(sheets) if read is None else None
    if vertical is not None:
        raise errors.EmptyFile(
            Text(
                f"file: the sheet {vertical} is a vertical form (指标 / 数量): Lantai reads one row per archive and "
                "year, with each figure in its own column; fill in the import template (GET /imports/reports/template.xlsx)",
                f"file：工作表“{vertical}”是竖排的“指标 / 数量”表：兰台按每个档案馆每年一行、每项数据一列读取；"
                "请使用导入模板填写",
            )
        )
    if read is None:
        raise errors.EmptyFile(
            Text(
                "file: no sheet has a header row with 档案馆代码 (archive_code) and 年度 (year) in its first 20 rows",
                "file：所有工作表的前 20 行中都没有包含“档案馆代码”和“年度”的表头行",
            )
        )
    if read.rows_read == 0 and not read.problems:
        raise errors.EmptyFile(Text("file: the file has a header but no rows", "file：文件只有表头，没有数据行"))
    return read


@dataclass(frozen=True, slots=True)
class CheckedImport:
    """An import checked and planned: its outcome, the writes it would make, and what they rest on."""

    outcome: ImportOutcome
    writes: list[ReportWrite]
    stored: dict[tuple[str, int], ReportColumns]  # the stored reports of the rows, as the check read them
    tree: Hierarchy
    rows: list[ReportRow]  # the file's rows, each with its archive's code (found by name where it had none)


def check_import(
    session: Session,
    read: ReadRows,
    *,
    actor: Actor,
    mode: WriteMode,
    dry_run: bool,
    now: datetime,
    for_update: bool = False,
) -> CheckedImport:
    """Check every row against the archives, the actor's scope and the stored reports; plan the writes (reads only)."""
    check_may_report(actor)
    outcome = ImportOutcome(dry_run, mode, read.rows_read, read.skipped, warnings=list(read.warnings))
    tree = load_hierarchy(session)
    allowed = reportable_archive_codes(session, actor)
    former = identities_in_years(session, {row.year for row in read.reports})
    rows, name_problems = with_codes(read.reports, tree, allowed, former)
    archive_problems = name_problems + _archive_problems(rows, actor, tree, allowed)
    archive_problems += closed_year_problems(session, [row for row in rows if row.archive_code in tree.by_code])
    refused_rows = {problem.row for problem in archive_problems}
    accepted = [row for row in rows if row.row not in refused_rows]
    stored = stored_reports(session, [(row.archive_code, row.year) for row in accepted], for_update=for_update)
    writes, write_problems = _plan(accepted, stored, outcome, actor=actor, now=now)
    outcome.problems = sorted(read.problems + archive_problems + write_problems, key=lambda problem: problem.row or 0)
    outcome.check_warnings = row_warnings(session, accepted)
    return CheckedImport(outcome, writes, stored, tree, rows)


def write_import(
    session: Session, read: ReadRows, checked: CheckedImport, *, actor: Actor, clock: Clock
) -> ImportOutcome:
    """Write a checked import in the session's write transaction, reading again first what the check relied on.

    Every row's archive must still exist and be in the actor's scope, and every
    stored report must be as the check read it (the same revision, status and
    figures; none new): then the checked writes go in as planned. Otherwise the
    file is checked again here, against what the transaction finds (its problems
    then stop the import, as they would have at the start)."""
    if not checked.outcome.written:
        return checked.outcome
    tree = load_hierarchy(session)
    allowed = reportable_archive_codes(session, actor)
    in_scope = all(
        row.archive_code in tree.by_code and (allowed is None or row.archive_code in allowed) for row in checked.rows
    )
    stored = stored_reports(session, [(row.archive_code, row.year) for row in checked.rows], for_update=True)
    if not in_scope or stored != checked.stored:
        mode = checked.outcome.mode
        checked = check_import(session, read, actor=actor, mode=mode, dry_run=False, now=clock(), for_update=True)
    else:
        checked = CheckedImport(checked.outcome, checked.writes, stored, tree, checked.rows)
    if checked.outcome.written:
        _write(session, checked, actor=actor, clock=clock)
    return checked.outcome


def _write(session: Session, checked: CheckedImport, *, actor: Actor, clock: Clock) -> None:
    write_reports(session, checked.writes, actor=actor, clock=clock, archive_path=checked.tree.path)
    outcome = checked.outcome
    data: dict[str, JsonValue] = {"rows_read": outcome.rows_read, "created": outcome.created}
    data |= {"replaced": outcome.replaced, "unchanged": outcome.unchanged, "imported_by": actor.name}
    data["path"] = "/api/v1/reports"
    outbox.emit(session, EventType.import_completed, data, at=clock(), archive_code=actor.archive_code)


def row_warnings(session: Session, rows: Sequence[ReportRow]) -> list[RowWarning]:
    """What the plausibility checks find in each row's figures, read as if the file were stored."""
    proposed = {(row.archive_code, row.year): proposed_figures(row.year, row.figures) for row in rows}
    found = proposed_findings(session, proposed)
    return [
        RowWarning(row.row, row.archive_code, row.year, finding)
        for row in rows
        for finding in found[(row.archive_code, row.year)]
    ]


def _archive_problems(
    reports: Sequence[ReportRow], actor: Actor, tree: Hierarchy, allowed: Collection[str] | None
) -> list[Problem]:
    problems = []
    for row in reports:
        code = row.archive_code
        if code not in tree.by_code:
            text = Text("no archive has this code", "不存在该代码的档案馆")
            problems.append(row.at("archive_code", text, "unknown_archive", code))
        elif allowed is not None and code not in allowed:
            text = Text(
                f"this token ({actor.role} of {actor.archive_code}) may not write the reports of {code}",
                f"该令牌（{actor.role}，{actor.archive_code}）无权填报 {code} 的年报",
            )
            problems.append(row.at("archive_code", text, "forbidden", code))
    return problems


def _plan(
    rows: Sequence[ReportRow],
    stored: Mapping[tuple[str, int], ReportColumns],
    outcome: ImportOutcome,
    *,
    actor: Actor,
    now: datetime,
) -> tuple[list[ReportWrite], list[Problem]]:
    writes: list[ReportWrite] = []
    problems: list[Problem] = []
    for row in rows:
        existing = stored.get((row.archive_code, row.year))
        row_problems = _row_problems(row, existing, outcome.mode)
        version = (
            None
            if row_problems
            else next_version(stored_version(existing), row.figures, outcome.mode, submitted_by=actor.name, now=now)
        )
        if not row_problems and version is None:
            outcome.unchanged += 1
            outcome.warnings += _kept_blank(row, existing, outcome.mode)
            continue
        if not row_problems and existing is not None and is_locked(existing["status"]):
            text = locked_text(row.archive_code, row.year)
            row_problems.append(row.at("year", text, "report_locked", row.year))
        if row_problems or version is None:
            problems += row_problems
            continue
        before = None if existing is None else figures_of(existing)
        outcome.changes.append(
            ReportChange(
                row.archive_code,
                row.year,
                existing is None,
                changes(before, version.figures),
                cleared_by_replace(before, row.figures),
            )
        )
        writes.append(ReportWrite(row.archive_code, row.year, existing, version))
        outcome.created += existing is None
        outcome.replaced += existing is not None
    return writes, problems


def _row_problems(row: ReportRow, existing: ReportColumns | None, mode: WriteMode) -> list[Problem]:
    """A new report without its volumes; digitized above holdings once the figures are merged."""
    if existing is None or mode is WriteMode.replace:
        missing = [key for key in REQUIRED_NAMES if row.figures.get(key) is None]
        if missing:
            text = Text(
                "is empty; a new report needs its volumes held and digitized",
                "为空；新建年报须填写馆藏案卷数和已数字化案卷数",
            )
            return [row.at(missing[0], text, "required")]
    merged = written_figures(None if existing is None else figures_of(existing), row.figures, mode)
    return [
        row.at(key, text, "digitized_exceeds_holdings", merged.get(key), quote=False)
        for key, text in figures_problems(merged)
    ]


def _kept_blank(row: ReportRow, existing: ReportColumns | None, mode: WriteMode) -> list[Text]:
    """A merge row that changes nothing while leaving stored figures blank: which figures stayed as stored."""
    kept = cleared_by_replace(figures_of(existing), row.figures) if existing and mode is WriteMode.merge else []
    if not kept:
        return []
    return [
        Text(
            f"{row.archive_code} {row.year}: left blank, kept as stored: {', '.join(kept)}",
            f"{row.archive_code} {row.year} 年：留空的数据保留原值：{'、'.join(COLUMNS_BY_KEY[key].label_zh for key in kept)}",
        )
    ]


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
    if outcome.created + outcome.replaced == 0:  # figures left blank (merge) are named in the warnings
        return Text(
            f"nothing to change: the file's figures are those stored, nothing changed ({counts.en})",
            f"无需修改：文件中填写的数据均与已存数据一致，没有变化（{counts.zh}）",
        )
    return counts
