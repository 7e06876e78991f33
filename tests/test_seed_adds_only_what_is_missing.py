"""`lantai seed --demo` (run by every `make serve`) only adds what is missing."""

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.cli import main
from app.config import get_settings
from tests.conftest import ClientFactory
from tests.test_seed import seed

REPORT = "/api/v1/archives/HN/reports/2023"


@pytest.fixture
def seed_command(database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`lantai seed` pointed at this test's database."""
    monkeypatch.setenv("LANTAI_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("seed_command")
def test_edits_and_approvals_survive_a_second_seed(
    engine: Engine, client: TestClient, client_as: ClientFactory, capsys: pytest.CaptureFixture
) -> None:
    seed(engine, demo=True)
    assert client.patch("/api/v1/archives/HN-CS", json={"name": "长沙市档案馆（新馆）"}).status_code == 200
    figures = {k: v for k, v in client.get(REPORT).json().items() if k in ("holdings_volumes", "digitized_volumes")}
    figures["digitized_volumes"] += 1
    assert client.put(REPORT, json=figures).status_code in (200, 201)
    assert client_as("supervisor", "HN").post(f"{REPORT}/approve").status_code == 200
    report_before = client.get(REPORT).json()
    audit_before = client.get("/api/v1/audit").json()["total"]

    assert main(["seed", "--demo"]) == 0

    assert client.get("/api/v1/archives/HN-CS").json()["name"] == "长沙市档案馆（新馆）"
    assert client.get(REPORT).json() == report_before
    assert report_before["status"] == "approved"
    assert client.get("/api/v1/audit").json()["total"] == audit_before
    assert "0 reports added" in capsys.readouterr().err


def test_a_deleted_archive_is_skipped_and_said(engine: Engine, client: TestClient) -> None:
    from app.db import open_session
    from app.seeding import load_seed, seed_dir

    seed(engine, demo=False)
    assert client.delete("/api/v1/archives/HN-CS-LY").status_code == 204
    assert client.delete("/api/v1/archives/HN-CS").status_code == 409  # it still has children
    session = open_session(engine, write=True)
    summary = load_seed(session, seed_dir(None), demo=False, current_year=2026)
    session.commit()
    session.close()
    assert summary.archives == 1  # the deleted county archive is added back, as missing
    assert any(line.startswith("archive HN-CS:") for line in summary.skipped)
