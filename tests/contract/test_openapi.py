"""The OpenAPI document as client generators read it."""

import re

from fastapi.testclient import TestClient


def test_operation_ids_are_readable_and_unique(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    ids = [operation["operationId"] for path in schema["paths"].values() for operation in path.values()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", operation_id) for operation_id in ids), ids
    assert {"listArchives", "getArchiveCompliance", "putReport", "listCompliance", "getRollup"} <= set(ids)


def test_unknown_parameter_is_declared(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "UnknownParameter" in schema["paths"]["/api/v1/archives"]["get"]["responses"]["400"]["description"]
