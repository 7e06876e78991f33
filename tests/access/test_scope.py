"""The archives an actor may report for, read from the stored hierarchy (used per row by imports and templates)."""

import pytest
from sqlalchemy import Engine

from app.config import Settings
from app.db import open_session
from app.domain.roles import Actor, Role
from app.services.access import reportable_archive_codes
from tests.access.world import build_world


@pytest.mark.parametrize(
    "actor, codes",
    [
        (Actor("root", Role.admin), None),
        (Actor("bureau", Role.supervisor, "P"), {"P", "M", "C", "M2"}),
        (Actor("city", Role.supervisor, "M"), {"M", "C"}),
        (Actor("county", Role.supervisor, "C"), {"C"}),
        (Actor("clerk", Role.reporter, "M"), {"M"}),
        (Actor("analyst", Role.viewer), set()),
        (Actor("gone", Role.supervisor, "NOPE"), set()),
    ],
    ids=["admin-all", "province", "city", "county", "reporter", "viewer", "unknown-archive"],
)
def test_reportable_archive_codes(engine: Engine, settings: Settings, actor: Actor, codes: set[str] | None) -> None:
    build_world(engine, settings.secret)
    session = open_session(engine, write=False)
    try:
        found = reportable_archive_codes(session, actor)
    finally:
        session.close()
    assert found == (None if codes is None else frozenset(codes))
