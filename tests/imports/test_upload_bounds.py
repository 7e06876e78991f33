"""Hostile uploads: each answered 4xx in the {"error", "detail"} shape within 5 s and 200 MB of growth.

The growth is measured where the work happens: the server's own peak resident
memory (this process: the test client serves in it), and the worker process's, as
it reports it (logged by app.services.imports.worker). A worker that passes its
limits is stopped, and the answer names the bound.
"""

import logging
import os
import time
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from app.services.imports import worker
from tests.factories import create_archive
from tests.imports.hostile_bounds import BOUNDS_CORPUS, shared_strings, xls_far_cells
from tests.imports.sheets import upload
from tests.imports.test_hostile_files import oversubscription

SECONDS = 5.0
GROWTH_MB = 200


def resident_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def worker_children() -> list[int]:
    """The worker processes this process started that are still there."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            with open(f"/proc/{entry}/cmdline", "rb") as cmdline:
                command = cmdline.read()
        except OSError:
            continue
        if parent == os.getpid() and b"app.services.imports.worker" in command:
            found.append(int(entry))
    return found


@pytest.mark.parametrize("name", list(BOUNDS_CORPUS))
def test_each_hostile_file_is_refused_within_5_s_and_200_mb(
    client: TestClient, caplog: pytest.LogCaptureFixture, name: str
) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")
    filename, build, status = BOUNDS_CORPUS[name]
    content = build()
    assert len(content) <= 20 * 1024 * 1024, "the corpus stays within the upload limit"
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = resident_kb("VmRSS")
    caplog.set_level(logging.INFO, logger="lantai.imports")
    started = time.perf_counter()
    response = upload(client, content, filename=filename)
    elapsed = time.perf_counter() - started
    server_growth_mb = (resident_kb("VmHWM") - before) / 1024
    assert response.status_code == status, response.text[:500]
    assert set(response.json()) >= {"error", "detail"}
    assert elapsed < SECONDS * oversubscription(), f"{name}: {elapsed:.1f} s"
    assert server_growth_mb < GROWTH_MB, f"{name}: the server grew by {server_growth_mb:.0f} MB"
    worker_growth = [record.parse_growth_mb for record in caplog.records if hasattr(record, "parse_growth_mb")]
    stopped = [record for record in caplog.records if "its worker was stopped" in record.getMessage()]
    if stopped:  # the shared machine was too slow for the deadline: the worker was killed within its limits
        assert client.app.state.settings.import_parse_memory_mb < GROWTH_MB
    else:
        assert worker_growth and max(worker_growth) < GROWTH_MB, f"{name}: the worker grew by {worker_growth} MB"
    assert worker_children() == []
    assert client.get("/api/v1/archives/HN/reports").json()["total"] == 0


@pytest.fixture
def hurried_app(settings: Settings) -> Iterator[FastAPI]:
    """The app with a parse deadline far shorter than the default."""
    application = create_app(settings.model_copy(update={"import_parse_seconds": 0.2}))
    yield application
    application.state.engine.dispose()


def test_a_parse_past_its_deadline_is_stopped_and_answered_413(hurried_app: FastAPI, admin_token: str) -> None:
    with TestClient(hurried_app, headers={"Authorization": f"Bearer {admin_token}"}) as client:
        started = time.perf_counter()
        response = upload(client, xls_far_cells(10), filename="a.xls")
        elapsed = time.perf_counter() - started
    assert response.status_code == 413, response.text
    assert response.json()["error"] == "PayloadTooLarge"
    assert "reading it takes more than 0.2 s" in response.json()["detail"]
    assert elapsed < 2.0 * oversubscription()
    assert worker_children() == []


@pytest.mark.parametrize("name", ["doctype-after-5KB-comment", "doctype-in-utf16", "billion-laughs"])
def test_a_document_type_is_refused_as_such_wherever_it_stands(client: TestClient, name: str) -> None:
    filename, build, _ = BOUNDS_CORPUS[name]
    response = upload(client, build(), filename=filename)
    assert response.status_code == 415, response.text
    assert "declares a document type or entities (refused)" in response.json()["detail"]


def test_an_upload_waits_its_turn_behind_the_parses_running_then_is_told_to_retry(
    hurried_app: FastAPI, admin_token: str
) -> None:
    running = [worker._TURNS.acquire(timeout=5) for _ in range(worker.PARSES_AT_ONCE)]  # as if that many ran
    try:
        with TestClient(hurried_app, headers={"Authorization": f"Bearer {admin_token}"}) as client:
            response = upload(client, xls_far_cells(1), filename="a.xls")
    finally:
        for _ in running:
            worker._TURNS.release()
    assert all(running)
    assert response.status_code == 503, response.text
    assert response.json()["error"] == "UploadsBusy" and response.headers["Retry-After"] == "10"


@pytest.fixture
def frugal_app(settings: Settings) -> Iterator[FastAPI]:
    """The app with a worker that may grow by 8 MB only."""
    application = create_app(settings.model_copy(update={"import_parse_memory_mb": 8}))
    yield application
    application.state.engine.dispose()


def test_a_parse_past_its_memory_limit_is_stopped_and_answered_413(frugal_app: FastAPI, admin_token: str) -> None:
    with TestClient(frugal_app, headers={"Authorization": f"Bearer {admin_token}"}) as client:
        response = upload(client, shared_strings(150_000), filename="a.xlsx")
    assert response.status_code == 413, response.text
    assert "reading it needs more than 8 MB of memory" in response.json()["detail"]
    assert worker_children() == []
