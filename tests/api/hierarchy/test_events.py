"""POST /archives/{code}/events: each type of real change, dated, seen through as_of and the history."""

from fastapi.testclient import TestClient

from tests.api.hierarchy.helpers import ARCHIVES, as_of, codes_as_of, history, province_with_cities
from tests.factories import create_archive, record_event


class TestRename:
    def test_the_name_before_the_date_is_the_former_one_and_the_code_stays(self, client: TestClient) -> None:
        province_with_cities(client)
        recorded = record_event(
            client,
            "HB-XY",
            type="rename",
            effective_date="2010-11-26",
            name="襄阳市档案馆",
            former={"name": "襄樊市档案馆"},
            document="国函〔2010〕129号",
        )
        assert recorded["changes"] == {"name": "襄阳市档案馆"} and recorded["former"] == {"name": "襄樊市档案馆"}
        assert as_of(client, "HB-XY", "2009")["name"] == "襄樊市档案馆"
        assert as_of(client, "HB-XY", "2010-11-25")["name"] == "襄樊市档案馆"
        assert as_of(client, "HB-XY", "2010-11-26")["name"] == "襄阳市档案馆"
        assert client.get(f"{ARCHIVES}/HB-XY").json()["name"] == "襄阳市档案馆"
        assert as_of(client, "HB-XY", "2009")["region_code"] == "420600"

    def test_a_rename_without_former_keeps_the_registered_name_before_it(self, client: TestClient) -> None:
        create_archive(client, "HB", level="provincial", name="湖北省档案馆")
        create_archive(client, "HB-XF", parent_code="HB", name="襄樊市档案馆")
        record_event(client, "HB-XF", type="rename", effective_date="2010-11-26", name="襄阳市档案馆")
        assert as_of(client, "HB-XF", "2009")["name"] == "襄樊市档案馆"
        assert client.get(f"{ARCHIVES}/HB-XF").json()["name"] == "襄阳市档案馆"
        versions = history(client, "HB-XF")["versions"]
        assert [(v["valid_from"], v["valid_until"], v["name"]) for v in versions] == [
            (None, "2010-11-26", "襄樊市档案馆"),
            ("2010-11-26", None, "襄阳市档案馆"),
        ]

    def test_the_list_as_of_a_year_shows_the_names_of_that_year(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client,
            "HB-XY",
            type="rename",
            effective_date="2010-11-26",
            name="襄阳市档案馆",
            former={"name": "襄樊市档案馆"},
        )
        names = {item["code"]: item["name"] for item in client.get(ARCHIVES, params={"as_of": "2009"}).json()["items"]}
        assert names["HB-XY"] == "襄樊市档案馆"
        found = client.get(ARCHIVES, params={"as_of": "2009", "q": "襄樊"}).json()["items"]
        assert [item["code"] for item in found] == ["HB-XY"]
        assert client.get(ARCHIVES, params={"q": "襄樊"}).json()["items"] == []


class TestRecode:
    def test_a_rename_and_a_recode_on_one_day_are_two_events(self, client: TestClient) -> None:
        province_with_cities(client)
        former = {"name": "宁乡县档案馆", "region_code": "430124"}
        record_event(
            client,
            "HN-CS-NX",
            type="rename",
            effective_date="2017-04-09",
            name="宁乡市档案馆",
            former=former,
            document="民函〔2017〕73号",
        )
        record_event(
            client, "HN-CS-NX", type="recode", effective_date="2017-04-09", region_code="430182", former=former
        )
        before, after = as_of(client, "HN-CS-NX", "2016"), as_of(client, "HN-CS-NX", "2017")
        assert (before["name"], before["region_code"]) == ("宁乡县档案馆", "430124")
        assert (after["name"], after["region_code"]) == ("宁乡市档案馆", "430182")
        assert before["parent_code"] == after["parent_code"] == "HN-CS"
        assert codes_as_of(client, "2016", region_code="430124") == ["HN-CS-NX"]
        assert codes_as_of(client, "2016", region_code="430182") == []
        assert [e["type"] for e in history(client, "HN-CS-NX")["events"]] == ["rename", "recode"]


class TestReparent:
    def test_a_county_becoming_a_district_of_another_city_moves_on_its_date(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HN-YY", parent_code="HN", name="益阳市档案馆")
        record_event(client, "HN-CS-NX", type="reparent", effective_date="2016-01-01", parent_code="HN-YY")
        assert as_of(client, "HN-CS-NX", "2015")["parent_code"] == "HN-CS"
        assert as_of(client, "HN-CS-NX", "2016")["parent_code"] == "HN-YY"
        assert codes_as_of(client, "2015", parent_code="HN-CS") == ["HN-CS-NX"]
        assert codes_as_of(client, "2016", parent_code="HN-CS") == []
        assert codes_as_of(client, "2016", parent_code="HN-YY") == ["HN-CS-NX"]
        assert codes_as_of(client, "2015", under="HN-YY") == ["HN-YY"]
        assert codes_as_of(client, "2016", under="HN-YY") == ["HN-CS-NX", "HN-YY"]
        assert set(codes_as_of(client, "2015", under="HN")) == set(codes_as_of(client, "2016", under="HN"))
        assert client.get(f"{ARCHIVES}/HN-CS-NX").json()["parent_code"] == "HN-YY"

    def test_a_move_to_the_root_is_a_reparent_to_null(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(client, "HB-WH", type="reparent", effective_date="2020-01-01", parent_code=None)
        assert as_of(client, "HB-WH", "2019")["parent_code"] == "HB"
        assert as_of(client, "HB-WH", "2020")["parent_code"] is None


class TestReclassify:
    def test_the_level_changes_on_its_date(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(client, "HN-CS-NX", type="reclassify", effective_date="2018-06-01", level="municipal")
        assert as_of(client, "HN-CS-NX", "2017")["level"] == "county"
        assert as_of(client, "HN-CS-NX", "2018")["level"] == "municipal"
        assert codes_as_of(client, "2017", level="municipal", under="HN") == ["HN-CS"]
        assert codes_as_of(client, "2018", level="municipal", under="HN") == ["HN-CS", "HN-CS-NX"]


class TestCloseAndReopen:
    def test_a_closed_archive_is_left_out_from_its_date_and_back_when_reopened(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(client, "HB-WH", type="close", effective_date="2015-07-01", note="撤销")
        assert "HB-WH" in codes_as_of(client, "2015-06-30")
        assert "HB-WH" not in codes_as_of(client, "2015")
        gone = client.get(f"{ARCHIVES}/HB-WH", params={"as_of": "2016"})
        assert gone.status_code == 404 and gone.json()["error"] == "ArchiveNotFound"
        assert "2016-12-31" in gone.json()["detail"]
        assert history(client, "HB-WH")["closed_on"] == "2015-07-01"
        record_event(client, "HB-WH", type="reopen", effective_date="2018-01-01")
        assert "HB-WH" not in codes_as_of(client, "2017")
        assert as_of(client, "HB-WH", "2018")["name"] == "武汉市档案馆"
        assert history(client, "HB-WH")["closed_on"] is None
        assert [e["type"] for e in history(client, "HB-WH")["events"]] == ["close", "reopen"]

    def test_an_archive_opened_on_a_day_is_absent_before_it(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-NEW", parent_code="HB", opened_on="2019-03-01")
        assert "HB-NEW" not in codes_as_of(client, "2018", parent_code="HB")
        assert "HB-NEW" in codes_as_of(client, "2019", parent_code="HB")
        assert history(client, "HB-NEW")["opened_on"] == "2019-03-01"


class TestLateRecording:
    def test_an_earlier_rename_recorded_later_re_dates_only_what_it_changed(self, client: TestClient) -> None:
        province_with_cities(client)
        record_event(
            client, "HB-XY", type="rename", effective_date="2020-01-01", name="C 档案馆", former={"name": "B 档案馆"}
        )
        record_event(
            client, "HB-XY", type="rename", effective_date="2010-01-01", name="B 档案馆", former={"name": "A 档案馆"}
        )
        record_event(client, "HB-XY", type="recode", effective_date="2015-01-01", region_code="420601")
        names = [as_of(client, "HB-XY", year)["name"] for year in ("2009", "2012", "2016", "2021")]
        assert names == ["A 档案馆", "B 档案馆", "B 档案馆", "C 档案馆"]
        codes = [as_of(client, "HB-XY", year)["region_code"] for year in ("2009", "2012", "2016", "2021")]
        assert codes == ["420600", "420600", "420601", "420601"]
        assert client.get(f"{ARCHIVES}/HB-XY").json()["name"] == "C 档案馆"
        assert [e["effective_date"] for e in history(client, "HB-XY")["events"]] == [
            "2010-01-01",
            "2015-01-01",
            "2020-01-01",
        ]

    def test_a_late_move_applies_until_the_next_recorded_move(self, client: TestClient) -> None:
        province_with_cities(client)
        create_archive(client, "HB-XG", parent_code="HB", name="孝感市档案馆")
        record_event(client, "HB-WH", type="reparent", effective_date="2020-01-01", parent_code=None)
        record_event(client, "HB-WH", type="reparent", effective_date="2012-01-01", parent_code="HB-XG")
        parents = [as_of(client, "HB-WH", year)["parent_code"] for year in ("2011", "2015", "2021")]
        assert parents == ["HB", "HB-XG", None]
