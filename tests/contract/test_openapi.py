"""The OpenAPI document as client generators read it."""

import re

from fastapi.testclient import TestClient

from app import errors
from app.domain.vocabulary import Basis, Metric, Unit


def test_operation_ids_are_readable_and_unique(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    ids = [operation["operationId"] for path in schema["paths"].values() for operation in path.values()]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", operation_id) for operation_id in ids), ids
    assert {"listArchives", "getArchiveCompliance", "putReport", "listCompliance", "getRollup"} <= set(ids)


def test_unknown_parameter_is_declared(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert "UnknownParameter" in schema["paths"]["/api/v1/archives"]["get"]["responses"]["400"]["description"]


def test_response_headers_are_declared(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                assert "X-Request-ID" in response.get("headers", {}), (method, path, status)
            if method == "get" and "200" in operation["responses"]:
                assert {"ETag", "Cache-Control"} <= set(operation["responses"]["200"]["headers"]), path
            assert "Retry-After" in operation["responses"]["503"]["headers"], (method, path)


def test_the_upload_is_binary(client: TestClient) -> None:
    operation = client.get("/openapi.json").json()["paths"]["/api/v1/imports/reports"]["post"]
    upload = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert upload["properties"]["file"]["format"] == "binary"


def test_every_closed_vocabulary_is_an_enum(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    rate_bases = ["volumes", "items", "volumes_items", "pages"]
    assert schemas["TargetPublic"]["properties"]["unit"]["enum"] == [unit.value for unit in Unit]
    assert set(schemas["TargetPublic"]["properties"]["basis"]["enum"]) == {*Basis, *Metric}
    assert schemas["TargetPublic"]["properties"]["scope"]["$ref"].endswith("/Scope")
    assert schemas["JudgedTarget"]["properties"]["unit"]["enum"] == [unit.value for unit in Unit]
    assert schemas["ArchiveComplianceDetail"]["properties"]["series_basis"]["enum"] == rate_bases
    assert schemas["Rollup"]["properties"]["basis"]["enum"] == rate_bases


def test_the_error_name_is_an_enum_of_every_error(client: TestClient) -> None:
    names = client.get("/openapi.json").json()["components"]["schemas"]["ErrorBody"]["properties"]["error"]["enum"]
    defined = {
        value.error for value in vars(errors).values() if isinstance(value, type) and issubclass(value, errors.AppError)
    }
    assert set(names) == defined
    assert {"ValidationError", "UnknownParameter", "ArchiveNotFound", "InternalError", "BadRequest"} <= set(names)
    answered = client.get("/api/v1/archives", params={"levle": "county"}).json()["error"]
    assert answered in names


def test_json_is_the_first_media_type_of_every_table_that_has_several(client: TestClient) -> None:
    """openapi-fetch and most generators take a response's first media type: JSON, without being told.
    (The compliance list declares JSON alone, its CSV and XLSX being operations of their own:
    tests/compliance/test_export_operations.py.)"""
    paths = client.get("/openapi.json").json()["paths"]
    tables = {
        "/api/v1/rounds/{round_id}/progress": "RoundProgress",
        "/api/v1/rounds/{round_id}/missing": "Page_MissingArchive_",
    }
    for path, schema in tables.items():
        content = paths[path]["get"]["responses"]["200"]["content"]
        assert list(content)[0] == "application/json", path
        assert content["application/json"]["schema"]["$ref"] == f"#/components/schemas/{schema}", path
        assert {"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} <= set(content)
