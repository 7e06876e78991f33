"""Every field an answer always carries is required in the OpenAPI schema,
so a generated client needs no guard; and the answers keep that promise."""

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.factories import put_report
from tests.rounds.world import build_archives, create_round
from tests.scenario import PLAN, YEAR, scenario_database

Schema = dict[str, Any]


def resolve(document: Schema, node: Schema) -> Schema:
    while "$ref" in node:
        node = document["components"]["schemas"][node["$ref"].split("/")[-1]]
    return node


def missing_required(document: Schema, node: Schema, value: object, where: str) -> list[str]:
    """Every required field of the schema that the value leaves out, at any depth."""
    node = resolve(document, node)
    choices = node.get("anyOf") or node.get("oneOf")
    if choices:
        options = [resolve(document, choice) for choice in choices if resolve(document, choice).get("type") != "null"]
        return (
            [] if value is None else missing_required(document, options[0], value, where) if len(options) == 1 else []
        )
    if isinstance(value, dict) and "properties" in node:
        found = [f"{where}.{name}" for name in node.get("required", []) if name not in value]
        for name, sub in node["properties"].items():
            if name in value:
                found += missing_required(document, sub, value[name], f"{where}.{name}")
        return found
    if isinstance(value, list) and "items" in node:
        return [problem for item in value[:3] for problem in missing_required(document, node["items"], item, where)]
    return []


def answer_schema(document: Schema, path: str) -> Schema:
    return document["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]


class TestRequiredFields:
    def test_a_reports_warnings_are_required(self, client: TestClient) -> None:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
        assert "warnings" in schemas["ReportPublic"]["required"]
        assert "next_change" in schemas["ReportSyncPage"]["required"]

    def test_a_request_bodys_defaults_stay_optional(self, client: TestClient) -> None:
        schemas = client.get("/openapi.json").json()["components"]["schemas"]
        assert "kind" not in schemas["ArchiveCreate"].get("required", [])
        assert "note" not in schemas["ReportFigures"].get("required", [])

    @pytest.mark.parametrize(
        ("template", "path"),
        [
            ("/api/v1/archives/{code}/reports/{year}", "/api/v1/archives/HN-CS/reports/2023"),
            ("/api/v1/archives/{code}/reports", "/api/v1/archives/HN-CS/reports"),
            ("/api/v1/reports", "/api/v1/reports?since_change=0"),
            ("/api/v1/archives", "/api/v1/archives"),
            ("/api/v1/archives/{code}", "/api/v1/archives/HN-CS"),
            ("/api/v1/plans/{code}/targets", f"/api/v1/plans/{PLAN}/targets"),
            ("/api/v1/compliance", f"/api/v1/compliance?plan={PLAN}&year={YEAR}"),
            ("/api/v1/archives/{code}/compliance", f"/api/v1/archives/HN-CS/compliance?plan={PLAN}&year={YEAR}"),
            ("/api/v1/archives/{code}/rollup", f"/api/v1/archives/HN/rollup?plan={PLAN}&year={YEAR}"),
            ("/api/v1/audit", "/api/v1/audit"),
            ("/api/v1/tokens", "/api/v1/tokens"),
        ],
    )
    @pytest.mark.built_by.with_args(scenario_database)
    def test_every_answer_carries_its_required_fields(self, client: TestClient, template: str, path: str) -> None:
        document = client.get("/openapi.json").json()
        answer = client.get(path)
        assert answer.status_code == 200, answer.text
        assert missing_required(document, answer_schema(document, template), answer.json(), "answer") == []


class TestRoundAnswers:
    @pytest.mark.parametrize(
        ("template", "path"),
        [
            ("/api/v1/rounds", "/api/v1/rounds"),
            ("/api/v1/rounds/{round_id}", "/api/v1/rounds/{id}"),
            ("/api/v1/rounds/{round_id}/archives", "/api/v1/rounds/{id}/archives"),
            ("/api/v1/rounds/{round_id}/progress", "/api/v1/rounds/{id}/progress"),
            ("/api/v1/rounds/{round_id}/missing", "/api/v1/rounds/{id}/missing"),
            ("/api/v1/review-queue", "/api/v1/review-queue"),
            ("/api/v1/archives/{code}/reports/{year}/revisions", "/api/v1/archives/HN-CS/reports/2025/revisions"),
        ],
    )
    def test_every_answer_carries_its_required_fields(self, client: TestClient, template: str, path: str) -> None:
        build_archives(client)
        put_report(client, "HN-CS", 2025, digitized=400)
        opened = create_round(client)
        document = client.get("/openapi.json").json()
        answer = client.get(path.format(id=opened["id"]))
        assert answer.status_code == 200, answer.text
        assert missing_required(document, answer_schema(document, template), answer.json(), "answer") == []

    def test_what_the_writes_answer(self, client: TestClient) -> None:
        build_archives(client)
        document = client.get("/openapi.json").json()
        written = client.put(
            "/api/v1/archives/HN-CS/reports/2025", json={"holdings_volumes": 10, "digitized_volumes": 1}
        )
        put = document["paths"]["/api/v1/archives/{code}/reports/{year}"]["put"]["responses"]["200"]
        assert missing_required(document, put["content"]["application/json"]["schema"], written.json(), "put") == []
        issued = client.post("/api/v1/tokens", json={"role": "viewer", "name": "x"})
        token = document["paths"]["/api/v1/tokens"]["post"]["responses"]["201"]
        assert missing_required(document, token["content"]["application/json"]["schema"], issued.json(), "token") == []


def test_an_imports_422_that_is_a_request_error_matches_its_declared_schema(client: TestClient) -> None:
    """The import's 422 is ImportRejected (with a summary) or a ValidationError of the request (without):
    the schema requires only what both carry (schemathesis found the summary required and absent)."""
    document = client.get("/openapi.json").json()
    declared = document["paths"]["/api/v1/imports/reports"]["post"]["responses"]["422"]["content"]["application/json"]
    answer = client.post("/api/v1/imports/reports?mode=sideways", files={"file": ("a.csv", b"x")})
    assert answer.status_code == 422 and answer.json()["error"] == "ValidationError"
    assert missing_required(document, declared["schema"], answer.json(), "422") == []
