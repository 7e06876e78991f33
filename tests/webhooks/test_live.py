"""Real processes: `lantai serve` killed with SIGKILL between a write's commit and its delivery, then started
again, delivers the event; the CLI manages webhooks on a server; two workers never send one attempt twice."""

import json
import threading
from collections import Counter
from datetime import timedelta

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from standardwebhooks import Webhook as StandardWebhook

from app.config import Settings
from app.db import Intent, make_engine, session_scope
from app.models.common import utcnow
from app.services.webhooks.fan_out import fan_out
from app.services.webhooks.worker import LEASE, DeliveryConfig, claim, run_once
from tests.conftest import TokenFactory
from tests.factories import bearer, create_archive, put_report, report_body
from tests.harness import Server, lantai_command
from tests.webhooks.receiver import receiving

DELIVERING = {"LANTAI_WEBHOOK_DELIVERY": "true", "LANTAI_WEBHOOK_POLL_SECONDS": "0.2"}


def test_sigkill_between_commit_and_delivery_then_restart_delivers(database_url: str, token_for: TokenFactory) -> None:
    token = token_for("admin", name="ops")
    with receiving() as receiver:
        server = Server(database_url, env={"LANTAI_WEBHOOK_DELIVERY": "false"})
        try:
            with httpx.Client(base_url=server.url, headers=bearer(token), timeout=30) as http:
                assert http.post("/api/v1/archives", json={"code": "HN", "name": "湖南省档案馆", "level": "provincial",
                                                           "kind": "comprehensive"}).status_code == 201  # fmt: skip
                hook = http.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["report.submitted"]}).json()
                assert http.put("/api/v1/archives/HN/reports/2023", json=report_body()).status_code == 201
        finally:
            server.kill()  # SIGKILL: the write is committed, its event not yet delivered
        assert receiver.received == []
        with Server(database_url, env=DELIVERING) as restarted:
            got = receiver.wait_for(1)
            url, auth = ["--url", restarted.url], ["--token", token, "--format", "json"]
            listed = json.loads(lantai_command("webhooks", "list", *url, *auth, database_url=database_url))
            log = json.loads(
                lantai_command("webhooks", "deliveries", str(hook["id"]), *url, *auth, database_url=database_url)
            )
            again = json.loads(
                lantai_command(
                    "webhooks", "redeliver", str(hook["id"]), str(log["items"][0]["id"]), *url, *auth,
                    database_url=database_url,
                )
            )  # fmt: skip
            assert receiver.wait_for(2)[1].headers["webhook-id"] == got[0].headers["webhook-id"]
    payload = StandardWebhook(hook["secret"]).verify(got[0].body, got[0].headers)
    assert payload["data"]["archive_code"] == "HN" and payload["type"] == "report.submitted"
    assert [item["id"] for item in listed["items"]] == [hook["id"]]
    assert log["items"][0]["status"] == "succeeded" and again["status"] == "pending"


@pytest.mark.usefixtures("engine")
def test_two_workers_never_send_one_attempt_twice(client: TestClient, settings: Settings) -> None:
    create_archive(client, "HN", level="provincial")
    with receiving() as receiver:
        client.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["report.submitted"]})
        for year in range(1990, 2020):
            put_report(client, "HN", year)
        config = DeliveryConfig.from_settings(settings)
        engines = [make_engine(settings) for _ in range(3)]

        def work(own: Engine) -> None:
            while run_once(own, config):
                pass

        workers = [threading.Thread(target=work, args=(own,)) for own in engines]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        for own in engines:
            own.dispose()
        got = receiver.wait_for(30)
    sent = Counter(request.headers["webhook-id"] for request in got)
    assert len(sent) == 30 and set(sent.values()) == {1}


def test_an_attempt_claimed_by_a_worker_that_died_is_sent_once_its_lease_ends(
    client: TestClient, engine: Engine, settings: Settings
) -> None:
    create_archive(client, "HN", level="provincial")
    config = DeliveryConfig.from_settings(settings)
    with receiving() as receiver:
        client.post("/api/v1/webhooks", json={"url": receiver.url, "events": ["report.submitted"]})
        put_report(client, "HN", 2023)
        start = utcnow()
        with session_scope(engine, Intent.write) as session:
            fan_out(session, start, config.zone)
        with session_scope(engine, Intent.write) as session:
            assert len(claim(session, start)) == 1  # claimed and committed; then the worker dies before sending
        assert run_once(engine, config, clock=lambda: start + LEASE / 2) == 0  # nobody takes it meanwhile
        assert run_once(engine, config, clock=lambda: start + LEASE + timedelta(seconds=1)) == 1
        assert len(receiver.wait_for(1)) == 1
