"""What a report's PUT and PATCH record beside the report: its audit row and its report.submitted event,
exactly as the answer shows the report (the rows are built before the write takes its place in the
change sequence, and its place and time filled in after: app.services.reports.bulk.PlannedWrites)."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.db import open_session
from app.models import WebhookEvent
from tests.factories import create_archive, report_body

URL = "/api/v1/archives/HN-CS/reports/2025"


@pytest.fixture(autouse=True)
def world(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")


def events(engine: Engine) -> list[WebhookEvent]:
    session = open_session(engine, write=False, keep=False)
    try:
        return list(session.scalars(select(WebhookEvent).order_by(WebhookEvent.id)))  # type: ignore[arg-type]
    finally:
        session.close()


def test_the_audit_rows_and_events_show_each_version_as_its_answer(client: TestClient, engine: Engine) -> None:
    answers = [
        client.put(URL, json=report_body(470_000, 200_000)),
        client.put(URL, json=report_body(470_000, 210_000)),
        client.patch(URL, json={"digitized_volumes": 220_000}),
    ]
    assert [answer.status_code for answer in answers] == [201, 200, 200]
    shown = [answer.json() | {"warnings": []} for answer in answers]  # the trail keeps no warnings
    trail = client.get("/api/v1/audit", params={"archive_code": "HN-CS", "order": "at"}).json()["items"]
    written = [entry for entry in trail if entry["entity"] == "report"]
    assert [entry["after"] for entry in written] == shown
    assert [entry["before"] for entry in written] == [None, *shown[:2]]
    assert [entry["at"] for entry in written] == [version["submitted_at"] for version in shown]
    submitted = [event for event in events(engine) if event.type == "report.submitted"]
    assert [event.payload["timestamp"] for event in submitted] == [version["submitted_at"] for version in shown]
    assert [event.payload["data"]["revision"] for event in submitted] == [1, 2, 3]
