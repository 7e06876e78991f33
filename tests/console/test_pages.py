"""The remaining pages and refusals: one archive's page, account management, 404 and 403 pages, the API's JSON untouched."""

from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.console.conftest import PASSWORD, ConsoleFactory, PeopleFactory, sign_in
from tests.factories import create_archive, put_report, record_event


class TestArchivePage:
    def test_its_place_reports_and_trail_for_a_chief(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "CITY")
        create_archive(client, "CA", level="county", parent_code="CITY")
        put_report(client_as("reporter", "CA"), "CA", 2023)
        put_report(client_as("reporter", "CA"), "CA", 2024, digitized=700)
        people("chief", "supervisor", "CITY")
        people("viewer1", "viewer")
        chief = console()
        sign_in(chief, "chief")
        shown = chief.get("/console/archives/CA")
        assert shown.status_code == 200
        assert 'href="/console/archives/CITY"' in shown.text and 'id="series"' in shown.text and "70.0%" in shown.text
        assert 'id="trail"' in shown.text and "report.create" in shown.text
        viewer = console()
        sign_in(viewer, "viewer1")
        seen = viewer.get("/console/archives/CA").text
        assert 'id="series"' in seen and 'id="trail"' not in seen
        assert viewer.get("/console/archives/NOPE").status_code == 404


class TestAccounts:
    def test_an_admin_adds_an_account_and_sees_its_password_once(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "LK")
        people("root1", "admin")
        browser = console()
        token = sign_in(browser, "root1")
        assert browser.get("/console/admin/users").status_code == 200
        form = {
            "csrf_token": token,
            "username": "Zhang.San",
            "display_name": "张三",
            "role": "reporter",
            "archive_code": "lk",
        }
        made = browser.post("/console/admin/users", data=form)
        assert made.status_code == 200 and 'id="new-password"' in made.text
        assert client.get("/api/v1/users").json()["items"][1]["username"] == "zhang.san"
        again = browser.post("/console/admin/users", data=form)
        assert again.status_code == 409 and 'id="account-error"' in again.text
        bad_role = browser.post("/console/admin/users", data=form | {"username": "x.y", "role": "king"})
        assert bad_role.status_code == 422
        disabled = browser.post("/console/admin/users/zhang.san", data={"csrf_token": token, "action": "disable"})
        assert disabled.status_code == 303
        assert client.get("/api/v1/users").json()["items"][1]["disabled"] is True

    def test_only_admins_manage_accounts(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "LK")
        people("chief", "supervisor", "LK")
        browser = console()
        token = sign_in(browser, "chief")
        assert browser.get("/console/admin/users").status_code == 403
        form = {"csrf_token": token, "username": "x.y", "display_name": "x", "role": "admin"}
        assert browser.post("/console/admin/users", data=form).status_code == 403


class TestRefusalPages:
    def test_an_unknown_console_page_is_an_html_404(self, console: ConsoleFactory, people: PeopleFactory) -> None:
        people("viewer1", "viewer")
        browser = console()
        sign_in(browser, "viewer1")
        answer = browser.get("/console/no-such-page")
        assert (
            answer.status_code == 404
            and "未找到" in answer.text
            and answer.headers["content-type"].startswith("text/html")
        )

    def test_signed_out_pages_lead_to_sign_in(self, console: ConsoleFactory) -> None:
        browser = console()
        for path in (
            "/console/review",
            "/console/rounds",
            "/console/compliance",
            "/console/import",
            "/console/admin/users",
        ):
            answer = browser.get(path)
            assert answer.status_code == 303 and answer.headers["location"].startswith("/console/login?next="), path

    def test_a_locked_account_cannot_sign_in_with_the_right_password(
        self, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        people("li.si", "viewer")
        browser = console()
        for _ in range(5):
            browser.post("/console/login", data={"username": "li.si", "password": "wrong password"})
        assert browser.post("/console/login", data={"username": "li.si", "password": PASSWORD}).status_code == 401


class TestArchivePageNames:
    def test_a_year_before_the_rename_shows_the_name_it_had_then(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "HB", level="provincial", name="湖北省档案馆")
        create_archive(client, "HB-XY", parent_code="HB", name="襄樊市档案馆")
        put_report(client, "HB-XY", 2009, holdings=1000, digitized=200)
        put_report(client, "HB-XY", 2011, holdings=1000, digitized=300)
        record_event(
            client,
            "HB-XY",
            type="rename",
            name="襄阳市档案馆",
            effective_date="2010-11-26",
            document="国函〔2010〕129号",
        )
        people("viewer", "viewer")
        browser = console()
        sign_in(browser, "viewer")

        shown = browser.get("/console/archives/HB-XY").text

        rows = {row.split("</td>")[0]: row for row in shown.split('id="series"')[1].split("<tr><td>")[1:]}
        [year_2009] = [row for key, row in rows.items() if "2009" in key]
        [year_2011] = [row for key, row in rows.items() if "2011" in key]
        assert "<h1>襄阳市档案馆" in shown
        assert "时称 襄樊市档案馆" in year_2009 and "襄樊市档案馆" not in year_2011
