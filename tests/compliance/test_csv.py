"""GET /api/v1/compliance as CSV: a header, one row per archive and rule, UTF-8 with a BOM."""

import csv
import io

from fastapi.testclient import TestClient

from app.models.compliance import FallbackCheck, JudgedTarget, RuleCompliance
from app.present.compliance_csv import CSV_HEADER
from app.present.labels import column_label
from tests.compliance.builders import PLAN, archive_with_reports, compliance, fourteenth_plan, rule
from tests.factories import create_archive, create_target

BOM = b"\xef\xbb\xbf"


def csv_answer(client: TestClient, headers: dict[str, str] | None = None, **params: object) -> tuple[bytes, list[dict]]:
    response = client.get("/api/v1/compliance", params={"plan": PLAN, **params}, headers=headers)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    chinese = params.get("lang", "zh" if "zh" in (headers or {}).get("Accept-Language", "") else "en") == "zh"
    assert rows[0] == [column_label(key, "zh") if chinese else key for key in CSV_HEADER]
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

        assert rows[0]["状态说明"] == "进度正常"
        assert rows[0]["原因"].startswith("2023年数字化率60.0%")

    def test_lang_zh_gives_chinese_headers_and_words(self, client: TestClient) -> None:
        fourteenth_plan(client, "county")
        archive_with_reports(client, "HN-CS-X", {2022: 500, 2023: 520}, level="county")

        _, rows = csv_answer(client, format="csv", lang="zh")

        row = rows[0]
        assert (row["级别"], row["状态"], row["保底增速达标"], row["数据已审核"]) == ("县级", "进度滞后", "否", "否")
        assert (row["考核规则"], row["计算口径"], row["目标适用范围"]) == ("达到数字化率", "卷", "默认")
        assert row["原因"].startswith("2023年数字化率52.0%")

    def test_without_lang_the_english_keys_stay(self, client: TestClient) -> None:
        fourteenth_plan(client, "county")
        archive_with_reports(client, "HN-CS-X", {2022: 500, 2023: 520}, level="county")

        _, rows = csv_answer(client, format="csv")
        _, english = csv_answer(client, {"Accept-Language": "zh"}, format="csv", lang="en")

        assert (rows[0]["level"], rows[0]["status"], rows[0]["fallback_met"]) == ("county", "off_track", "false")
        assert english[0]["level"] == "county"

    def test_every_figure_of_the_json_is_a_column(self, client: TestClient) -> None:
        fourteenth_plan(client)
        archive_with_reports(client, "HN-CS", {2021: 400, 2022: 500, 2023: 600}, held=1000)

        _, rows = csv_answer(client, format="csv")
        reach = rule(compliance(client)["items"][0], "reach_rate")

        words = {"rule", "status", "status_label", "target", "fallback", "reasons"}
        keys = [key for key in RuleCompliance.model_fields if key not in words]
        keys += [f"target_{key}" for key in JudgedTarget.model_fields if key != "rule"]
        keys += [f"fallback_{key}" for key in FallbackCheck.model_fields if key != "target"]
        assert set(keys) <= set(CSV_HEADER)
        row = rows[0]
        assert (row["growth_from_year"], row["shortfall_units"], row["fallback_growth_from_year"]) == (
            "2022",
            "200",
            "2022",
        )
        assert float(row["holdings_trend_per_year"]) == reach["holdings_trend_per_year"] == 0
        assert int(row["required_per_year_with_growth"]) == reach["required_per_year_with_growth"] == 100
