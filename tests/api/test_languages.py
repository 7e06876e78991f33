"""Messages people read follow Accept-Language (zh or zh-CN: Chinese, else English); codes never change."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import create_archive, report_body

URL = "/api/v1/archives/HN-CS/reports/2023"


@pytest.fixture(autouse=True)
def archive(client: TestClient) -> None:
    create_archive(client, "HN-CS", name="长沙市档案馆")


class TestValidationErrorLanguage:
    @pytest.mark.parametrize(
        "body, english, chinese",
        [
            (
                report_body(1000, -1),
                "digitized_volumes: Input should be greater than or equal to 0",
                "已数字化案卷数（digitized_volumes）：应大于或等于 0",
            ),
            (report_body(1000, 10, colour="red"), "colour: unknown field", "colour：未知字段"),
            (
                {"holdings_volumes": 1000},
                "digitized_volumes: Field required",
                "已数字化案卷数（digitized_volumes）：缺少必填字段",
            ),
            (
                report_body(1000, "many"),
                "digitized_volumes: Input should be a valid integer",
                "已数字化案卷数（digitized_volumes）：应为整数",
            ),
            (
                report_body(1000, 10, note="x" * 2001),
                "note: String should have at most 2000 characters",
                "备注（note）：长度不能超过 2000 个字符",
            ),
        ],
        ids=["negative", "unknown-field", "missing", "not-a-number", "too-long"],
    )
    def test_detail_in_both_languages_with_the_same_code(
        self, client: TestClient, body: dict, english: str, chinese: str
    ) -> None:
        in_english = client.put(URL, json=body)
        in_chinese = client.put(URL, json=body, headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.8"})
        assert in_english.status_code == in_chinese.status_code == 422
        assert in_english.json()["error"] == in_chinese.json()["error"] == "ValidationError"
        assert english in in_english.json()["detail"]
        assert chinese in in_chinese.json()["detail"]

    def test_malformed_json_in_chinese(self, client: TestClient) -> None:
        response = client.put(
            URL, content=b"{holdings", headers={"content-type": "application/json", "Accept-Language": "zh"}
        )
        assert response.status_code == 400
        assert response.json() == {"error": "MalformedJSON", "detail": "请求体不是有效的 JSON"}

    def test_english_is_preferred_when_ranked_first(self, client: TestClient) -> None:
        response = client.put(URL, json=report_body(1000, -1), headers={"Accept-Language": "en-GB, zh;q=0.5"})
        assert "greater than or equal" in response.json()["detail"]


class TestDomainErrorLanguage:
    def test_digitized_above_holdings_in_chinese(self, client: TestClient) -> None:
        response = client.put(URL, json=report_body(5000, 5200), headers={"Accept-Language": "zh"})
        assert response.json()["error"] == "DigitizedExceedsHoldings"
        assert "已数字化数量超过馆藏数量" in response.json()["detail"]

    def test_unknown_archive_in_chinese(self, client: TestClient) -> None:
        response = client.get("/api/v1/archives/NOPE", headers={"Accept-Language": "zh"})
        assert response.json()["error"] == "ArchiveNotFound"
        assert "不存在" in response.json()["detail"]


class TestHttpErrorLanguage:
    def test_unknown_path_in_both_languages(self, client: TestClient) -> None:
        assert client.get("/api/v1/nowhere").json() == {"error": "NotFound", "detail": "Not Found"}
        assert client.get("/api/v1/nowhere", headers={"Accept-Language": "zh"}).json() == {
            "error": "NotFound",
            "detail": "未找到",
        }

    def test_wrong_method_in_chinese(self, client: TestClient) -> None:
        response = client.delete("/api/v1/imports/reports", headers={"Accept-Language": "zh"})
        assert (response.status_code, response.json()["error"], response.json()["detail"]) == (
            405,
            "MethodNotAllowed",
            "不支持该请求方法",
        )
