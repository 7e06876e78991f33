"""What a clerk and a bureau chief do in the console, in a real browser (Debian's Chromium)."""

import re
from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import ClientFactory
from tests.console.browser.conftest import Browsing
from tests.console.conftest import PASSWORD, PeopleFactory
from tests.factories import create_archive, put_report


def county_and_city(client: TestClient, client_as: ClientFactory, people: PeopleFactory) -> None:
    """A city with three counties; last year's figures of CA; CB and CC have filed 2024; a round for 2024 is open."""
    create_archive(client, "CITY", name="长沙市档案馆")
    create_archive(client, "CA", level="county", parent_code="CITY", name="浏阳市档案馆")
    create_archive(client, "CB", level="county", parent_code="CITY", name="宁乡市档案馆")
    create_archive(client, "CC", level="county", parent_code="CITY", name="长沙县档案馆")
    create_archive(client, "CD", level="county", parent_code="CITY", name="望城区档案馆")
    put_report(client_as("reporter", "CA"), "CA", 2023, holdings=20000, digitized=12000)
    put_report(client_as("reporter", "CB"), "CB", 2024, holdings=5000, digitized=2500)
    put_report(client_as("reporter", "CC"), "CC", 2024, holdings=8000, digitized=6000)
    today = date.today()
    body = {"year": 2024, "name": "2024年度数字化年报", "opens_on": str(today - timedelta(days=20))}
    assert client.post("/api/v1/rounds", json=body | {"due_on": str(today + timedelta(days=10))}).status_code == 201
    people("clerk.ca", "reporter", "CA", display_name="刘晓梅")
    people("clerk.cd", "reporter", "CD", display_name="赵磊", phone="0731-8812 3456")
    people("chief", "supervisor", "CITY", display_name="陈建国")


def test_a_clerk_enters_a_year_sees_the_warning_at_its_field_and_the_rate(
    browsing: Browsing, client: TestClient, client_as: ClientFactory, people: PeopleFactory
) -> None:
    county_and_city(client, client_as, people)
    page: Any = browsing.sign_in("clerk.ca", PASSWORD)
    assert "工作台" in page.inner_text("h1")
    page.click("text=填报年报")
    page.wait_for_url("**/console/archives/CA/reports/2024")
    assert "12000" in page.inner_text("#digitized_volumes-previous")
    page.fill("#holdings_volumes", "20000")
    page.fill("#digitized_volumes", "3000")  # fewer than last year's 12000: a warning, but saved
    page.click("#entry-form button[type=submit]")
    page.wait_for_url("**/console/archives/CA/reports/2024?notice=entry.saved")
    assert "已保存" in page.inner_text("#status")
    warning = page.locator("#digitized_volumes-warning-1")
    assert warning.is_visible()
    assert "digitized_volumes-warning-1" in (page.get_attribute("#digitized_volumes", "aria-describedby") or "")
    assert "15.00%" in page.inner_text("#rates")


def test_the_entry_form_works_with_the_keyboard_alone(
    browsing: Browsing, client: TestClient, client_as: ClientFactory, people: PeopleFactory
) -> None:
    county_and_city(client, client_as, people)
    page: Any = browsing.page()
    page.goto("/console/archives/CA/reports/2024")  # signed out: the sign-in page, then back here
    assert page.evaluate("document.activeElement.id") == "username"  # the first field has the focus
    page.keyboard.type("clerk.ca")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/console/archives/CA/reports/2024")
    page.keyboard.press("Tab")  # the skip link comes first, and leads to the page's content
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "holdings_volumes":
            break
    assert page.evaluate("document.activeElement.id") == "holdings_volumes"
    page.keyboard.type("20000")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "digitized_volumes"
    page.keyboard.type("-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_selector("#digitized_volumes-error")
    assert page.evaluate("document.activeElement.id") == "digitized_volumes"  # focus moved to the first error
    assert page.get_attribute("#digitized_volumes", "aria-invalid") == "true"
    page.keyboard.press("Control+A")
    page.keyboard.type("13000")
    page.keyboard.press("Enter")
    page.wait_for_url("**notice=entry.saved")
    assert client.get("/api/v1/archives/CA/reports/2024").json()["digitized_volumes"] == 13000


def test_a_chief_returns_one_report_with_a_comment_and_approves_another(
    browsing: Browsing, client: TestClient, client_as: ClientFactory, people: PeopleFactory
) -> None:
    county_and_city(client, client_as, people)
    page: Any = browsing.sign_in("chief", PASSWORD)
    page.click("nav >> text=审核队列")
    page.wait_for_url("**/console/review")
    page.click("#row-CB-2024 >> text=查看")
    page.fill("#return-comment", "馆藏数与去年统计口径不一致，请核实")
    page.click("#return-form button")
    page.wait_for_url("**/console/review?notice=review.returned")
    assert "年报已退回修改" in page.inner_text("#status")
    page.click("#row-CC-2024 >> text=查看")
    page.click("#approve-form button")
    page.wait_for_url("**/console/review?notice=review.approved")
    statuses = [client.get(f"/api/v1/archives/{code}/reports/2024").json()["status"] for code in ("CB", "CC")]
    assert statuses == ["returned", "approved"]


def test_the_round_page_lists_the_missing_archive_with_its_contact(
    browsing: Browsing, client: TestClient, client_as: ClientFactory, people: PeopleFactory
) -> None:
    county_and_city(client, client_as, people)
    page: Any = browsing.sign_in("chief", PASSWORD)
    page.click("nav >> text=报送进度")
    page.click("text=2024年度数字化年报")
    row = page.inner_text("#missing-CD")
    assert "望城区档案馆" in row and "长沙市档案馆" in row and "赵磊" in row and "0731-8812 3456" in row


def test_a_clerk_opening_another_archives_form_gets_a_clear_refusal(
    browsing: Browsing, client: TestClient, client_as: ClientFactory, people: PeopleFactory
) -> None:
    county_and_city(client, client_as, people)
    page: Any = browsing.sign_in("clerk.ca", PASSWORD)
    answer = page.goto("/console/archives/CB/reports/2024")
    assert answer.status == 403
    assert "无权访问" in page.inner_text("h1") and re.search(r"CB", page.inner_text("main"))
    assert page.is_visible("text=返回工作台")


def test_a_row_approved_in_the_queue_is_swapped_in_place_and_announced(
    browsing: Browsing, client: TestClient, client_as: ClientFactory, people: PeopleFactory
) -> None:
    county_and_city(client, client_as, people)
    page: Any = browsing.sign_in("chief", PASSWORD)
    page.goto("/console/review")
    page.evaluate("window.lantaiMarker = 1")  # gone if the page were reloaded
    page.click("#approve-CC-2024")
    page.wait_for_selector("#row-CC-2024 >> text=年报已审核通过")
    assert "年报已审核通过" in page.inner_text("#status")
    assert page.evaluate("window.lantaiMarker") == 1
    assert client.get("/api/v1/archives/CC/reports/2024").json()["status"] == "approved"
