"""Warm start: a worker judges each plan's national list while starting (app.services.compliance.warm)."""

import gc
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.config import Settings
from app.domain.clock import RoundClock
from app.main import create_app
from app.models.common import utcnow
from app.services.compliance.items import Judgement, judged_archive
from app.services.compliance.warm import warm_compliance
from tests.compliance.builders import PLAN, archive_with_reports, fourteenth_plan
from tests.conftest import TEST_SECRET

STARTED = RoundClock(utcnow(), "Asia/Shanghai")


@pytest.fixture(autouse=True)
def unfrozen() -> Iterator[None]:
    """A warm start freezes the process's objects (app.heap): the tests' own among them, thawed after."""
    yield
    gc.unfreeze()


@pytest.fixture
def country(client: TestClient) -> TestClient:
    """Three counties under the 14th plan, one on track, one at risk, one with no report."""
    fourteenth_plan(client, "county")
    archive_with_reports(client, "HN", {}, level="provincial")
    archive_with_reports(client, "HN-A", {2022: 600, 2023: 700}, level="county", parent_code="HN")
    archive_with_reports(client, "HN-B", {2022: 300, 2023: 350}, level="county", parent_code="HN")
    archive_with_reports(client, "HN-C", {}, level="county", parent_code="HN")
    return client


def list_as(client: TestClient, lang: str) -> bytes:
    answer = client.get("/api/v1/compliance", params={"plan": PLAN}, headers={"Accept-Language": lang})
    assert answer.status_code == 200, answer.text
    return answer.content


def test_the_first_list_after_a_warm_start_judges_nothing_anew_and_answers_as_a_cold_one(
    country: TestClient, database_url: str, admin_token: str
) -> None:
    judged_archive.cache_clear()
    warm = create_app(Settings(database_url=database_url, secret=TEST_SECRET, warm_on_start=True))
    with TestClient(warm, headers={"Authorization": f"Bearer {admin_token}"}) as started:
        made = judged_archive.cache_info().misses
        assert made == 6  # three counties, in both languages
        first = {lang: list_as(started, lang) for lang in ("zh", "en")}
        assert judged_archive.cache_info().misses == made  # every archive was judged already
    warm.state.engine.dispose()
    judged_archive.cache_clear()
    assert {lang: list_as(country, lang) for lang in ("zh", "en")} == first  # judged from nothing: the same


@pytest.mark.usefixtures("country")
def test_what_a_warm_start_made_is_kept_out_of_the_collectors_sight(database_url: str) -> None:
    judged_archive.cache_clear()
    warm = create_app(Settings(database_url=database_url, secret=TEST_SECRET, warm_on_start=True))
    with TestClient(warm):
        assert judged_archive.cache_info().currsize == 6  # three counties, in both languages
        assert gc.get_freeze_count() > 0
        walked = gc.get_objects()  # what the collector walks: no judgement the start made
        assert not any(isinstance(entry, Judgement) for entry in walked)
    warm.state.engine.dispose()
    judged_archive.cache_clear()


@pytest.mark.usefixtures("country")
def test_the_warm_up_stops_when_its_budget_is_spent(engine: Engine) -> None:
    judged_archive.cache_clear()
    ticks = iter(range(100))
    judged = warm_compliance(
        engine, budget_seconds=2, round_clock=STARTED, clock=lambda: next(ticks)
    )  # one tick a look at the clock
    assert judged == [(PLAN, "zh")]
    assert warm_compliance(engine, budget_seconds=0, round_clock=STARTED) == []


def test_a_worker_that_cannot_warm_up_starts_all_the_same(
    empty_database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(database_url=empty_database_url, secret=TEST_SECRET, warm_on_start=True))
    with caplog.at_level(logging.WARNING, logger="lantai.warm"), TestClient(app) as started:
        assert started.get("/health").status_code == 200
    app.state.engine.dispose()
    assert "warm start: stopped after 0 lists" in caplog.text
