"""The seed loads the documented archives and plans, marks demo figures, and is idempotent."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from app.db import open_session
from app.models import Archive, Report, ReportRevision, Target
from app.seeding import load_seed, seed_dir


def seed(engine: Engine, *, demo: bool) -> None:
    session = open_session(engine, write=True)
    load_seed(session, seed_dir(None), demo=demo, current_year=2026)
    session.commit()
    session.close()


def counts(engine: Engine) -> tuple[int, ...]:
    session = open_session(engine, write=False)
    result = tuple(
        session.scalar(select(func.count()).select_from(table)) or 0
        for table in (Archive, Target, Report, ReportRevision)
    )
    session.close()
    return result


def test_reference_data_is_real_and_complete(engine: Engine, client: TestClient) -> None:
    seed(engine, demo=False)
    changsha = client.get("/api/v1/archives/HN-CS").json()
    assert (changsha["name"], changsha["region_code"], changsha["parent_code"]) == ("长沙市档案馆", "430100", "HN")
    assert client.get("/api/v1/archives", params={"parent_code": "HN"}).json()["total"] == 14
    targets = client.get("/api/v1/plans/FYP14/targets").json()["items"]
    assert {(t["rule"], t["value"], t["unit"], t["basis"], t["under"]) for t in targets} == {
        ("reach_rate", 80, "pct", "volumes_items", None),
        ("min_growth", 10, "relative_pct", "volumes_items", None),
        ("reach_rate", 70, "pct", "volumes_items", "HB-XY"),
    }
    assert client.get("/api/v1/plans/HN2017").json()["under"] == "HN"
    quotas = {
        (t["level"], t["archive_code"]): t["value"] for t in client.get("/api/v1/plans/HN2017/targets").json()["items"]
    }
    assert quotas == {("municipal", None): 1_000_000, ("county", None): 500_000, (None, "HN"): 2_000_000}
    assert counts(engine)[2] == 0


def test_demo_reports_are_marked_illustrative(engine: Engine, client: TestClient) -> None:
    seed(engine, demo=True)
    report = client.get("/api/v1/archives/HN/reports/2023").json()
    assert "illustrative" in report["note"]
    assert report["submitted_by"] == "seed"


def test_seeding_twice_changes_nothing(engine: Engine) -> None:
    seed(engine, demo=True)
    first = counts(engine)
    seed(engine, demo=True)
    assert counts(engine) == first
    assert first[2] == first[3] > 100
