"""One text policy for every text a person types.

No control character, bidirectional override or invisible character in any name, note,
comment or source; a required text (a name, a return's comment) shows something.
"""

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ClientFactory, TokenFactory
from tests.factories import archive_body, create_archive, create_plan, put_report
from tests.rounds.world import ROUND

HIDDEN = {
    "NUL": "a\x00b",
    "ESC": "a\x1b[31mb",
    "right-to-left override": "a\u202eb",
    "zero-width space": "a\u200bb",
    "zero-width joiner": "a\u200db",
    "byte order mark": "\ufeffab",
    "Hangul filler": "a\u3164",
}
REACH = {"rule": "reach_rate", "value": 80, "unit": "pct", "basis": "volumes", "level": "county"}


def world_database(client: TestClient, _token_for: TokenFactory) -> None:
    create_archive(client, "HN", level="provincial")
    create_plan(client)
    put_report(client, "HN", 2023)


pytestmark = pytest.mark.built_by.with_args(world_database)  # built once a run, copied for each test


def refused(answer: object, field: str) -> bool:
    body = answer.json()  # type: ignore[attr-defined]
    return answer.status_code == 422 and body["error"] == "ValidationError" and field in body["detail"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("text", HIDDEN.values(), ids=HIDDEN.keys())
class TestHiddenCharacters:
    def test_in_a_rounds_name(self, client: TestClient, text: str) -> None:
        assert refused(client.post("/api/v1/rounds", json=ROUND | {"under": "HN", "name": text}), "name")

    def test_in_a_targets_source(self, client: TestClient, text: str) -> None:
        answer = client.post("/api/v1/plans/FYP14/targets", json=REACH | {"source": text})
        assert refused(answer, "source")
        assert client.get("/api/v1/plans/FYP14/targets").json()["total"] == 0

    def test_in_an_archives_name(self, client: TestClient, text: str) -> None:
        assert refused(client.post("/api/v1/archives", json=archive_body("HN-X", name=text)), "name")

    def test_in_a_tokens_name(self, client: TestClient, text: str) -> None:
        assert refused(client.post("/api/v1/tokens", json={"role": "viewer", "name": text}), "name")

    def test_in_a_note(self, client: TestClient, text: str) -> None:
        answer = client.patch("/api/v1/archives/HN/reports/2023", json={"note": text})
        assert refused(answer, "note")


class TestVisibleContent:
    @pytest.mark.parametrize("comment", ["\u200b", "   ", "\u3000\u3000"])
    def test_a_return_needs_a_comment_that_shows_something(self, client_as: ClientFactory, comment: str) -> None:
        reviewer = client_as("admin", name="second.admin")
        answer = reviewer.post("/api/v1/archives/HN/reports/2023/return", json={"comment": comment})
        assert refused(answer, "comment")
        assert reviewer.get("/api/v1/archives/HN/reports/2023").json()["status"] == "submitted"

    @pytest.mark.parametrize("path", ["/api/v1/rounds", "/api/v1/archives"])
    def test_a_name_of_spaces_is_no_name(self, client: TestClient, path: str) -> None:
        body = ROUND | {"under": "HN", "name": "  "} if path.endswith("rounds") else archive_body("HN-X", name=" ")
        assert refused(client.post(path, json=body), "name")

    def test_a_note_and_a_comment_keep_their_line_breaks(self, client_as: ClientFactory) -> None:
        reviewer = client_as("admin", name="second.admin")
        answer = reviewer.post("/api/v1/archives/HN/reports/2023/return", json={"comment": "第一行\n第二行\t核对"})
        assert answer.status_code == 200, answer.text

    def test_in_chinese(self, client: TestClient) -> None:
        answer = client.post(
            "/api/v1/rounds", json=ROUND | {"under": "HN", "name": "a\u200bb"}, headers={"Accept-Language": "zh"}
        )
        assert "不可见字符" in answer.json()["detail"]
