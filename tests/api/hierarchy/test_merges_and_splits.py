"""POST /hierarchy/merges and /hierarchy/splits: successions with their date, the archives opened and closed."""

from fastapi.testclient import TestClient

from tests.api.hierarchy.helpers import ARCHIVES, codes_as_of, history, province_with_cities
from tests.factories import create_archive

MERGES = "/api/v1/hierarchy/merges"
SPLITS = "/api/v1/hierarchy/splits"


def counties(client: TestClient) -> None:
    province_with_cities(client)
    create_archive(client, "HN-CS-A", level="county", parent_code="HN-CS", name="甲县档案馆")
    create_archive(client, "HN-CS-B", level="county", parent_code="HN-CS", name="乙县档案馆")


class TestMerge:
    def test_sources_close_and_the_existing_successor_takes_them_over(self, client: TestClient) -> None:
        counties(client)
        body = {
            "sources": ["HN-CS-A", "HN-CS-B"],
            "into": "HN-CS-A",
            "effective_date": "2016-01-01",
            "document": "某函",
        }
        response = client.post(MERGES, json=body)
        assert response.status_code == 201, response.text
        assert response.json()["closed"] == ["HN-CS-B"] and response.json()["opened"] == []
        assert codes_as_of(client, "2015", parent_code="HN-CS") == ["HN-CS-A", "HN-CS-B", "HN-CS-NX"]
        assert codes_as_of(client, "2016", parent_code="HN-CS") == ["HN-CS-A", "HN-CS-NX"]
        merged = history(client, "HN-CS-B")
        assert merged["closed_on"] == "2016-01-01"
        assert [(s["successor_code"], s["type"]) for s in merged["successors"]] == [("HN-CS-A", "merge")]
        assert [s["predecessor_code"] for s in history(client, "HN-CS-A")["predecessors"]] == ["HN-CS-B"]
        assert merged["events"][0]["type"] == "close" and merged["events"][0]["document"] == "某函"

    def test_a_merge_into_a_new_archive_opens_it_on_the_date(self, client: TestClient) -> None:
        counties(client)
        new = {"code": "HN-CS-AB", "name": "甲乙区档案馆", "level": "county", "parent_code": "HN-CS"}
        body = {"sources": ["HN-CS-A", "HN-CS-B"], "into": new, "effective_date": "2016-01-01"}
        response = client.post(MERGES, json=body)
        assert response.status_code == 201, response.text
        assert response.json()["opened"] == ["HN-CS-AB"]
        assert response.json()["closed"] == ["HN-CS-A", "HN-CS-B"]
        assert codes_as_of(client, "2015", parent_code="HN-CS") == ["HN-CS-A", "HN-CS-B", "HN-CS-NX"]
        assert codes_as_of(client, "2016", parent_code="HN-CS") == ["HN-CS-AB", "HN-CS-NX"]
        assert history(client, "HN-CS-AB")["opened_on"] == "2016-01-01"

    def test_a_refused_merge_changes_nothing(self, client: TestClient) -> None:
        counties(client)
        before = client.get(ARCHIVES, params={"limit": 1000}).json()
        new = {"code": "HN-CS-AB", "name": "甲乙区档案馆", "level": "county", "parent_code": "HN-CS-NX-GONE"}
        assert (
            client.post(MERGES, json={"sources": ["HN-CS-A"], "into": new, "effective_date": "2016-01-01"}).status_code
            == 404
        )
        # the city supervises counties: merging it into one of them would close it while they stay below it
        response = client.post(MERGES, json={"sources": ["HN-CS"], "into": "HN-CS-A", "effective_date": "2016-01-01"})
        assert response.status_code == 422 and response.json()["error"] == "InvalidHierarchy"
        response = client.post(MERGES, json={"sources": ["HN-CS-A"], "into": "HN-CS-A", "effective_date": "2016-01-01"})
        assert response.status_code == 422
        assert client.get(ARCHIVES, params={"limit": 1000}).json() == before
        assert history(client, "HN-CS")["events"] == []

    def test_a_reporter_may_not_merge(self, client: TestClient, client_as) -> None:  # type: ignore[no-untyped-def]
        counties(client)
        reporter = client_as("reporter", "HN-CS-A")
        body = {"sources": ["HN-CS-A", "HN-CS-B"], "into": "HN-CS-A", "effective_date": "2016-01-01"}
        assert reporter.post(MERGES, json=body).status_code == 403
        assert history(client, "HN-CS-B")["closed_on"] is None


class TestSplit:
    def test_parts_get_their_shares_and_the_source_stays_open(self, client: TestClient) -> None:
        counties(client)
        new = {"code": "HN-CS-C", "name": "丙区档案馆", "level": "county", "parent_code": "HN-CS"}
        body = {
            "source": "HN-CS-A",
            "into": [{"into": new, "shares": {"holdings_volumes": 0.4}}, {"into": "HN-CS-B"}],
            "effective_date": "2018-01-01",
        }
        response = client.post(SPLITS, json=body)
        assert response.status_code == 201, response.text
        assert response.json()["closed"] == [] and response.json()["opened"] == ["HN-CS-C"]
        links = history(client, "HN-CS-A")["successors"]
        assert [(s["successor_code"], s["shares"]) for s in links] == [
            ("HN-CS-C", {"holdings_volumes": "0.4"}),
            ("HN-CS-B", None),
        ]
        assert "HN-CS-A" in codes_as_of(client, "2018")

    def test_a_split_may_close_its_source(self, client: TestClient) -> None:
        counties(client)
        body = {
            "source": "HN-CS-A",
            "into": [{"into": "HN-CS-B"}],
            "effective_date": "2018-01-01",
            "close_source": True,
        }
        assert client.post(SPLITS, json=body).status_code == 201
        assert history(client, "HN-CS-A")["closed_on"] == "2018-01-01"

    def test_shares_over_one_are_refused(self, client: TestClient) -> None:
        counties(client)
        parts = [
            {"into": "HN-CS-B", "shares": {"holdings_volumes": 0.7}},
            {"into": "HN-CS-NX", "shares": {"holdings_volumes": 0.7}},
        ]
        response = client.post(SPLITS, json={"source": "HN-CS-A", "into": parts, "effective_date": "2018-01-01"})
        assert response.status_code == 422 and "holdings_volumes" in response.json()["detail"]
        assert history(client, "HN-CS-A")["successors"] == []
