"""Every refusal is a whole sentence naming what was refused."""

import pytest
from fastapi.testclient import TestClient

from app.domain.permissions import Action
from app.services.access import ACTION_WORDS, ACTION_WORDS_ANYWHERE
from tests.conftest import ClientFactory
from tests.factories import create_archive
from tests.imports.sheets import EN_HEADER, csv_bytes, upload

ROWS = [EN_HEADER, ["HN", 2023, 1000, 400, None, None, None]]


@pytest.fixture
def hunan(client: TestClient) -> None:
    create_archive(client, "HN", level="provincial")


class TestRefusalsNameWhatWasRefused:
    @pytest.mark.usefixtures("hunan")
    def test_a_viewers_import(self, client_as: ClientFactory) -> None:
        answer = upload(client_as("viewer"), csv_bytes(ROWS))
        assert answer.status_code == 403
        assert answer.json()["detail"] == "this token (viewer) may not write the reports of any archive"

    @pytest.mark.usefixtures("hunan")
    def test_a_viewers_import_in_chinese(self, client_as: ClientFactory) -> None:
        answer = upload(client_as("viewer"), csv_bytes(ROWS), lang="zh")
        assert answer.json()["detail"] == "该令牌（viewer）无权填报或修改任何档案馆的年报"

    @pytest.mark.usefixtures("hunan")
    def test_a_reporter_reading_the_audit_trail(self, client_as: ClientFactory) -> None:
        answer = client_as("reporter", "HN").get("/api/v1/audit")
        assert answer.status_code == 403
        assert answer.json()["detail"] == "this token (reporter of HN) may not read the audit trail"

    @pytest.mark.usefixtures("hunan")
    def test_a_refusal_about_one_archive_still_names_it(self, client_as: ClientFactory) -> None:
        create_archive(client_as("admin"), "HB", level="provincial")
        answer = client_as("reporter", "HN").put(
            "/api/v1/archives/HB/reports/2023", json={"holdings_volumes": 1, "digitized_volumes": 1}
        )
        assert answer.json()["detail"] == "this token (reporter of HN) may not write the reports of HB"


@pytest.mark.parametrize("action", list(Action))
def test_every_action_has_its_words_with_and_without_an_archive(action: Action) -> None:
    """A refusal is never a 500 for want of words: a new action needs both entries (the webhooks' once was)."""
    assert action in ACTION_WORDS and action in ACTION_WORDS_ANYWHERE


@pytest.mark.usefixtures("hunan")
def test_a_viewer_may_not_create_a_webhook_and_is_told_so(client_as: ClientFactory) -> None:
    body = {"url": "https://hooks.example.gov.cn/lantai", "events": ["report.submitted"]}
    answer = client_as("viewer").post("/api/v1/webhooks", json=body)
    assert answer.status_code == 403
    assert answer.json()["detail"] == "this token (viewer) may not manage webhooks"
