"""Progress charts: valid SVG with the archive's name and the target line, rendered to PNG."""

import xml.etree.ElementTree as ET

import cairosvg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.models import Archive, Plan
from app.present.charts.svg import STATUS_COLOURS
from tests.factories import store
from tests.scenario import PLAN, YEAR, scenario_database

SVG = "{http://www.w3.org/2000/svg}"


pytestmark = pytest.mark.built_by.with_args(scenario_database)  # every test reads the scenario (tests/scenario.py)


def chart(client: TestClient, url: str, **headers: str) -> ET.Element:
    response = client.get(url, params={"plan": PLAN, "year": YEAR}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    return ET.fromstring(response.content)


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in root.iter(f"{SVG}text")]


def layer(root: ET.Element, name: str) -> ET.Element:
    found = [element for element in root.iter(f"{SVG}g") if element.get("class") == name]
    assert len(found) == 1, f"no single layer {name!r}"
    return found[0]


class TestArchiveChart:
    URL = "/api/v1/archives/HN-CS-LY/chart.svg"

    def test_names_the_archive_and_draws_the_target_line_at_80(self, client: TestClient) -> None:
        root = chart(client, self.URL)
        assert "浏阳市档案馆" in texts(root)
        target_lines = list(layer(root, "target").iter(f"{SVG}line"))
        horizontal = [line for line in target_lines if line.get("y1") == line.get("y2")]
        assert len(horizontal) == 1
        assert "80.0%" in texts(layer(root, "target"))

    def test_draws_rates_projection_and_growth_path(self, client: TestClient) -> None:
        root = chart(client, self.URL)
        assert len(list(layer(root, "rates").iter(f"{SVG}circle"))) == 2
        assert "70.0%" in texts(layer(root, "projection"))
        assert "60.5%" in texts(layer(root, "growth-path"))

    def test_words_follow_the_language(self, client: TestClient) -> None:
        assert "digitization rate" in texts(chart(client, self.URL))
        in_chinese = texts(chart(client, self.URL, **{"Accept-Language": "zh"}))
        assert "数字化率" in in_chinese
        assert any(text.startswith("存在风险") for text in in_chinese)

    def test_archive_without_reports_still_draws(self, client: TestClient) -> None:
        root = chart(client, "/api/v1/archives/HN-ZZ-YX/chart.svg")
        assert "攸县档案馆" in texts(root) and "no report yet" in texts(root)

    def test_renders_to_png(self, client: TestClient) -> None:
        response = client.get(self.URL, params={"plan": PLAN, "year": YEAR}, headers={"Accept-Language": "zh"})
        png = cairosvg.svg2png(bytestring=response.content)
        assert png.startswith(b"\x89PNG")

    @pytest.mark.parametrize(
        "url, plan, error",
        [("/api/v1/archives/NOPE/chart.svg", PLAN, "ArchiveNotFound"), (URL, "NOPE", "PlanNotFound")],
        ids=["archive", "plan"],
    )
    def test_unknown_archive_or_plan_is_404(self, client: TestClient, url: str, plan: str, error: str) -> None:
        response = client.get(url, params={"plan": plan})
        assert (response.status_code, response.json()["error"]) == (404, error)

    def test_needs_a_token(self, anonymous_client: TestClient) -> None:
        assert anonymous_client.get(self.URL, params={"plan": PLAN}).status_code == 401


class TestRollupChart:
    URL = "/api/v1/archives/HN/rollup/chart.svg"

    def test_a_bar_per_child_coloured_by_status_against_its_target(self, client: TestClient) -> None:
        root = chart(client, self.URL)
        bars = layer(root, "bars")
        assert {"长沙市档案馆", "株洲市档案馆"} <= set(texts(bars))
        fills = [rect.get("fill") for rect in bars.iter(f"{SVG}rect")]
        assert fills == [STATUS_COLOURS["achieved"], STATUS_COLOURS["off_track"]]
        assert len([line for line in bars.iter(f"{SVG}line") if line.get("class") == "target"]) == 2

    def test_subtree_aggregate_is_marked(self, client: TestClient) -> None:
        root = chart(client, self.URL)
        assert len(list(layer(root, "bars").iter(f"{SVG}polygon"))) == 1

    def test_renders_to_png_in_chinese(self, client: TestClient) -> None:
        response = client.get(self.URL, params={"plan": PLAN, "year": YEAR}, headers={"Accept-Language": "zh"})
        assert "湖南省档案馆：下级档案馆" in texts(ET.fromstring(response.content))
        assert cairosvg.svg2png(bytestring=response.content).startswith(b"\x89PNG")


class TestOddData:
    def test_control_characters_and_huge_growth_still_give_valid_svg(self, client: TestClient, engine: Engine) -> None:
        # The API now refuses control characters in names; rows stored before that may still hold them.
        store(
            engine,
            Archive(code="ODD", name="怪\x17名", level="municipal", kind="comprehensive", parent_code="HN"),
            Plan(code="LONG", name="p\x01", start_year=1950, end_year=2100),
        )
        for rule, value, unit in (("reach_rate", 80, "pct"), ("min_growth", 1e12, "relative_pct")):
            client.post(
                "/api/v1/plans/LONG/targets",
                json={"rule": rule, "value": value, "unit": unit, "basis": "volumes", "level": "municipal"},
            )
        client.put("/api/v1/archives/ODD/reports/1990", json={"holdings_volumes": 10, "digitized_volumes": 1})
        client.put("/api/v1/archives/ODD/reports/1991", json={"holdings_volumes": 10, "digitized_volumes": 2})
        for url in ("/api/v1/archives/ODD/chart.svg", "/api/v1/archives/HN/rollup/chart.svg"):
            response = client.get(url, params={"plan": "LONG", "year": 1991})
            assert response.status_code == 200
            assert "怪名" in texts(ET.fromstring(response.content))


class TestRollupWithoutChildren:
    def test_a_county_says_nothing_is_below_it(self, client: TestClient) -> None:
        root = chart(client, "/api/v1/archives/HN-CS-LY/rollup/chart.svg")
        assert "no archive below this one is judged by this plan" in texts(root)
