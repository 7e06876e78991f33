"""报送进度: a round's counts, drill-down, the missing list with the chain and whom to call, exports; the home's summary."""

from datetime import date, timedelta

from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.console.conftest import ConsoleFactory, PeopleFactory, sign_in
from tests.factories import create_archive, put_report


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
