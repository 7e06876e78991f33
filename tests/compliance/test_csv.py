"""GET /api/v1/compliance as CSV: a header, one row per archive and rule, UTF-8 with a BOM."""

import csv
import io

from fastapi.testclient import TestClient

from app.present.compliance_csv import CSV_HEADER
from tests.compliance.builders import PLAN, archive_with_reports, compliance, fourteenth_plan, rule
from tests.factories import create_archive, create_target

BOM = b"\xef\xbb\xbf"


def csv_answer(client: TestClient, headers: dict[str, str] | None = None, **params: object) -> tuple[bytes, list[dict]]:
    response = client.get("/api/v1/compliance", params={"plan": PLAN, **params}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == list(CSV_HEADER)
    return response.content, [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


class TestCsv:
    def test_one_row_per_archive_and_rule_with_a_bom_and_chinese_names(self, client: TestClient) -> None:
        fourteenth_plan(client)
        create_target(
            client, PLAN, rule="annual_quota", value=1_000_000, unit="pages", basis="pages", level="municipal"
        )
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600}, name="长沙市档案馆")
        archive_with_reports(client, "HN-YY", {2023: 300}, name="岳阳市档案馆")

        content, rows = csv_answer(client, format="csv")

        assert content.startswith(BOM)
        assert [(row["archive_code"], row["archive_name"], row["rule"]) for row in rows] == [
            ("HN-CS", "长沙市档案馆", "reach_rate"),
            ("HN-CS", "长沙市档案馆", "annual_quota"),
            ("HN-YY", "岳阳市档案馆", "reach_rate"),
            ("HN-YY", "岳阳市档案馆", "annual_quota"),
        ]
        # 2023 is over: a quota whose pages were never reported is missed, not waiting for data
        assert rows[1]["status"] == "missed" and rows[1]["archive_status"] == "missed"
        first = rows[0]
        assert (first["status"], first["rate_pct"], first["required_per_year"], first["target_scope"]) == (
            "on_track",
            "60.0",
            "100",
            "default",
        )
        assert (first["fallback_met"], first["figures_approved"], first["quota_added"]) == ("true", "false", "")

    def test_figures_read_as_in_the_json(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-YY", {2021: 1000, 2022: 1350, 2023: 1500}, held=3000)

        _, rows = csv_answer(client, format="csv")
        reach = rule(compliance(client)["items"][0], "reach_rate")

        for column in ("pace_pp_per_year", "projected_rate_pct", "years_to_target", "required_per_year"):
            assert float(rows[0][column]) == reach[column]

    def test_accept_text_csv_chooses_csv(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2023: 600})

        _, rows = csv_answer(client, headers={"Accept": "text/csv"})

        assert [row["archive_code"] for row in rows] == ["HN-CS"]

    def test_every_archive_by_default_and_filters_apply(self, client: TestClient) -> None:
        fourteenth_plan(client, "municipal", "county")
        create_archive(client, "HN", level="provincial")
        for number in range(120):
            create_archive(client, f"C{number:03d}", parent_code="HN")
        create_archive(client, "C000-X", level="county", parent_code="C000")

        _, everything = csv_answer(client, format="csv")
        _, counties = csv_answer(client, format="csv", level="county")

        assert len(everything) == 121  # more than a JSON page; min_growth is judged inside reach_rate
        assert [row["archive_code"] for row in counties] == ["C000-X"]

    def test_reasons_in_chinese_when_asked(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600})

        _, rows = csv_answer(client, headers={"Accept-Language": "zh"}, format="csv")

        assert rows[0]["status_label"] == "进度正常"
        assert rows[0]["reasons"].startswith("2023年数字化率60.0%")
