"""A round expects the archives open on 31 December of its year, where they stood then."""

from fastapi.testclient import TestClient

from tests.factories import create_archive, record_event
from tests.rounds.world import build_archives, create_round


def close(client: TestClient, code: str, day: str) -> None:
    record_event(client, code, type="close", effective_date=day)


def expected(client: TestClient, round_id: int) -> list[str]:
    page = client.get(f"/api/v1/rounds/{round_id}/archives").json()
    return sorted(row["archive_code"] for row in page["items"])


def test_an_archive_closed_during_the_year_is_not_expected_one_closed_after_it_is(client: TestClient) -> None:
    build_archives(client)
    close(client, "HN-ZZ-A", "2025-06-01")
    close(client, "HN-CS-B", "2026-02-01")
    round_id = int(create_round(client, under="HN")["id"])

    assert expected(client, round_id) == ["HN", "HN-CS", "HN-CS-A", "HN-CS-B", "HN-ZZ"]


def test_an_archive_opened_during_the_year_is_expected(client: TestClient) -> None:
    build_archives(client)
    create_archive(client, "HN-CS-C", level="county", parent_code="HN-CS", opened_on="2025-05-01")
    create_archive(client, "HN-CS-D", level="county", parent_code="HN-CS", opened_on="2026-01-01")
    round_id = int(create_round(client, under="HN")["id"])

    found = expected(client, round_id)

    assert "HN-CS-C" in found and "HN-CS-D" not in found


def test_progress_counts_a_county_under_the_city_it_was_in_that_year(client: TestClient) -> None:
    build_archives(client)
    record_event(client, "HN-CS-B", type="reparent", parent_code="HN-ZZ", effective_date="2026-02-01")
    round_id = int(create_round(client, under="HN")["id"])

    progress = client.get(f"/api/v1/rounds/{round_id}/progress").json()

    children = {child["archive_code"]: child["expected"] for child in progress["children"]}
    assert children == {"HN-CS": 3, "HN-ZZ": 2}


def test_an_archive_renamed_since_is_named_today_with_its_name_of_the_year_beside(client: TestClient) -> None:
    build_archives(client)
    then = client.get("/api/v1/archives/HN-CS").json()["name"]
    record_event(client, "HN-CS", type="rename", name="长沙市档案馆（新馆）", effective_date="2026-02-01")
    round_id = int(create_round(client, under="HN")["id"])

    progress = client.get(f"/api/v1/rounds/{round_id}/progress").json()
    states = client.get(f"/api/v1/rounds/{round_id}/archives").json()["items"]
    missing = client.get(f"/api/v1/rounds/{round_id}/missing").json()["items"]
    csv_text = client.get(f"/api/v1/rounds/{round_id}/missing", params={"format": "csv"}).text

    named = {child["archive_code"]: (child["archive_name"], child["name_in_year"]) for child in progress["children"]}
    assert named["HN-CS"] == ("长沙市档案馆（新馆）", then) and named["HN-ZZ"][1] is None
    assert [(row["archive_name"], row["name_in_year"]) for row in states if row["archive_code"] == "HN-CS"] == [
        ("长沙市档案馆（新馆）", then)
    ]
    assert [(row["name"], row["name_in_year"]) for row in missing if row["code"] == "HN-CS"] == [
        ("长沙市档案馆（新馆）", then)
    ]
    assert f"{then} (now 长沙市档案馆（新馆）)" in csv_text
