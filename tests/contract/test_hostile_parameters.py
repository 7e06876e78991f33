"""Parameters no request may hold: answered 422 naming the parameter, never a 500.

An instant at the ends of the calendar overflows once read in UTC; PostgreSQL cannot
even compare a NUL byte. Both databases.
"""

import pytest
from fastapi.testclient import TestClient

from tests.scenario import PLAN, scenario_database

CALENDAR_ENDS = ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"]
LISTS = ["/api/v1/archives", "/api/v1/reports", f"/api/v1/plans/{PLAN}/targets"]


@pytest.mark.built_by.with_args(scenario_database)
@pytest.mark.parametrize("moment", CALENDAR_ENDS)
@pytest.mark.parametrize("path", LISTS)
def test_updated_since_at_the_ends_of_the_calendar_is_a_422_naming_it(
    client: TestClient, path: str, moment: str
) -> None:
    answer = client.get(path, params={"updated_since": moment})
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "ValidationError"
    assert "updated_since" in answer.json()["detail"]


@pytest.mark.built_by.with_args(scenario_database)
def test_updated_since_inside_the_calendar_still_works(client: TestClient) -> None:
    answer = client.get("/api/v1/archives", params={"updated_since": "0001-01-02T00:00:00+14:00"})
    assert answer.status_code == 200 and answer.json()["total"] == 5


@pytest.mark.built_by.with_args(scenario_database)
@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/v1/archives/HN%00", "code"),
        ("/api/v1/archives/HN%00/reports/2023", "code"),
        ("/api/v1/plans/FYP%0014", "code"),
        ("/api/v1/archives?q=%00", "q"),
        ("/api/v1/archives?parent_code=HN%00", "parent_code"),
        ("/api/v1/archives?under=%00HN", "under"),
        ("/api/v1/archives?region_code=43%000", "region_code"),
        ("/api/v1/reports?under=HN%00", "under"),
        (f"/api/v1/compliance?plan={PLAN}%00", "plan"),
        ("/api/v1/audit?actor=a%00b", "actor"),
        ("/api/v1/review-queue?under=HN%1b", "under"),
    ],
)
def test_a_control_character_in_a_parameter_is_a_422_naming_it(client: TestClient, path: str, name: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"] == "ValidationError"
    assert answer.json()["detail"].split(":")[0].endswith(f".{name}")


def test_in_chinese(client: TestClient) -> None:
    answer = client.get("/api/v1/archives?q=%00", headers={"Accept-Language": "zh"})
    assert answer.json()["detail"].startswith("query.q：不能包含控制字符")


@pytest.mark.built_by.with_args(scenario_database)
def test_a_write_with_a_nul_in_its_path_changes_nothing(client: TestClient) -> None:
    answer = client.put("/api/v1/archives/HN%00/reports/2023", json={"holdings_volumes": 1, "digitized_volumes": 1})
    assert answer.status_code == 422
    assert client.get("/api/v1/archives/HN/reports/2023").status_code == 404
