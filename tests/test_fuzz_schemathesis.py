"""schemathesis against a live server: every operation, bounded, no 5xx and every answer as declared.

The server runs `lantai serve` on 127.0.0.1 (ports 8700-8749) on this test's
database, seeded with the reference archives, plans and demo reports;
schemathesis holds an admin token. More than half the codes and years it puts
in paths are real ones, so that it reaches past 404 into writes, review and
compliance. Its report is printed to the test log whether it passes or not.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, insert

from app.config import Settings
from app.db import open_session
from app.models import ApiToken
from app.models.common import utcnow
from app.seeding import load_seed, seed_dir
from app.services.token_secrets import new_token, token_hash
from tests.databases import backend_name
from tests.harness import free_port

BIN = Path(sys.executable).parent
PORTS = range(8700, 8750)
# The fuzzer picks small and boundary ids; the admin token it holds sits where it will not revoke it.
FUZZER_TOKEN_ID = 7_654_321
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "ignored_auth",
    )
)
RUN_TIMEOUT_SECONDS = 240
# Examples per operation: the whole 20 on SQLite; fewer on PostgreSQL, whose pass runs beside
# SQLite's in `make test` and is the longer of the two (CI keeps to 20 minutes). The schema,
# the validation and the routes are the same on both, so the full depth runs on SQLite and the
# PostgreSQL pass looks for what that database alone refuses with fewer examples (a trade-off).
EXAMPLES = {"sqlite": 20, "postgres": 8}
# One worker: hypothesis parses lambdas with `ast`, which on Python 3.11 can fail
# ("AST constructor recursion depth mismatch") when two threads do it at once.
# Real archive and plan codes and reported years, picked for path parameters 60% of the time.
CONFIG = """
[dictionaries.codes]
values = ["HN", "HN-CS", "HN-CS-CSX", "HB-XY", "FYP14", "HN2017"]

[dictionaries.years]
values = [2016, 2020, 2023, 2024, 2025]

[parameters]
"path.code" = { dictionary = "codes", probability = 0.6 }
"path.year" = { dictionary = "years", probability = 0.6 }
"query.plan" = { dictionary = "codes", probability = 0.6 }
"""


def seed_and_issue_token(engine: Engine, secret: str) -> str:
    """Load the reference data and demo reports, and issue the fuzzer's admin token."""
    token = new_token()
    session = open_session(engine, write=True)
    try:
        load_seed(session, seed_dir(None), demo=True, current_year=date.today().year)
        session.execute(
            insert(ApiToken).values(
                id=FUZZER_TOKEN_ID,
                name="schemathesis",
                role="admin",
                token_hash=token_hash(token, secret),
                created_by="tests",
                created_at=utcnow(),
            )
        )
        session.commit()
    finally:
        session.close()
    return token


@pytest.fixture
def live_server(database_url: str, settings: Settings, tmp_path: Path) -> Iterator[str]:
    """`lantai serve` on this test's database; its base URL."""
    port = free_port(PORTS)
    environment = {**os.environ, "LANTAI_DATABASE_URL": database_url, "LANTAI_SECRET": settings.secret}
    with open(tmp_path / "server.log", "wb") as log:
        server = subprocess.Popen(
            [str(BIN / "lantai"), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            wait_until_serving(url, server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=15)


def wait_until_serving(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


def test_schemathesis_finds_no_server_error_and_no_undeclared_answer(
    live_server: str, engine: Engine, settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token = seed_and_issue_token(engine, settings.secret)
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    command = [
        str(BIN / "schemathesis"),
        "--config-file",
        str(config),
        "run",
        f"{live_server}/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--max-examples",
        str(EXAMPLES[backend_name()]),
        "--seed",
        "20261121",
        "--workers",
        "1",
        "--request-timeout",
        "20",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
        "--no-color",
    ]
    started = time.monotonic()
    run = subprocess.run(command, capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS, cwd=tmp_path)
    with capsys.disabled():
        print(f"\n== schemathesis ({time.monotonic() - started:.0f} s) ==\n{run.stdout[-6000:]}{run.stderr[-2000:]}")
    assert run.returncode == 0
