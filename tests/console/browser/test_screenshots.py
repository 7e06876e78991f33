"""The README's pictures of pages 2-7, taken on the demo data (LANTAI_SCREENSHOTS=1 writes them to docs/img/).

Each page is also checked for what it must show, so the pictures are of working pages."""

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.db import open_session
from app.seeding import load_seed, seed_dir
from tests.console.browser.conftest import Browsing
from tests.console.conftest import PASSWORD, PeopleFactory
from tests.imports.sheets import EN_HEADER, csv_bytes


@pytest.fixture
def demo(engine: Engine, client: TestClient, people: PeopleFactory) -> None:
    """The demo's archives, plans and yearly series, a round for 2025 under Hunan, and the demo's people."""
    session = open_session(engine, write=True)
    load_seed(session, seed_dir(None), demo=True, current_year=2026)
    session.commit()
    session.close()
    today = date.today()
    body = {"year": 2025, "name": "2025年度档案数字化年报", "under": "HN", "opens_on": str(today - timedelta(days=30))}
    assert client.post("/api/v1/rounds", json=body | {"due_on": str(today + timedelta(days=7))}).status_code == 201
    client.post("/api/v1/archives/HN-CS-NX/reports/2025/return", json={"comment": "请核实全文识别页数"})
    people("clerk.ly", "reporter", "HN-CS-LY", display_name="刘晓梅", phone="0731-8301 2345")
    people("chief.cs", "supervisor", "HN-CS", display_name="陈建国", phone="0731-8888 0001")


def shot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / name), full_page=True)


@pytest.mark.usefixtures("demo")
def test_pages_two_to_seven(browsing: Browsing, screenshots: Path) -> None:
    clerk: Any = browsing.sign_in("clerk.ly", PASSWORD)
    assert clerk.is_visible("text=本年度年报")
    shot(clerk, screenshots, "2-workbench.png")
    clerk.goto("/console/archives/HN-CS-LY/reports/2025")
    clerk.fill("#digitized_pages", "1200000")
    clerk.click("#entry-form button[type=submit]")
    clerk.wait_for_url("**notice=entry.*")
    assert clerk.is_visible("#rates")
    shot(clerk, screenshots, "3-entry.png")
    clerk.goto("/console/import")
    sheet = csv_bytes([EN_HEADER, ["HN-CS-LY", 2025, 120000, 90000, None, None, "年终核对"]])
    clerk.set_input_files("#file", files=[{"name": "浏阳2025.csv", "mimeType": "text/csv", "buffer": sheet}])
    clerk.click("#import-form button[type=submit]")
    clerk.wait_for_selector("#confirm-form, #problems")
    shot(clerk, screenshots, "4-import.png")
    clerk.click("text=退出登录")
    clerk.wait_for_url("**/console/login?notice=login.signed_out")
    chief: Any = browsing.sign_in("chief.cs", PASSWORD)
    chief.click("nav >> text=报送进度")
    chief.click("text=2025年度档案数字化年报")
    assert chief.is_visible("#progress")
    shot(chief, screenshots, "5-rounds.png")
    chief.click("nav >> text=审核队列")
    assert chief.is_visible("#queue")
    shot(chief, screenshots, "6-review.png")
    chief.goto("/console/compliance?under=HN-CS")
    assert chief.is_visible("#counts") and chief.is_visible("svg[role=img]")
    shot(chief, screenshots, "7-compliance.png")
