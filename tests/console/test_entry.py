"""年报填报: the entry form saves as the API's PATCH does, shows warnings at their fields and the rates, and refuses clearly."""

from fastapi.testclient import TestClient

from tests.console.conftest import ConsoleFactory, PeopleFactory, csrf_of, sign_in
from tests.factories import create_archive, put_report

FORM = "/console/archives/LK/reports/2024"


def clerk(client: TestClient, console: ConsoleFactory, people: PeopleFactory) -> tuple[TestClient, str]:
    create_archive(client, "LK")
    people("li", "reporter", "LK", display_name="李四")
    browser = console()
    return browser, sign_in(browser, "li")


class TestEntryForm:
    def test_a_clerk_enters_a_first_report_and_sees_the_rates(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        browser, token = clerk(client, console, people)
        empty = browser.get(FORM)
        assert empty.status_code == 200
        assert '<label for="holdings_volumes">馆藏档案（卷）</label>' in empty.text
        saved = browser.post(
            FORM, data={"csrf_token": token, "holdings_volumes": "1,000", "digitized_volumes": "400", "note": ""}
        )
        assert saved.status_code == 303 and saved.headers["location"] == FORM + "?notice=entry.saved"
        shown = browser.get(saved.headers["location"]).text
        assert "已保存" in shown and "40.00%" in shown
        stored = client.get("/api/v1/archives/LK/reports/2024").json()
        assert (stored["holdings_volumes"], stored["digitized_volumes"]) == (1000, 400)
        assert stored["submitted_by"] == "李四 (li)"

    def test_a_blank_field_never_erases(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        browser, token = clerk(client, console, people)
        put_report(client, "LK", 2024, holdings_items=300)
        saved = browser.post(FORM, data={"csrf_token": token, "digitized_volumes": "600", "holdings_items": ""})
        assert saved.status_code == 303
        stored = client.get("/api/v1/archives/LK/reports/2024").json()
        assert (stored["digitized_volumes"], stored["holdings_items"]) == (600, 300)

    def test_a_refused_figure_is_shown_at_its_field_and_nothing_is_saved(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        browser, token = clerk(client, console, people)
        put_report(client, "LK", 2024)
        refused = browser.post(FORM, data={"csrf_token": token, "digitized_volumes": "-5", "holdings_pages": "很多"})
        assert refused.status_code == 422
        assert 'id="digitized_volumes-error"' in refused.text and 'id="holdings_pages-error"' in refused.text
        assert "应为整数" in refused.text and 'value="很多"' in refused.text
        assert refused.text.count('aria-invalid="true"') == 2
        exceeds = browser.post(FORM, data={"csrf_token": token, "digitized_volumes": "5000"})
        assert exceeds.status_code == 422 and 'id="digitized_volumes-error"' in exceeds.text
        assert client.get("/api/v1/archives/LK/reports/2024").json()["digitized_volumes"] == 500

    def test_a_warning_is_shown_next_to_its_field(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        browser, token = clerk(client, console, people)
        put_report(client, "LK", 2023, holdings=10000, digitized=5000)
        browser.post(FORM, data={"csrf_token": token, "holdings_volumes": "10000", "digitized_volumes": "1000"})
        shown = browser.get(FORM).text
        assert (
            'id="digitized_volumes-warning-1"' in shown
            and "digitized_volumes-warning-1" in shown.split('id="digitized_volumes"')[1].split(">")[0]
        )
        assert "上年: 5000" in shown or "上年：5000" in shown

    def test_an_approved_report_is_locked_and_says_why(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory, client_as
    ) -> None:
        browser, token = clerk(client, console, people)
        put_report(client_as("reporter", "LK"), "LK", 2024)
        assert client.post("/api/v1/archives/LK/reports/2024/approve", json={}).status_code == 200
        shown = browser.get(FORM)
        assert "已审核通过并锁定" in shown.text and "<fieldset disabled>" in shown.text
        refused = browser.post(FORM, data={"csrf_token": token, "digitized_volumes": "600"})
        assert refused.status_code == 409 and "锁定" in refused.text

    def test_another_archives_form_is_a_clear_refusal(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        browser, token = clerk(client, console, people)
        create_archive(client, "OTHER")
        refused = browser.get("/console/archives/OTHER/reports/2024")
        assert refused.status_code == 403 and "无权访问" in refused.text
        assert "您的账号（reporter，LK）无权填报或修改年报： OTHER" in refused.text
        posted = browser.post(
            "/console/archives/OTHER/reports/2024", data={"csrf_token": token, "digitized_volumes": "1"}
        )
        assert posted.status_code == 403

    def test_signed_out_the_form_leads_to_sign_in_and_back(self, client: TestClient, console: ConsoleFactory) -> None:
        create_archive(client, "LK")
        answer = console().get(FORM)
        assert answer.status_code == 303 and answer.headers["location"].startswith(
            "/console/login?next=%2Fconsole%2Farchives"
        )

    def test_a_save_without_the_csrf_token_is_refused(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        browser, _ = clerk(client, console, people)
        assert browser.post(FORM, data={"holdings_volumes": "1", "digitized_volumes": "1"}).status_code == 403
        assert client.get("/api/v1/archives/LK/reports/2024").status_code == 404
        assert csrf_of(browser.get(FORM).text)
