"""/docs and /redoc work with no internet: their pages and assets come from the app itself."""

import re
import shutil
import subprocess

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.live import serving

URL = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)|url\s*:\s*["']([^"']+)|(https?://[^\s"'<>)]+)""")


def referenced(html: str) -> list[str]:
    return [next(group for group in match.groups() if group) for match in URL.finditer(html)]


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_page_references_no_other_host(client: TestClient, page: str) -> None:
    response = client.get(page)
    assert response.status_code == 200
    urls = referenced(response.text)
    assert urls, "the page loads its scripts from somewhere"
    assert [url for url in urls if "//" in url] == []
    for url in urls:
        assert client.get(url).status_code == 200, url


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(chromium() is None, reason="Chromium is not installed (.ci/run installs it)")
@pytest.mark.one_database("sqlite", reason="the OpenAPI document it checks is the same on both databases")
def test_swagger_ui_renders_the_operations_in_headless_chromium(app: FastAPI) -> None:
    with serving(app) as url:
        result = subprocess.run(
            [
                str(chromium()),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-proxy-server",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                "--virtual-time-budget=15000",
                "--dump-dom",
                f"{url}/docs",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "opblock-summary" in result.stdout  # Swagger UI drew the operations
    assert "/api/v1/archives/{code}/compliance" in result.stdout
