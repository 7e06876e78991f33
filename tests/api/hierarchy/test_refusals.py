"""Events refused against the tree of their date: each refusal is a 4xx naming the problem, and changes nothing."""

import pytest
from fastapi.testclient import TestClient

from tests.api.hierarchy.helpers import ARCHIVES, history, province_with_cities, refused
from tests.factories import create_archive, record_event


def stored(client: TestClient, code: str) -> tuple[dict, dict]:
    return client.get(f"{ARCHIVES}/{code}").json(), history(client, code)


class TestTheTreeAtTheDate:
    def test_a_move_below_itself_is_a_cycle(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-XY-2", parent_code="HB-XY")  # a municipal archive below another
        before = stored(client, "HB-XY")
        refused(
            client, "HB-XY", 422, "HierarchyCycle", type="reparent", effective_date="2015-01-01", parent_code="HB-XY-2"
        )
        assert stored(client, "HB-XY") == before

    def test_a_cycle_only_on_a_past_day_is_refused_too(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-A", parent_code="HB")
        create_archive(client, "HB-B", parent_code="HB-A")
        record_event(client, "HB-B", type="reparent", effective_date="2020-01-01", parent_code="HB")
        # On 2018-01-01 HB-B was still below HB-A: HB-A below HB-B then is a cycle, though not today.
        refused(client, "HB-A", 422, "HierarchyCycle", type="reparent", effective_date="2018-01-01", parent_code="HB-B")
        assert client.get(f"{ARCHIVES}/HB-A", params={"as_of": "2019"}).json()["parent_code"] == "HB"

    def test_a_province_below_a_county_breaks_the_level_order(self, client: TestClient) -> None:
        province_with_cities(client)
        before = stored(client, "HB")
        refused(
            client, "HB", 422, "InvalidHierarchy", type="reparent", effective_date="2015-01-01", parent_code="HN-CS-NX"
        )
        assert stored(client, "HB") == before

    def test_a_reclassification_above_its_parent_or_below_its_children_breaks_the_level_order(
        self, client: TestClient
    ) -> None:
        province_with_cities(client)
        create_archive(client, "HB-XY-2", parent_code="HB-XY")  # a municipal archive below another
        before = stored(client, "HB-XY"), stored(client, "HN-CS-NX")
        refused(
            client, "HB-XY", 422, "InvalidHierarchy", type="reclassify", effective_date="2015-01-01", level="county"
        )
        refused(
            client,
            "HN-CS-NX",
            422,
            "InvalidHierarchy",
            type="reclassify",
            effective_date="2015-01-01",
            level="provincial",
        )
        assert (stored(client, "HB-XY"), stored(client, "HN-CS-NX")) == before

    def test_a_move_under_an_archive_not_open_then_is_refused(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-NEW", parent_code="HB", opened_on="2019-01-01")
        detail = refused(
            client, "HB-WH", 422, "ArchiveNotOpen", type="reparent", effective_date="2015-01-01", parent_code="HB-NEW"
        )
        assert "HB-NEW" in detail and "2015-01-01" in detail

    def test_an_archive_cannot_close_while_it_supervises_open_ones(self, client: TestClient) -> None:
        province_with_cities(client)
        before = stored(client, "HN-CS")
        detail = refused(client, "HN-CS", 422, "InvalidHierarchy", type="close", effective_date="2015-01-01")
        assert "HN-CS-NX" in detail
        assert stored(client, "HN-CS") == before


class TestDatesOfTheArchive:
    def test_no_event_before_the_archive_opened(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-NEW", parent_code="HB", opened_on="2019-01-01")
        detail = refused(client, "HB-NEW", 422, "ArchiveNotOpen", type="rename", effective_date="2018-05-01", name="x")
        assert "2018-05-01" in detail
        assert history(client, "HB-NEW")["events"] == []

    def test_no_event_after_the_archive_closed(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(client, "HB-WH", type="close", effective_date="2015-01-01")
        refused(client, "HB-WH", 422, "ArchiveNotOpen", type="rename", effective_date="2016-01-01", name="x")
        refused(client, "HB-WH", 422, "ArchiveNotOpen", type="close", effective_date="2016-01-01")
        assert [e["type"] for e in history(client, "HB-WH")["events"]] == ["close"]

    def test_a_closure_before_recorded_changes_is_out_of_order(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(client, "HB-WH", type="rename", effective_date="2016-01-01", name="新武汉市档案馆")
        refused(client, "HB-WH", 422, "InvalidEvent", type="close", effective_date="2015-01-01")

    def test_reopening_an_open_archive_is_refused(self, client: TestClient) -> None:
        province_with_cities(client)
        refused(client, "HB-WH", 422, "InvalidEvent", type="reopen", effective_date="2015-01-01")

    def test_an_event_after_today_is_refused(self, client: TestClient) -> None:
        province_with_cities(client)
        refused(client, "HB-WH", 422, "InvalidEvent", type="rename", effective_date="2999-01-01", name="x")


class TestTheEventItself:
    def test_two_renames_of_one_archive_on_one_day_are_refused(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client,
            "HB-XY",
            type="rename",
            effective_date="2010-11-26",
            name="襄阳市档案馆",
            former={"name": "襄樊市档案馆"},
        )
        before = stored(client, "HB-XY")
        refused(client, "HB-XY", 422, "DuplicateEvent", type="rename", effective_date="2010-11-26", name="别的名字")
        assert stored(client, "HB-XY") == before

    def test_an_event_that_changes_nothing_is_refused(self, client: TestClient) -> None:
        province_with_cities(client)
        refused(client, "HB-XY", 422, "InvalidEvent", type="rename", effective_date="2010-11-26", name="襄阳市档案馆")

    @pytest.mark.parametrize(
        "body",
        [
            {"type": "rename", "region_code": "420601"},
            {"type": "rename"},
            {"type": "recode", "name": "x"},
            {"type": "close", "name": "x"},
            {"type": "reclassify", "level": None},
            {"type": "merge"},
        ],
    )
    def test_an_event_names_its_own_attributes_only(self, client: TestClient, body: dict) -> None:
        province_with_cities(client)
        response = client.post(f"{ARCHIVES}/HB-XY/events", json={"effective_date": "2015-01-01", **body})
        assert response.status_code == 422
        assert response.json()["error"] == "ValidationError"
        assert history(client, "HB-XY")["events"] == []

    def test_an_unknown_new_parent_is_404(self, client: TestClient) -> None:
        province_with_cities(client)
        response = client.post(
            f"{ARCHIVES}/HB-WH/events", json={"type": "reparent", "effective_date": "2015-01-01", "parent_code": "NOPE"}
        )
        assert response.status_code == 404 and response.json()["error"] == "ArchiveNotFound"

    def test_the_refusal_is_in_chinese_when_asked(self, client: TestClient) -> None:
        province_with_cities(client)
        response = client.post(
            f"{ARCHIVES}/HN-CS/events",
            json={"type": "close", "effective_date": "2015-01-01"},
            headers={"Accept-Language": "zh"},
        )
        assert response.status_code == 422 and "撤销" in response.json()["detail"]


class TestWhoMay:
    def test_a_reporter_may_not_close_or_move_its_own_archive(self, client: TestClient, client_as) -> None:  # type: ignore[no-untyped-def]
        province_with_cities(client)
        reporter = client_as("reporter", "HB-WH")
        response = reporter.post(f"{ARCHIVES}/HB-WH/events", json={"type": "close", "effective_date": "2015-01-01"})
        assert response.status_code == 403 and response.json()["error"] == "Forbidden"
        assert history(client, "HB-WH")["events"] == []

    def test_a_supervisor_of_the_province_may_record_a_move_within_it(self, client: TestClient, client_as) -> None:  # type: ignore[no-untyped-def]
        province_with_cities(client)
        supervisor = client_as("supervisor", "HB")
        body = {"type": "reparent", "effective_date": "2015-01-01", "parent_code": "HB-XY"}
        assert supervisor.post(f"{ARCHIVES}/HB-WH/events", json=body).status_code == 201
        outsider = client_as("supervisor", "HN")
        moved = outsider.post(f"{ARCHIVES}/HB-XY/events", json={**body, "parent_code": "HN"})
        assert moved.status_code == 403

    def test_the_history_is_readable_by_whoever_reads_the_archive(self, client: TestClient, client_as) -> None:  # type: ignore[no-untyped-def]
        province_with_cities(client)
        record_event(client, "HB-WH", type="rename", effective_date="2016-01-01", name="新武汉市档案馆")
        viewer = client_as("viewer")
        assert viewer.get(f"{ARCHIVES}/HB-WH/history").status_code == 200

    def test_every_event_is_in_the_audit_trail(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client, "HB-WH", type="rename", effective_date="2016-01-01", name="新武汉市档案馆", document="某文件"
        )
        rows = client.get("/api/v1/audit", params={"archive_code": "HB-WH"}).json()["items"]
        assert rows[0]["action"] == "archive.event"
        assert rows[0]["after"]["document"] == "某文件"
