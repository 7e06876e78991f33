"""达标情况 and the viewer's home, on the seeded demo data: counts, worst first, drill-down with the chart, CSV."""

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.db import open_session
from app.seeding import load_seed, seed_dir
from tests.compliance.builders import PLAN, archive_with_reports, fourteenth_plan
from tests.console.conftest import ConsoleFactory, PeopleFactory, sign_in
from tests.factories import record_event


@pytest.fixture
def seeded(engine: Engine) -> None:
    session = open_session(engine, write=True)
    load_seed(session, seed_dir(None), demo=True, current_year=2026)
    session.commit()
    session.close()


@pytest.mark.usefixtures("seeded")
def test_the_list_is_worst_first_with_counts_chart_and_export(console: ConsoleFactory, people: PeopleFactory) -> None:
    people("viewer", "viewer")
    browser = console()
    sign_in(browser, "viewer")
    home = browser.get("/console/").text
    assert "达标情况概览" in home
    shown = browser.get("/console/compliance")
    assert shown.status_code == 200 and 'id="counts"' in shown.text
    ranks = ["missed", "no_data", "off_track", "insufficient_data", "at_risk", "on_track", "not_started", "achieved"]
    statuses = re.findall(r'<td class="status-([a-z_]+)">', shown.text)
    assert statuses and [ranks.index(s) for s in statuses] == sorted(ranks.index(s) for s in statuses)
    below = browser.get("/console/compliance", params={"under": "HN-CS"})
    assert 'id="archive-HN-CS-LY"' in below.text and 'id="archive-HN-ZZ"' not in below.text
    assert 'role="img"' in below.text and '<desc id="rollup-chart-desc">' in below.text
    csv = browser.get("/console/compliance/export.csv", params={"under": "HN-CS"})
    assert csv.status_code == 200 and "HN-CS-LY" in csv.text


@pytest.mark.usefixtures("seeded")
def test_an_unknown_plan_is_a_not_found_page(console: ConsoleFactory, people: PeopleFactory) -> None:
    people("viewer", "viewer")
    browser = console()
    sign_in(browser, "viewer")
    answer = browser.get("/console/compliance", params={"plan": "NOPE"})
    assert answer.status_code == 404 and "<html" in answer.text


def _home_counts(home: str) -> int:
    section = home.split('id="compliance-h"')[1].split("</section>")[0]
    return sum(int(count) for count in re.findall(r"<td>(\d+)</td>", section))


@pytest.mark.usefixtures("seeded")
def test_the_home_summary_counts_the_archives_the_person_answers_for(
    console: ConsoleFactory, people: PeopleFactory
) -> None:
    people("chief", "supervisor", "HN-CS")
    people("admin", "admin")
    chief, admin = console(), console()
    sign_in(chief, "chief")
    sign_in(admin, "admin")
    country = admin.get("/console/compliance").text
    city = admin.get("/console/compliance", params={"under": "HN-CS"}).text
    judged_in_city = len(re.findall(r'<td class="status-[a-z_]+">', city))
    judged_in_country = len(re.findall(r'<td class="status-[a-z_]+">', country))
    assert 0 < judged_in_city < judged_in_country
    own = chief.get("/console/").text
    assert _home_counts(own) == judged_in_city
    assert "长沙市档案馆" in own.split('id="compliance-h"')[1].split("</h2>")[0]
    assert "under=HN-CS" in own.split('id="compliance-h"')[1].split("</section>")[0]
    assert _home_counts(admin.get("/console/").text) == judged_in_country


def test_a_past_year_names_an_archive_as_it_was_then_beside_today_s_name(
    client: TestClient, console: ConsoleFactory, people: PeopleFactory
) -> None:
    fourteenth_plan(client, growth=None)
    archive_with_reports(client, "XF", {2009: 200, 2010: 300}, name="襄樊市档案馆")
    record_event(
        client, "XF", type="rename", name="襄阳市档案馆", effective_date="2010-11-26", document="国函〔2010〕129号"
    )
    people("viewer", "viewer")
    browser = console()
    sign_in(browser, "viewer")

    then = browser.get("/console/compliance", params={"plan": PLAN, "year": 2009}).text
    now = browser.get("/console/compliance", params={"plan": PLAN, "year": 2010}).text

    assert "襄樊市档案馆" in then and "（今 襄阳市档案馆）" in then
    assert "襄阳市档案馆" in now and "襄樊市档案馆" not in now
