"""Delivery to a real receiver on 127.0.0.1: every event type, signed as Standard Webhooks verifies; retries, 410, scope."""

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from standardwebhooks import Webhook as StandardWebhook

from app.config import Settings
from app.models.common import utcnow
from app.models.webhook import EventType
from app.services.webhooks.worker import DeliveryConfig, run_once
from tests.conftest import ClientFactory
from tests.factories import create_archive, put_report
from tests.imports.sheets import EN_HEADER, csv_bytes, upload
from tests.scenario import build_scenario
from tests.webhooks.receiver import Received, Receiver, receiving

HOOKS = "/api/v1/webhooks"
EVERY_EVENT = [event.value for event in EventType if event is not EventType.webhook_test]


def deliver(engine: Engine, settings: Settings, clock: Callable[[], datetime] = utcnow, passes: int = 5) -> int:
    """Run the worker's passes until one has nothing to do; how many attempts were made."""
    config = DeliveryConfig.from_settings(settings)
    made = 0
    for _ in range(passes):
        done = run_once(engine, config, clock=clock)
        made += done
        if done == 0:
            break
    return made


def subscribe(client: TestClient, receiver: Receiver, events: list[str] = EVERY_EVENT) -> dict:
    response = client.post(HOOKS, json={"url": receiver.url, "events": events})
    assert response.status_code == 201, response.text
    return response.json()


def verified(secret: str, received: Received) -> dict:
    """The payload, once the standardwebhooks package has verified its signature and timestamp."""
    return StandardWebhook(secret).verify(received.body, received.headers)


def types(received: list[Received]) -> list[str]:
    return [json.loads(request.body)["type"] for request in received]


class TestEveryEvent:
    def test_each_type_arrives_signed(
        self, client: TestClient, client_as: ClientFactory, engine: Engine, settings: Settings
    ) -> None:
        with receiving() as receiver:
            hook = subscribe(client, receiver)
            build_scenario(client)  # reports written: report.submitted, compliance.status_changed
            reviewer = client_as("admin", name="reviewer")
            base = "/api/v1/archives/HN-ZZ/reports/2023"
            assert reviewer.post(f"{base}/return", json={"comment": "数字有误"}).status_code == 200
            put_report(client, "HN-ZZ", 2023, holdings=1000, digitized=320)
            assert reviewer.post(f"{base}/approve", json={"comment": "好"}).status_code == 200
            assert reviewer.post(f"{base}/reopen", json={"comment": "再看"}).status_code == 200
            yesterday = date.today() - timedelta(days=1)
            round_body = {"year": 2023, "name": "2023年度年报", "opens_on": str(yesterday - timedelta(days=30))}
            assert client.post("/api/v1/rounds", json=round_body | {"due_on": str(yesterday)}).status_code == 201
            assert (
                upload(client, csv_bytes([EN_HEADER, ["HN-ZZ-YX", 2023, 100, 10, None, None, None]])).status_code == 200
            )
            assert client.post(f"{HOOKS}/{hook['id']}/test").status_code == 204
            deliver(engine, settings)
            got = receiver.received
        assert set(types(got)) == {event.value for event in EventType}
        payloads = [verified(hook["secret"], request) for request in got]
        assert len({request.headers["webhook-id"] for request in got}) == len(got)
        overdue = next(payload for payload in payloads if payload["type"] == "round.overdue")
        assert overdue["data"]["missing"] == ["HN"]  # HN-ZZ-YX reported by the import before the worker looked
        assert overdue["data"]["counts"]["expected"] == 5
        changed = [payload["data"] for payload in payloads if payload["type"] == "compliance.status_changed"]
        first_report = {"archive_code": "HN-CS", "plan": "FYP14", "old_status": "no_data"}.items()
        assert any(first_report <= data.items() for data in changed), changed  # deliveries arrive in any order
        approved = next(payload for payload in payloads if payload["type"] == "report.approved")
        assert approved["data"] == {
            "archive_code": "HN-ZZ",
            "year": 2023,
            "revision": 2,
            "status": "approved",
            "path": "/api/v1/archives/HN-ZZ/reports/2023",
        }
        imported = next(payload for payload in payloads if payload["type"] == "import.completed")
        assert (imported["data"]["rows_read"], imported["data"]["created"]) == (1, 1)


class TestRetries:
    def test_500_500_200_is_three_attempts_of_one_message(
        self, client: TestClient, engine: Engine, settings: Settings
    ) -> None:
        create_archive(client, "HN", level="provincial")
        start = utcnow()
        with receiving([500, 500, 200]) as receiver:
            hook = subscribe(client, receiver, ["report.submitted"])
            put_report(client, "HN", 2023)
            for seconds in (0, 3, 30):  # the retries wait about 1 s, then 2 s (LANTAI_WEBHOOK_RETRY_SCHEDULE=1,2,4)
                assert deliver(engine, settings, clock=lambda s=seconds: start + timedelta(seconds=s), passes=1) == 1
            assert deliver(engine, settings, clock=lambda: start + timedelta(hours=1)) == 0
            got = receiver.received
        assert len(got) == 3
        assert len({request.headers["webhook-id"] for request in got}) == 1
        assert len({request.body for request in got}) == 1
        for request in got:
            verified(hook["secret"], request)
        log = client.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"]
        assert [attempt["status_code"] for attempt in log[0]["attempts"]] == [500, 500, 200]
        assert log[0]["status"] == "succeeded" and log[0]["next_attempt_at"] is None
        assert log[0]["attempts"][0]["response_body"].startswith("answered 500")
        assert len(log[0]["attempts"][0]["response_body"]) == 1024

    def test_410_disables_the_endpoint(self, client: TestClient, engine: Engine, settings: Settings) -> None:
        create_archive(client, "HN", level="provincial")
        with receiving([410]) as receiver:
            hook = subscribe(client, receiver, ["report.submitted"])
            put_report(client, "HN", 2023)
            deliver(engine, settings)
            put_report(client, "HN", 2024)
            deliver(engine, settings)
            assert len(receiver.received) == 1
        read = client.get(f"{HOOKS}/{hook['id']}").json()
        assert read["enabled"] is False and "410" in read["disabled_reason"]
        failed = client.get(f"{HOOKS}/{hook['id']}/deliveries", params={"status": "failed"}).json()
        assert failed["total"] == 1

    def test_an_endpoint_failing_for_five_days_is_disabled(
        self, client: TestClient, engine: Engine, settings: Settings
    ) -> None:
        create_archive(client, "HN", level="provincial")
        start = utcnow()
        with receiving([503, 302]) as receiver:
            hook = subscribe(client, receiver, ["report.submitted"])
            put_report(client, "HN", 2023)
            assert receiver.received == []  # the request only wrote its event: nothing is sent inside it
            assert deliver(engine, settings, clock=lambda: start, passes=1) == 1
            assert client.get(f"{HOOKS}/{hook['id']}").json()["failing_since"] is not None
            five_days_on = start + timedelta(days=5, seconds=1)
            assert deliver(engine, settings, clock=lambda: five_days_on, passes=1) == 1  # a redirect is not followed
            assert len(receiver.received) == 2
        read = client.get(f"{HOOKS}/{hook['id']}").json()
        assert read["enabled"] is False and "every attempt failed" in read["disabled_reason"]
        log = client.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"][0]
        assert [attempt["status_code"] for attempt in log["attempts"]] == [503, 302]

    def test_redelivery_sends_the_same_message_once_more(
        self, client: TestClient, engine: Engine, settings: Settings
    ) -> None:
        create_archive(client, "HN", level="provincial")
        with receiving() as receiver:
            hook = subscribe(client, receiver, ["report.submitted"])
            put_report(client, "HN", 2023)
            deliver(engine, settings)
            rotated = client.post(f"{HOOKS}/{hook['id']}/rotate-secret").json()
            delivery = client.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"][0]
            again = client.post(f"{HOOKS}/{hook['id']}/deliveries/{delivery['id']}/redeliver")
            assert again.status_code == 202 and again.json()["status"] == "pending"
            deliver(engine, settings)
            first, second = receiver.wait_for(2)
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        verified(rotated["secret"], second)
        verified(hook["secret"], second)  # the old secret still signs beside the new one for a day
        assert len(second.headers["webhook-signature"].split(" ")) == 2
        log = client.get(f"{HOOKS}/{hook['id']}/deliveries").json()["items"][0]
        assert [attempt["number"] for attempt in log["attempts"]] == [1, 2]
        missing = client.post(f"{HOOKS}/{hook['id']}/deliveries/99999/redeliver")
        assert missing.status_code == 404 and missing.json()["error"] == "DeliveryNotFound"


class TestScope:
    def test_a_supervisor_hears_nothing_outside_its_scope(
        self, client: TestClient, client_as: ClientFactory, engine: Engine, settings: Settings
    ) -> None:
        create_archive(client, "HN", level="provincial")
        create_archive(client, "HN-CS", parent_code="HN")
        create_archive(client, "HB", level="provincial")
        with receiving() as of_hn, receiving() as national:
            subscribe(client_as("supervisor", "HN"), of_hn, ["report.submitted", "round.opened", "import.completed"])
            subscribe(client, national, ["report.submitted"])
            put_report(client, "HB", 2023)
            put_report(client, "HN-CS", 2023)
            deliver(engine, settings)
            heard = [request.body for request in of_hn.received]
            everything = national.received
        assert len(heard) == 1 and b'"HN-CS"' in heard[0] and b"HB" not in heard[0]
        assert len(everything) == 2


class TestNothingOnRollback:
    def test_a_refused_write_emits_nothing(self, client: TestClient, engine: Engine, settings: Settings) -> None:
        create_archive(client, "HN", level="provincial")
        with receiving() as receiver:
            subscribe(client, receiver, ["report.submitted"])
            refused = client.put(
                "/api/v1/archives/HN/reports/2023", json={"holdings_volumes": 10, "digitized_volumes": 99}
            )
            assert refused.status_code == 422
            assert deliver(engine, settings) == 0
            assert receiver.received == []


def test_the_retry_schedule_is_read_from_the_settings(settings: Settings) -> None:
    assert DeliveryConfig.from_settings(settings).schedule == (1.0, 2.0, 4.0)  # LANTAI_WEBHOOK_RETRY_SCHEDULE=1,2,4
