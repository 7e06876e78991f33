"""The demo records real renames with their documents and one illustrative merger."""

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.api.hierarchy.helpers import as_of, codes_as_of, history
from tests.test_seed import seed


def test_the_demo_shows_the_names_and_codes_of_past_years_and_a_merger(engine: Engine, client: TestClient) -> None:
    seed(engine, demo=True)
    assert as_of(client, "HB-XY", "2009")["name"] == "襄樊市档案馆"
    assert as_of(client, "HB-XY", "2011")["name"] == "襄阳市档案馆"
    assert history(client, "HB-XY")["events"][0]["document"] == "国函〔2010〕129号"
    ningxiang = as_of(client, "HN-CS-NX", "2016")
    assert (ningxiang["name"], ningxiang["region_code"], ningxiang["parent_code"]) == (
        "宁乡县档案馆",
        "430124",
        "HN-CS",
    )
    assert as_of(client, "HN-CS-NX", "2017")["region_code"] == "430182"
    assert "HN-CZ-SLB" in codes_as_of(client, "2020", parent_code="HN-CZ")
    assert "HN-CZ-SLB" not in codes_as_of(client, "2021", parent_code="HN-CZ")
    merged = history(client, "HN-CZ-SLB")
    assert merged["closed_on"] == "2021-01-01"
    assert "illustrative" in merged["successors"][0]["note"]
    assert client.get("/api/v1/archives/HN-CZ-SLB/reports/2020").status_code == 200


def test_seeding_twice_records_the_history_once(engine: Engine, client: TestClient) -> None:
    seed(engine, demo=True)
    seed(engine, demo=True)
    assert len(history(client, "HN-CS-NX")["events"]) == 2
    assert len(history(client, "HN-CZ-SLB")["successors"]) == 1
