"""Small builders of valid request bodies, so each test states only what it varies."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlmodel import SQLModel

from app.db import open_session


def bearer(token: str) -> dict[str, str]:
    """Headers that send this token instead of the client's own."""
    return {"Authorization": f"Bearer {token}"}


def archive_body(code: str, *, level: str = "municipal", parent_code: str | None = None, **fields: object) -> dict:
    body: dict[str, object] = {"code": code, "name": f"{code} 档案馆", "level": level, "kind": "comprehensive"}
    if parent_code is not None:
        body["parent_code"] = parent_code
    return body | fields


def create_archive(client: TestClient, code: str, **kwargs: object) -> dict:
    response = client.post("/api/v1/archives", json=archive_body(code, **kwargs))
    assert response.status_code == 201, response.text
    return response.json()


def report_body(holdings: int = 1000, digitized: int = 500, **fields: object) -> dict:
    return {"holdings_volumes": holdings, "digitized_volumes": digitized} | fields


def put_report(client: TestClient, code: str, year: int, **fields: object) -> dict:
    response = client.put(f"/api/v1/archives/{code}/reports/{year}", json=report_body(**fields))
    assert response.status_code in (200, 201), response.text
    return response.json()


def record_event(client: TestClient, code: str, **body: object) -> dict:
    """Record a dated event of an archive (rename, reparent, close...) that must be accepted; its answer."""
    response = client.post(f"/api/v1/archives/{code}/events", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def create_plan(client: TestClient, code: str = "FYP14", start: int = 2021, end: int = 2025) -> dict:
    body = {"code": code, "name": "十四五", "start_year": start, "end_year": end, "baseline_year": start - 1}
    response = client.post("/api/v1/plans", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def create_target(client: TestClient, plan: str = "FYP14", **body: object) -> dict:
    response = client.post(f"/api/v1/plans/{plan}/targets", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def store(engine: Engine, *rows: SQLModel) -> None:
    """Write rows straight into the database, past the API's validation (e.g. data stored by older versions)."""
    session = open_session(engine, write=True)
    try:
        session.add_all(rows)
        session.commit()
    finally:
        session.close()
