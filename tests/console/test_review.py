"""审核队列: a chief sees the reports under them, approves, returns with a comment, approves several; four eyes holds."""

from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.console.conftest import ConsoleFactory, PeopleFactory, csrf_of, sign_in
from tests.factories import create_archive, put_report


def setup_city(client: TestClient, client_as: ClientFactory, people: PeopleFactory) -> None:
    create_archive(client, "CITY")
    for county in ("CA", "CB", "CC"):
        create_archive(client, county, level="county", parent_code="CITY")
    clerk = client_as("reporter", "CA")
    put_report(clerk, "CA", 2024)
    put_report(client_as("reporter", "CB"), "CB", 2024)
    put_report(client_as("reporter", "CC"), "CC", 2023, holdings=10000, digitized=5000)
    put_report(client_as("reporter", "CC"), "CC", 2024, holdings=10000, digitized=1000)  # a warning: it fell
    client.post("/api/v1/archives/CC/reports/2023/approve", json={})
    people("chief", "supervisor", "CITY", display_name="陈主任")
    people("clerk.ca", "reporter", "CA")


def status_of(client: TestClient, code: str, year: int = 2024) -> str:
    return client.get(f"/api/v1/archives/{code}/reports/{year}").json()["status"]


class TestReviewQueue:
    def test_the_queue_lists_the_waiting_reports_with_their_warnings(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        setup_city(client, client_as, people)
        browser = console()
        sign_in(browser, "chief")
        queue = browser.get("/console/review")
        assert queue.status_code == 200
        assert 'value="CA/2024"' in queue.text and 'value="CB/2024"' in queue.text
        assert 'value="CC/2024"' not in queue.text and "row-CC-2024" in queue.text  # warnings: no tick box

    def test_a_chief_returns_one_with_a_comment_and_approves_another(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        setup_city(client, client_as, people)
        browser = console()
        token = sign_in(browser, "chief")
        opened = browser.get("/console/review/CC/2024")
        assert opened.status_code == 200 and 'data-warning="' in opened.text and "5000" in opened.text
        blank = browser.post("/console/review/CC/2024/return", data={"csrf_token": token, "comment": " "})
        assert blank.status_code == 422 and "请写明需要修改的内容" in blank.text
        returned = browser.post("/console/review/CC/2024/return", data={"csrf_token": token, "comment": "数字有误"})
        assert returned.headers["location"] == "/console/review?notice=review.returned"
        assert status_of(client, "CC") == "returned"
        approved = browser.post("/console/review/CA/2024/approve", data={"csrf_token": token})
        assert approved.status_code == 303 and status_of(client, "CA") == "approved"
        trail = client.get("/api/v1/audit", params={"archive_code": "CC", "action": "report.return"}).json()["items"]
        assert trail[0]["actor"] == "陈主任 (chief)"

    def test_approving_a_report_with_warnings_needs_a_comment(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        setup_city(client, client_as, people)
        browser = console()
        token = sign_in(browser, "chief")
        refused = browser.post("/console/review/CC/2024/approve", data={"csrf_token": token})
        assert refused.status_code == 422 and 'id="review-error"' in refused.text
        assert status_of(client, "CC") == "submitted"
        done = browser.post("/console/review/CC/2024/approve", data={"csrf_token": token, "comment": "核实无误"})
        assert done.status_code == 303 and status_of(client, "CC") == "approved"

    def test_several_rows_are_approved_at_once(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        setup_city(client, client_as, people)
        browser = console()
        token = sign_in(browser, "chief")
        answer = browser.post(
            "/console/review/approve", data={"csrf_token": token, "report": ["CA/2024", "CB/2024", "CC/2024"]}
        )
        assert answer.status_code == 303
        shown = browser.get(answer.headers["location"]).text
        assert "2 份已通过" in shown and "1 份未通过" in shown
        assert [status_of(client, code) for code in ("CA", "CB", "CC")] == ["approved", "approved", "submitted"]

    def test_an_htmx_approval_swaps_the_row_and_speaks_in_the_status_region(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        setup_city(client, client_as, people)
        browser = console()
        token = sign_in(browser, "chief")
        answer = browser.post("/console/review/CA/2024/approve", headers={"HX-Request": "true", "X-CSRF-Token": token})
        assert answer.status_code == 200
        assert answer.text.startswith('<tr id="row-CA-2024">') and 'hx-swap-oob="true"' in answer.text

    def test_four_eyes_hold_for_a_person_who_wrote_the_report(
        self, client: TestClient, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        create_archive(client, "CITY")
        people("chief", "supervisor", "CITY")
        browser = console()
        token = sign_in(browser, "chief")
        written = browser.post(
            "/console/archives/CITY/reports/2024",
            data={"csrf_token": token, "holdings_volumes": "100", "digitized_volumes": "10"},
        )
        assert written.status_code == 303
        refused = browser.post("/console/review/CITY/2024/approve", data={"csrf_token": token})
        assert refused.status_code == 403 and status_of(client, "CITY") == "submitted"
        assert client.post("/api/v1/archives/CITY/reports/2024/approve", json={}).status_code == 200

    def test_a_clerk_has_no_review_queue(
        self, client: TestClient, client_as: ClientFactory, console: ConsoleFactory, people: PeopleFactory
    ) -> None:
        setup_city(client, client_as, people)
        browser = console()
        token = sign_in(browser, "clerk.ca")
        assert browser.get("/console/review").status_code == 403
        assert browser.get("/console/review/CB/2024").status_code == 403
        assert browser.post("/console/review/CB/2024/approve", data={"csrf_token": token}).status_code == 403
        assert "审核队列" not in browser.get("/console/").text.split("<main")[0]
        assert csrf_of(browser.get("/console/").text)
