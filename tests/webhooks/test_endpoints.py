"""The webhook endpoints API: create (secret once), list by scope, change, delete, rotate, test; audited; safe URLs."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from app.db import open_session
from app.models import WebhookEvent
from tests.conftest import ClientFactory
from tests.factories import create_archive

URL = "http://127.0.0.1:9/hooks"
HOOKS = "/api/v1/webhooks"


def create(client: TestClient, url: str = URL, events: tuple[str, ...] = ("report.submitted",)) -> dict:
    response = client.post(HOOKS, json={"url": url, "events": list(events), "description": "OA 系统"})
    assert response.status_code == 201, response.text
    return response.json()


def hierarchy(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")
    create_archive(client, "HN-CS", parent_code="HN")
    create_archive(client, "HB", level="provincial")


class TestCreate:
    def test_answers_the_secret_once_and_never_again(self, client: TestClient) -> None:
        created = create(client)
        assert created["secret"].startswith("whsec_") and len(created["secret"]) >= 6 + 32
        assert created["enabled"] is True and created["archive_code"] is None
        assert created["description"] == "OA 系统"
        read = client.get(f"{HOOKS}/{created['id']}").json()
        assert "secret" not in read and read["url"] == URL
        assert all("secret" not in item for item in client.get(HOOKS).json()["items"])

    def test_reporters_and_viewers_may_not(self, client: TestClient, client_as: ClientFactory) -> None:
        hierarchy(client)
        for role, code in (("reporter", "HN-CS"), ("viewer", None)):
            answer = client_as(role, code).post(HOOKS, json={"url": URL, "events": ["report.submitted"]})
            assert answer.status_code == 403 and answer.json()["error"] == "Forbidden"
            assert client_as(role, code).get(HOOKS).status_code == 403
        assert client.get(HOOKS).json()["total"] == 0

    def test_unknown_event_is_refused(self, client: TestClient) -> None:
        answer = client.post(HOOKS, json={"url": URL, "events": ["report.exploded"]})
        assert answer.status_code == 422 and answer.json()["error"] == "ValidationError"


class TestUnsafeUrls:
    def test_refused_when_saved(self, client: TestClient) -> None:
        for url in (
            "ftp://127.0.0.1/x",
            "http://user:pw@127.0.0.1/x",
            "http://10.1.2.3/x",
            "http://169.254.169.254/latest/meta-data",
            "http://[fe80::1]/x",
            "http://0.0.0.0/x",
            "http://224.0.0.1/x",
            "http://100.64.0.1/x",
        ):
            answer = client.post(HOOKS, json={"url": url, "events": ["report.submitted"]})
            assert answer.status_code == 422, url
            assert answer.json()["error"] == "InvalidWebhookUrl", url
        assert client.get(HOOKS).json()["total"] == 0

    def test_a_change_of_url_is_checked_too(self, client: TestClient) -> None:
        created = create(client)
        answer = client.patch(f"{HOOKS}/{created['id']}", json={"url": "http://192.168.1.1/x"})
        assert answer.status_code == 422 and answer.json()["error"] == "InvalidWebhookUrl"
        assert client.get(f"{HOOKS}/{created['id']}").json()["url"] == URL


class TestScope:
    def test_a_supervisor_sees_its_scope_and_below_only(self, client: TestClient, client_as: ClientFactory) -> None:
        hierarchy(client)
        hn, cs, hb = client_as("supervisor", "HN"), client_as("supervisor", "HN-CS"), client_as("supervisor", "HB")
        national, of_hn, of_cs, of_hb = create(client), create(hn), create(cs), create(hb)
        assert (of_hn["archive_code"], of_cs["archive_code"]) == ("HN", "HN-CS")
        assert {item["id"] for item in hn.get(HOOKS).json()["items"]} == {of_hn["id"], of_cs["id"]}
        assert {item["id"] for item in cs.get(HOOKS).json()["items"]} == {of_cs["id"]}
        assert client.get(HOOKS).json()["total"] == 4
        for other in (national, of_hb):
            assert hb.get(f"{HOOKS}/{other['id']}").status_code in (200, 404)
            answer = cs.get(f"{HOOKS}/{other['id']}")
            assert answer.status_code == 404 and answer.json()["error"] == "WebhookNotFound"
            assert cs.delete(f"{HOOKS}/{other['id']}").status_code == 404
        assert client.get(HOOKS).json()["total"] == 4


class TestChange:
    def test_patch_delete_and_the_audit_trail(self, client: TestClient) -> None:
        created = create(client)
        path = f"{HOOKS}/{created['id']}"
        changed = client.patch(path, json={"events": ["report.approved", "round.overdue"], "enabled": False})
        assert changed.status_code == 200, changed.text
        assert changed.json()["events"] == ["report.approved", "round.overdue"]
        assert changed.json()["enabled"] is False and changed.json()["disabled_reason"]
        enabled = client.patch(path, json={"enabled": True}).json()
        assert enabled["enabled"] is True and enabled["disabled_reason"] is None
        assert client.delete(path).status_code == 204
        assert client.get(path).status_code == 404
        trail = client.get("/api/v1/audit", params={"limit": 10}).json()["items"]
        actions = [entry["action"] for entry in trail if entry["entity"] == "webhook"]
        assert actions == ["webhook.delete", "webhook.update", "webhook.update", "webhook.create"]
        assert all("whsec_" not in str(entry) for entry in trail)

    def test_rotation_keeps_the_old_secret_for_a_day(self, client: TestClient) -> None:
        created = create(client)
        rotated = client.post(f"{HOOKS}/{created['id']}/rotate-secret")
        assert rotated.status_code == 200
        assert rotated.json()["secret"] != created["secret"]
        assert rotated.json()["previous_secret_expires_at"] is not None

    def test_test_event_is_queued_for_that_webhook(self, client: TestClient, engine: Engine) -> None:
        created = create(client)
        assert client.post(f"{HOOKS}/{created['id']}/test").status_code == 204
        session = open_session(engine, write=False, keep=False)
        try:
            events = list(session.scalars(select(WebhookEvent)))
        finally:
            session.close()
        assert [(event.type, event.webhook_id) for event in events] == [("webhook.test", created["id"])]
