"""Browser tests: Debian's Chromium (/usr/bin/chromium) driven by Playwright against the app served on 127.0.0.1.

Playwright's own browser download is not used (pinned playwright, Debian's build through
`executable_path`). Where the browser cannot start the tests skip and say why, unless
CI=1 or LANTAI_REQUIRE_BROWSER=1 is set: then they fail, so CI never skips them silently.

Every page opens in a context whose requests all pass through a route that lets only the
server's own host through and records anything else: each test ends by checking that no
request left the host (fonts, scripts, styles, images, beacons...)."""

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI

from tests.harness import SERVER_PORTS, free_port

CHROMIUM = os.environ.get("LANTAI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "img"


def browser_required() -> bool:
    return os.environ.get("CI") == "1" or os.environ.get("LANTAI_REQUIRE_BROWSER") == "1"


def cannot_start(reason: str) -> None:
    message = f"the browser tests need Chromium at {CHROMIUM} with Playwright: {reason}"
    if browser_required():
        pytest.fail(message + " (CI=1 or LANTAI_REQUIRE_BROWSER=1: they may not skip)")
    pytest.skip(message)


# Package scope, not session: Playwright's sync API runs an event loop in this thread while it is
# started, so a later test of the same process calling asyncio.run() would fail beside it.
@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """Debian's Chromium, started once for the browser tests (skipped with the reason, or failed in CI, when it cannot start)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as missing:
        cannot_start(f"playwright is not installed ({missing}); `pip install -e '.[test]'`")
    if not Path(CHROMIUM).exists():
        cannot_start("it is not installed; `apt-get install chromium fonts-noto-cjk`")
    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as failure:  # Playwright raises its own Error for a browser that will not start
        manager.stop()
        cannot_start(f"it did not start ({str(failure).splitlines()[0]})")
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The test's app served by uvicorn on 127.0.0.1 (its own thread), as a browser reaches it."""
    port = free_port(SERVER_PORTS)
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(timeout=10)


class Browsing:
    """Pages of one browser context, whose requests may reach the server's host only."""

    def __init__(self, browser: Any, base: str) -> None:
        self.base = base
        self.host = urlsplit(base).netloc
        self.elsewhere: list[str] = []
        self.context = browser.new_context(base_url=base, locale="zh-CN", viewport={"width": 1280, "height": 900})
        self.context.route("**/*", self._only_here)

    def _only_here(self, route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc == self.host:
            route.continue_()
        else:
            self.elsewhere.append(url)
            route.abort()

    def page(self) -> Any:
        return self.context.new_page()

    def sign_in(self, username: str, password: str) -> Any:
        page = self.page()
        page.goto("/console/login")
        page.fill("#username", username)
        page.fill("#password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state()
        return page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def browsing(chromium: Any, server: str) -> Iterator[Browsing]:
    """A fresh browser context on the test server; fails the test if any request left the server's host."""
    session = Browsing(chromium, server)
    yield session
    session.close()
    assert session.elsewhere == [], f"requests left the server's host: {session.elsewhere}"


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where the screenshots go: docs/img with LANTAI_SCREENSHOTS=1 (to refresh the README's), else a temp folder."""
    if os.environ.get("LANTAI_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        return SCREENSHOTS
    return tmp_path
