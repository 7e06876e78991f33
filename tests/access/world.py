"""A small archive hierarchy with reports, a plan and a token, written straight into the database.

    P (provincial)
    ├── M (municipal)      the scoped tokens act for M
    │   └── C (county)
    └── M2 (municipal)

Each archive has a submitted 2023 report and an approved 2022 report (unless
built without reports); plan FYP14 has one default target; one spare viewer
token exists for revoking.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, Engine, func, insert, select

from app.db import open_session
from app.models import ApiToken, Archive, AuditEntry, Plan, Report, ReportRevision, Target
from app.models.common import utcnow
from app.services import archives
from app.services.token_secrets import new_token, token_hash

ARCHIVES = (("P", "provincial", None), ("M", "municipal", "P"), ("C", "county", "M"), ("M2", "municipal", "P"))
# Where each scope's archive sits relative to M, the scoped tokens' own archive.
SCOPES = {"own": "M", "below": "C", "above": "P", "elsewhere": "M2"}
# The archives below each one, deepest first: removed before an allowed delete.
BELOW = {"P": ("C", "M", "M2"), "M": ("C",), "C": (), "M2": ()}


@dataclass(frozen=True)
class World:
    """The ids a test needs to name things in paths."""

    target_id: int
    spare_token_id: int


def build_world(engine: Engine, secret: str, *, with_reports: bool = True) -> World:
    """Write the hierarchy (and its reports), the plan and a spare token, in bulk."""
    now = utcnow()
    stamps = {"created_at": now, "updated_at": now}
    with engine.begin() as connection:
        connection.execute(
            insert(Archive),
            [
                {"code": code, "name": f"{code} 档案馆", "level": level, "kind": "comprehensive", "parent_code": parent}
                | stamps
                for code, level, parent in ARCHIVES
            ],
        )
        if with_reports:
            _add_reports(connection, now)
        connection.execute(
            insert(Plan), [{"code": "FYP14", "name": "十四五", "start_year": 2021, "end_year": 2025, "created_at": now}]
        )
        target_id = connection.scalar(
            insert(Target).returning(Target.id),
            [
                {
                    "plan_code": "FYP14",
                    "rule": "reach_rate",
                    "value": 80,
                    "unit": "pct",
                    "basis": "volumes",
                    "level": "county",
                    "created_at": now,
                }
            ],
        )
        spare_id = connection.scalar(
            insert(ApiToken).returning(ApiToken.id),
            [
                {
                    "name": "spare",
                    "role": "viewer",
                    "token_hash": token_hash(new_token(), secret),
                    "created_by": "tests",
                    "created_at": now,
                }
            ],
        )
    return World(target_id=target_id or 0, spare_token_id=spare_id or 0)


def remove_below(engine: Engine, code: str) -> None:
    """Delete the archives below `code`, so that it can be deleted itself."""
    session = open_session(engine, write=True)
    try:
        for below in BELOW[code]:
            archives.delete_archive(session, archives.get_archive(session, below))
        session.commit()
    finally:
        session.close()


def snapshot(engine: Engine) -> tuple[object, ...]:
    """Everything a refused request must leave as it was."""
    session = open_session(engine, write=False)
    try:
        return (
            session.execute(select(Archive.code, Archive.name, Archive.parent_code).order_by(Archive.code)).all(),
            session.execute(
                select(
                    Report.archive_code, Report.year, Report.revision, Report.status, Report.digitized_volumes
                ).order_by(Report.archive_code, Report.year)
            ).all(),
            session.execute(select(Plan.code).order_by(Plan.code)).all(),
            session.execute(select(Target.id).order_by(Target.id)).all(),
            session.execute(select(ApiToken.id, ApiToken.revoked_at).order_by(ApiToken.id)).all(),
        )
    finally:
        session.close()


def audit_count(engine: Engine) -> int:
    """How many rows the audit trail holds."""
    session = open_session(engine, write=False)
    try:
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    finally:
        session.close()


def _add_reports(connection: Connection, now: datetime) -> None:
    rows = [
        {
            "archive_code": code,
            "year": year,
            "revision": 1,
            "holdings_volumes": 1000,
            "digitized_volumes": 500,
            "submitted_by": "world",
            "submitted_at": now,
        }
        for code, _, _ in ARCHIVES
        for year in (2022, 2023)
    ]
    ids = connection.scalars(
        insert(Report).returning(Report.id, sort_by_parameter_order=True),
        [row | {"created_at": now, "status": "approved" if row["year"] == 2022 else "submitted"} for row in rows],
    ).all()
    connection.execute(insert(ReportRevision), [row | {"report_id": id_} for row, id_ in zip(rows, ids, strict=True)])
