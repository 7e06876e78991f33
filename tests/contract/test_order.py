"""`order=field` / `order=-field` on every list: a closed set (an enum in OpenAPI), nulls last, a stable tie-break."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import TokenFactory
from tests.factories import put_report
from tests.scenario import PLAN, build_scenario

Key = Callable[[dict], Any]

# path, parameters it needs, the item's identity, the tie-break, and the fields tried (name -> how to read it)
LISTS: dict[str, tuple[dict, Key, Key, dict[str, Key]]] = {
    "/api/v1/archives": (
        {},
        lambda item: item["code"],
        lambda item: item["code"],
        {
            "name": lambda item: item["name"],
            "level": lambda item: item["level"],
            "region_code": lambda i: i["region_code"],
        },
    ),
    "/api/v1/compliance": (
        {"plan": PLAN},
        lambda item: item["archive_code"],
        lambda item: item["archive_code"],
        {"archive_name": lambda item: item["archive_name"], "level": lambda item: item["level"]},
    ),
    "/api/v1/reports": (
        {},
        lambda item: (item["archive_code"], item["year"]),
        lambda item: (item["archive_code"], item["year"]),
        {"year": lambda item: item["year"], "status": lambda item: item["status"]},
    ),
    "/api/v1/archives/HN-CS/reports": (
        {},
        lambda item: item["year"],
        lambda item: item["year"],
        {"year": lambda item: item["year"], "status": lambda item: item["status"]},
    ),
    f"/api/v1/plans/{PLAN}/targets": (
        {},
        lambda item: item["id"],
        lambda item: item["id"],
        {"id": lambda item: item["id"], "rule": lambda item: item["rule"], "level": lambda item: item["level"]},
    ),
    "/api/v1/archives/HN-CS/reports/2023/revisions": (
        {},
        lambda item: item["revision"],
        lambda item: item["revision"],
        {"revision": lambda item: item["revision"]},
    ),
    "/api/v1/audit": (
        {},
        lambda item: item["id"],
        lambda item: item["id"],
        {
            "id": lambda item: item["id"],
            "archive_code": lambda item: item["archive_code"],
            "action": lambda i: i["action"],
        },
    ),
    "/api/v1/rounds": (
        {},
        lambda item: item["id"],
        lambda item: item["id"],
        {"id": lambda item: item["id"], "year": lambda item: item["year"], "due_on": lambda item: item["due_on"]},
    ),
    "/api/v1/tokens": (
        {},
        lambda item: item["id"],
        lambda item: item["id"],
        {"id": lambda item: item["id"], "name": lambda item: item["name"], "role": lambda item: item["role"]},
    ),
}


def ordered_scenario(client: TestClient, token_for: TokenFactory) -> None:
    """The scenario, a second revision, two more tokens and three rounds: something to sort in every list."""
    build_scenario(client)
    put_report(client, "HN-CS", 2023, holdings=1000, digitized=860)  # a second revision
    token_for("viewer", name="a viewer")
    token_for("supervisor", "HN-CS", name="Changsha's supervisor")
    for year, due_on in ((2023, "2024-03-31"), (2024, "2025-02-28"), (2023, "2024-02-28")):
        body = {"year": year, "name": f"{year}年报", "opens_on": f"{year + 1}-01-01", "due_on": due_on}
        assert client.post("/api/v1/rounds", json=body).status_code == 201


pytestmark = pytest.mark.built_by.with_args(ordered_scenario)  # built once a run, copied for each test


@pytest.fixture
def scenario(client: TestClient) -> TestClient:
    """The admin's client on this test's copy of ordered_scenario."""
    return client


def items(client: TestClient, path: str, **params: str) -> list[dict]:
    response = client.get(path, params={**LISTS[path][0], "limit": 10_000, **params})
    assert response.status_code == 200, response.text
    return response.json()["items"]


def by_oracle(rows: list[dict], tiebreak: Key, key: Key, descending: bool) -> list[dict]:
    """Sorted by the field, nulls last, ties by the tie-break ascending (written apart from the service)."""
    present = sorted((row for row in rows if key(row) is not None), key=tiebreak)
    ranked: dict[Any, list[dict]] = {}
    for row in present:
        ranked.setdefault(key(row), []).append(row)
    ordered = [row for value in sorted(ranked, reverse=descending) for row in ranked[value]]
    return ordered + sorted((row for row in rows if key(row) is None), key=tiebreak)


@pytest.mark.parametrize(
    ("path", "field"), [(path, field) for path, (_, _, _, fields) in LISTS.items() for field in fields]
)
@pytest.mark.parametrize("descending", [False, True])
def test_each_field_both_ways_with_the_tie_break(scenario: TestClient, path: str, field: str, descending: bool) -> None:
    _, identity, tiebreak, fields = LISTS[path]
    everything = items(scenario, path)
    assert len(everything) >= 2
    answered = items(scenario, path, order=f"-{field}" if descending else field)
    expected = by_oracle(everything, tiebreak, fields[field], descending)
    assert [identity(row) for row in answered] == [identity(row) for row in expected]


def test_pages_of_an_ordered_list_follow_each_other(scenario: TestClient) -> None:
    whole = [item["code"] for item in items(scenario, "/api/v1/archives", order="-level")]
    pages = [
        item["code"]
        for offset in range(0, len(whole), 2)
        for item in scenario.get("/api/v1/archives", params={"order": "-level", "limit": 2, "offset": offset}).json()[
            "items"
        ]
    ]
    assert pages == whole == ["HN", "HN-CS", "HN-ZZ", "HN-CS-LY", "HN-ZZ-YX"]


def test_compliance_by_status_is_worst_first(scenario: TestClient) -> None:
    worst_first = [item["status"] for item in items(scenario, "/api/v1/compliance", order="status")]
    best_first = [item["status"] for item in items(scenario, "/api/v1/compliance", order="-status")]
    assert worst_first == ["no_data", "off_track", "at_risk", "achieved"]
    assert best_first == worst_first[::-1]


def test_the_compliance_csv_follows_the_order(scenario: TestClient) -> None:
    answer = scenario.get("/api/v1/compliance", params={"plan": PLAN, "format": "csv", "order": "-archive_code"})
    codes = [line.split(",")[0] for line in answer.text.splitlines()[1:]]
    assert list(dict.fromkeys(codes)) == ["HN-ZZ-YX", "HN-ZZ", "HN-CS-LY", "HN-CS"]


def test_rounds_default_is_the_latest_year_first(scenario: TestClient) -> None:
    page = scenario.get("/api/v1/rounds").json()
    assert [(item["year"], item["due_on"]) for item in page["items"]] == [
        (2024, "2025-02-28"),
        (2023, "2024-03-31"),
        (2023, "2024-02-28"),
    ]
    assert (page["total"], page["limit"], page["offset"]) == (3, 100, 0)


def test_audit_default_is_newest_first_and_order_at_oldest_first(scenario: TestClient) -> None:
    newest = [item["id"] for item in items(scenario, "/api/v1/audit")]
    oldest = [item["id"] for item in items(scenario, "/api/v1/audit", order="at")]
    assert oldest == sorted(oldest) and newest == oldest[::-1]


@pytest.mark.parametrize("path", LISTS)
def test_a_field_outside_the_set_is_422_naming_order(scenario: TestClient, path: str) -> None:
    response = scenario.get(path, params={**LISTS[path][0], "order": "holdings_volumes; drop table"})
    assert (response.status_code, response.json()["error"]) == (422, "ValidationError")
    assert "order" in response.json()["detail"]


def test_openapi_declares_each_order_as_an_enum(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in LISTS:
        template = path.split("?")[0].replace("HN-CS", "{code}").replace("2023", "{year}").replace(PLAN, "{code}")
        (order,) = [p for p in paths[template]["get"]["parameters"] if p["name"] == "order"]
        schema = order["schema"]["anyOf"][0]
        assert schema["type"] == "string" and len(schema["enum"]) >= 2, path
        assert all(f"-{value}" in schema["enum"] for value in schema["enum"] if not value.startswith("-"))
