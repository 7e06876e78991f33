"""Load the reference data (and, with demo=True, the illustrative yearly series) from seed/.

Idempotent: archives and plans are matched by code, targets by rule and scope,
reports by archive and year; running it again changes nothing."""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session

from app import errors
from app.domain.report_lifecycle import WriteMode
from app.migrate import PROJECT_ROOT
from app.models import Archive, Plan
from app.models.archive import ArchiveCreate, ArchiveUpdate
from app.models.common import utcnow
from app.models.plan import PlanCreate, TargetCreate
from app.models.report import ReportFigures
from app.services import archives, plans
from app.services.reports.writer import WriteRequest, write_report

SEED_ACTOR = "seed"
Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass
class SeedSummary:
    """What a seed run added."""

    archives: int = 0
    plans: int = 0
    targets: int = 0
    reports: int = 0


def seed_dir(configured: str | None) -> Path:
    """The folder holding the seed files."""
    return Path(configured) if configured else PROJECT_ROOT / "seed"


def load_seed(
    session: Session, folder: Path, *, demo: bool, current_year: int, on_progress: Progress | None = None
) -> SeedSummary:
    """Load reference.json, and demo_reports.json when `demo`; the caller commits.

    `on_progress(rows done, rows in all)` is called after each archive, target and report."""
    reference = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    demo_rows = json.loads((folder / "demo_reports.json").read_text(encoding="utf-8"))["reports"] if demo else []
    total = len(reference["archives"]) + sum(len(plan["targets"]) for plan in reference["plans"]) + len(demo_rows)
    counted = _Counter(total, on_progress)
    summary = SeedSummary()
    summary.archives = _load_archives(session, counted(reference["archives"]))
    for plan_data in reference["plans"]:
        summary.plans += _load_plan(session, plan_data)
        plan = plans.get_plan(session, plan_data["code"])
        summary.targets += sum(_load_target(session, plan, target) for target in counted(plan_data["targets"]))
    summary.reports = _load_reports(session, counted(demo_rows), current_year)
    return summary


class _Counter:
    """Wraps the rows of each step so that on_progress hears of every row done."""

    def __init__(self, total: int, on_progress: Progress | None) -> None:
        self.total, self.done, self.on_progress = total, 0, on_progress

    def __call__(self, rows: Iterable[T]) -> Iterator[T]:
        for row in rows:
            yield row
            self.done += 1
            if self.on_progress is not None:
                self.on_progress(self.done, self.total)


def _load_archives(session: Session, rows: Iterable[dict[str, object]]) -> int:
    added = 0
    for row in rows:
        fields = {key: value for key, value in row.items() if key != "source"}
        existing = session.get(Archive, fields["code"])
        if existing is None:
            archives.create_archive(session, ArchiveCreate.model_validate(fields))
            added += 1
            continue
        changes = {key: value for key, value in fields.items() if key != "code" and getattr(existing, key) != value}
        if changes:
            archives.update_archive(session, existing, ArchiveUpdate.model_validate(changes))
    return added


def _load_plan(session: Session, row: dict[str, object]) -> int:
    if session.get(Plan, row["code"]) is not None:
        return 0
    fields = {key: row[key] for key in ("code", "name", "start_year", "end_year", "baseline_year")}
    plans.create_plan(session, PlanCreate.model_validate(fields))
    return 1


def _load_target(session: Session, plan: Plan, row: dict[str, object]) -> int:
    try:
        plans.create_target(session, plan, TargetCreate.model_validate(row))
    except errors.TargetExists:
        return 0
    return 1


def _load_reports(session: Session, rows: Iterable[dict[str, object]], current_year: int) -> int:
    written = 0
    for row in rows:
        archive = archives.get_archive(session, str(row["archive_code"]))
        figures = ReportFigures.model_validate({k: v for k, v in row.items() if k not in ("archive_code", "year")})
        request = WriteRequest(
            archive, int(str(row["year"])), figures.model_dump(), WriteMode.replace, SEED_ACTOR, current_year, utcnow()
        )
        written += write_report(session, request).created
    return written
