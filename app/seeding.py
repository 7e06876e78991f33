"""Load the reference data (and, with demo=True, the illustrative yearly series) from seed/.

Add-only: archives and plans are matched by code, targets by rule and scope,
reports by archive and year. What already exists is skipped, never updated or
deleted, whatever users did to it since (renamed, edited, approved); a row that
cannot be added because what it hangs on is gone is skipped too. The summary
says what was added and what was skipped, and why."""

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlmodel import Session

from app import errors
from app.domain.report_lifecycle import WriteMode
from app.domain.roles import Actor, Role
from app.migrate import PROJECT_ROOT
from app.models import Archive, Plan
from app.models.archive import ArchiveCreate
from app.models.common import utcnow
from app.models.plan import PlanCreate, TargetCreate
from app.models.report import ReportFigures
from app.models.user import UserCreate, UserUpdate
from app.services import archives, plans, users
from app.services.reports import service as reports
from app.services.reports.writer import Author, Submission, write_report
from app.services.seed_history import load_history

SEED_ACTOR = "seed"
Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass
class SeedSummary:
    """What a seed run added, and what it skipped (one line per row, saying why)."""

    archives: int = 0
    plans: int = 0
    targets: int = 0
    reports: int = 0
    skipped: list[str] = field(default_factory=list)


def seed_dir(configured: str | None) -> Path:
    """The folder holding the seed files."""
    return Path(configured) if configured else PROJECT_ROOT / "seed"


def load_seed(
    session: Session, folder: Path, *, demo: bool, current_year: int, on_progress: Progress | None = None
) -> SeedSummary:
    """Load reference.json, and demo_reports.json when `demo`; the caller commits.

    `on_progress(rows done, rows in all)` is called after each archive, target and report."""
    reference = json.loads((folder / "reference.json").read_text(encoding="utf-8"))
    demo_data = json.loads((folder / "demo_reports.json").read_text(encoding="utf-8")) if demo else {}
    demo_rows = demo_data.get("reports", [])
    total = len(reference["archives"]) + sum(len(plan["targets"]) for plan in reference["plans"]) + len(demo_rows)
    counted = _Counter(total, on_progress)
    summary = SeedSummary()
    skipped = summary.skipped
    summary.archives = sum(_load_archive(session, row, skipped) for row in counted(reference["archives"]))
    summary.archives += sum(_load_archive(session, row, skipped) for row in demo_data.get("archives", []))
    load_history(session, reference.get("events", []), demo_data.get("merges", []), skipped)
    for plan_data in reference["plans"]:
        summary.plans += _load_plan(session, plan_data, skipped)
        plan = plans.get_plan(session, plan_data["code"])
        summary.targets += sum(_load_target(session, plan, row, skipped) for row in counted(plan_data["targets"]))
    summary.reports = sum(_load_report(session, row, current_year, skipped) for row in counted(demo_rows))
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


def _load_archive(session: Session, row: dict[str, object], skipped: list[str]) -> int:
    fields = {key: value for key, value in row.items() if key != "source"}
    data = ArchiveCreate.model_validate(fields)
    if session.get(Archive, data.code) is not None:
        skipped.append(f"archive {data.code}: exists, left as it is")
        return 0
    if data.parent_code is not None and session.get(Archive, data.parent_code) is None:
        skipped.append(f"archive {data.code}: its parent {data.parent_code} is gone")
        return 0
    archives.create_archive(session, data)
    return 1


def _load_plan(session: Session, row: dict[str, object], skipped: list[str]) -> int:
    if session.get(Plan, row["code"]) is not None:
        skipped.append(f"plan {row['code']}: exists, left as it is")
        return 0
    fields = {key: row[key] for key in ("code", "name", "start_year", "end_year", "baseline_year")}
    fields |= {key: row[key] for key in ("under", "follows") if key in row}
    plans.create_plan(session, PlanCreate.model_validate(fields))
    return 1


def _load_target(session: Session, plan: Plan, row: dict[str, object], skipped: list[str]) -> int:
    """Add the target unless the plan has it; create_target refuses before it writes anything."""
    try:
        plans.create_target(session, plan, TargetCreate.model_validate(row))
    except errors.TargetExists:
        skipped.append(f"target {row.get('rule')} of plan {plan.code}: exists, left as it is")
        return 0
    except (errors.ArchiveNotFound, errors.InvalidTarget) as refusal:
        skipped.append(f"target {row.get('rule')} of plan {plan.code}: {refusal}")
        return 0
    return 1


def _load_report(session: Session, row: dict[str, object], current_year: int, skipped: list[str]) -> int:
    code, year = str(row["archive_code"]), int(str(row["year"]))
    archive = session.get(Archive, code)
    if archive is None:
        skipped.append(f"report {code}/{year}: the archive is gone")
        return 0
    if reports.find_report(session, code, year) is not None:
        skipped.append(f"report {code}/{year}: exists, left as it is")
        return 0
    figures = ReportFigures.model_validate({k: v for k, v in row.items() if k not in ("archive_code", "year")})
    submission = Submission(code, year, figures.model_dump(), WriteMode.replace)
    write_report(session, submission, Author(Actor(SEED_ACTOR, Role.admin), utcnow, current_year, recorded=False))
    return 1


@dataclass(frozen=True)
class DemoAccount:
    """A demo console account, with its password when it was (re)set now; None when its owner changed it."""

    username: str
    description: str
    password: str | None


# The demo's people (make serve): an admin, a clerk of a county, a chief of its city.
DEMO_USERS = (
    UserCreate(username="admin", display_name="管理员", role=Role.admin),
    UserCreate(
        username="clerk.ly",
        display_name="刘晓梅",
        role=Role.reporter,
        archive_code="HN-CS-LY",
        phone="0731-8301 2345",
    ),
    UserCreate(username="chief.cs", display_name="陈建国", role=Role.supervisor, archive_code="HN-CS"),
)


def seed_demo_users(session: Session, *, actor: Actor) -> list[DemoAccount]:
    """Add the demo accounts that are missing, with new passwords; an account whose password was never
    changed gets a new one (so that it can be shown); a password its owner changed is never reset."""
    accounts = []
    for data in DEMO_USERS:
        description = f"{data.role}{' of ' + data.archive_code if data.archive_code else ''}"
        user = users.find_user(session, data.username)
        if user is None:
            _, password = users.create_user(session, data, actor=actor)
        elif user.must_change_password:
            password = users.generated_password()
            users.update_user(session, user, UserUpdate(password=password), actor=actor)
        else:
            password = None
        accounts.append(DemoAccount(data.username, description, password))
    return accounts
