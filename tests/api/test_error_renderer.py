"""One renderer for every error: the middleware's own answers (413, 500) speak the client's language too."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings


def test_a_body_over_the_limit_is_refused_in_chinese(client: TestClient, settings: Settings) -> None:
    body = b"{" + b" " * settings.max_json_body_bytes + b"}"
    response = client.post(
        "/api/v1/archives",
        content=body,
        headers={"Content-Type": "application/json", "Accept-Language": "zh"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "error": "PayloadTooLarge",
        "detail": f"请求体超过 {settings.max_json_body_bytes} 字节",
    }
    assert "x-request-id" in response.headers


def test_a_crash_answers_internal_error_in_chinese_with_the_request_id(app: FastAPI) -> None:
    def crash() -> None:
        raise RuntimeError("SELECT secret FROM somewhere")

    app.add_api_route("/crash", crash)
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        response = anonymous.get("/crash", headers={"Accept-Language": "zh-CN", "X-Request-ID": "req-42"})
    assert (response.status_code, response.json()["error"]) == (500, "InternalError")
    server_id = response.headers["x-request-id"]  # the server's own id; the client's is kept apart
    assert server_id != "req-42"
    assert response.json()["detail"] == f"发生意外错误；报告此问题时请注明请求编号 {server_id}"
    assert "SELECT" not in response.text


def test_a_crash_answers_in_english_by_default(app: FastAPI) -> None:
    def crash() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/crash", crash)
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        response = anonymous.get("/crash")
    assert response.status_code == 500
    assert response.json()["detail"].startswith("an unexpected error occurred; quote request id ")
