"""A small province judged against the 14th Five-Year Plan as of 2023, one archive per status.

HN        湖南省档案馆   provincial  (no target at its level)
HN-CS     长沙市档案馆   municipal   70% -> 85%: achieved
HN-CS-LY  浏阳市档案馆   county      40% -> 50%: at_risk (reaches 70% by 2025; grew 25% relative)
HN-ZZ     株洲市档案馆   municipal   30% -> 31%: off_track
HN-ZZ-YX  攸县档案馆     county      no report: no_data
"""

from collections.abc import Callable

from fastapi.testclient import TestClient

from tests.factories import create_archive, create_plan, create_target, put_report

PLAN, YEAR = "FYP14", 2023
STATUSES = {"HN-CS": "achieved", "HN-CS-LY": "at_risk", "HN-ZZ": "off_track", "HN-ZZ-YX": "no_data"}


def build_scenario(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    create_archive(client, "HN-CS", name="长沙市档案馆", parent_code="HN")
    create_archive(client, "HN-CS-LY", name="浏阳市档案馆", level="county", parent_code="HN-CS")
    create_archive(client, "HN-ZZ", name="株洲市档案馆", parent_code="HN")
    create_archive(client, "HN-ZZ-YX", name="攸县档案馆", level="county", parent_code="HN-ZZ")
    create_plan(client, PLAN, 2021, 2025)
    for level in ("municipal", "county"):
        create_target(client, PLAN, rule="reach_rate", value=80, unit="pct", basis="volumes", level=level)
        create_target(client, PLAN, rule="min_growth", value=10, unit="relative_pct", basis="volumes", level=level)
    for code, digitized in (("HN-CS", (700, 850)), ("HN-CS-LY", (400, 500)), ("HN-ZZ", (300, 310))):
        for year, count in zip((2022, 2023), digitized, strict=True):
            put_report(client, code, year, holdings=1000, digitized=count)


def scenario_database(client: TestClient, _token_for: Callable[..., str]) -> None:
    """The scenario as a database builder: @pytest.mark.built_by.with_args(scenario_database) gives a test a copy of
    a database it was built in once (tests/conftest.py, database_url)."""
    build_scenario(client)
