"""报送进度: a round's counts, drill-down, the missing list with the chain and whom to call, exports; the home's summary."""

from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.console.conftest import ConsoleFactory, PeopleFactory, sign_in
from tests.factories import create_archive, put_report, record_event


def open_round(client: TestClient, client_as: ClientFactory, people: PeopleFactory) -> int:
    create_archive(client, "PROV", level="provincial")
    create_archive(client, "CITY", parent_code="PROV")
    for county in ("CA", "CB"):
        create_archive(client, county, level="county", parent_code="CITY")
    today = date.today()
    body = {
        "year": 2024,
        "name": "2024年度年报",
        "opens_on": str(today - timedelta(days=30)),
        "due_on": str(today + timedelta(days=5)),
    }
    created = client.post("/api/v1/rounds", json=body)
    assert created.status_code == 201, created.text
    put_report(client_as("reporter", "CA"), "CA", 2024)
    people("chief", "supervisor", "CITY", display_name="陈主任")
    people("clerk.cb", "reporter", "CB", display_name="王小明", phone="0731-8888 1234")
    return int(created.json()["id"])


class TestRoundPages:
    def test_the_round_lists_the_missing_archive_with_its_chain_and_contact(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        round_id = open_round(client, client_as, people)
        browser = console()
        sign_in(browser, "chief")
        listing = browser.get("/console/rounds")
        assert listing.status_code == 200 and f'href="/console/rounds/{round_id}"' in listing.text
        shown = browser.get(f"/console/rounds/{round_id}")
        assert shown.status_code == 200
        missing = shown.text.split('id="missing-CB"')[1].split("</tr>")[0]
        assert "CITY 档案馆" in missing and "PROV 档案馆" in missing
        assert "王小明" in missing and "0731-8888 1234" in missing
        assert 'id="missing-CA"' not in shown.text and 'id="missing-CITY"' in shown.text

    def test_drill_down_and_exports(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        round_id = open_round(client, client_as, people)
        browser = console()
        sign_in(browser, "chief")
        below = browser.get(f"/console/rounds/{round_id}", params={"under": "CB"})
        assert 'id="missing-CB"' in below.text and 'id="missing-CITY"' not in below.text
        csv = browser.get(f"/console/rounds/{round_id}/export/missing.csv")
        assert csv.status_code == 200 and "CB" in csv.text and csv.headers["content-type"].startswith("text/csv")
        xlsx = browser.get(f"/console/rounds/{round_id}/export/progress.xlsx")
        assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
        assert browser.get("/console/rounds/999").status_code == 404

    def test_the_homes_show_the_round(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        open_round(client, client_as, people)
        chief = console()
        sign_in(chief, "chief")
        home = chief.get("/console/").text
        assert "2024年度年报" in home and "待审核年报" in home
        clerk = console()
        sign_in(clerk, "clerk.cb")
        own = clerk.get("/console/").text
        assert "未填报" in own and "5 天后截止" in own and 'href="/console/archives/CB/reports/2024"' in own


def rename(client: TestClient, code: str, name: str, effective_date: str) -> None:
    record_event(client, code, type="rename", name=name, effective_date=effective_date, document="国函〔2010〕129号")


def round_of(client: TestClient, year: int) -> int:
    today = date.today()
    body = {
        "year": year,
        "name": f"{year}年度年报",
        "opens_on": str(today - timedelta(days=30)),
        "due_on": str(today + timedelta(days=5)),
    }
    created = client.post("/api/v1/rounds", json=body)
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


class TestNamesInTheRoundsYear:
    """The city 襄樊市 became 襄阳市 on 2010-11-26, its county 甲县 became 甲区 on 2011-06-01."""

    def test_a_round_before_the_rename_names_the_archives_as_they_were_beside_today_s_names(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "HB", level="provincial", name="湖北省档案馆")
        create_archive(client, "HB-XY", parent_code="HB", name="襄樊市档案馆")
        create_archive(client, "HB-XY-A", parent_code="HB-XY", level="county", name="甲县档案馆")
        rename(client, "HB-XY", "襄阳市档案馆", "2010-11-26")
        rename(client, "HB-XY-A", "甲区档案馆", "2011-06-01")
        before, after = round_of(client, 2009), round_of(client, 2012)
        people("chief", "supervisor", "HB")
        browser = console()
        sign_in(browser, "chief")

        then = browser.get(f"/console/rounds/{before}").text
        now = browser.get(f"/console/rounds/{after}").text

        child = then.split('id="children"')[1].split("</table>")[0]
        assert "襄樊市档案馆" in child and "（今 襄阳市档案馆）" in child
        missing = then.split('id="missing-HB-XY-A"')[1].split("</tr>")[0]
        assert "甲县档案馆" in missing and "（今 甲区档案馆）" in missing
        assert "襄阳市档案馆" in now and "甲区档案馆" in now
        assert "襄樊市档案馆" not in now and "甲县档案馆" not in now and "（今" not in now
