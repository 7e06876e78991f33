"""Hostile files cost little: each is refused with a 4xx in the {"error", "detail"} shape, quickly, writing nothing."""

import io
import os
import random
import time

import pytest
import xlwt
from fastapi.testclient import TestClient

from app import errors
from app.domain.report_lifecycle import WriteMode
from app.services.imports.service import read_file
from app.services.imports.workbooks import workbook_sheets
from tests.factories import create_archive
from tests.imports.hostile import CORPUS
from tests.imports.sheets import upload, xlsx_bytes

SECONDS = 5.0


def oversubscription() -> float:
    """How many runnable tasks share each core right now (at least 1): the shared test machine's slowdown."""
    return max(1.0, os.getloadavg()[0] / (os.cpu_count() or 1))


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_hostile_file_is_refused_quickly(client: TestClient, name: str) -> None:
    filename, build, status = CORPUS[name]
    content = build()
    assert len(content) <= 20 * 1024 * 1024, "the corpus stays within the upload limit"
    started, cpu_started = time.perf_counter(), time.process_time()
    response = upload(client, content, filename=filename)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    assert response.status_code == status, response.text[:500]
    body = response.json()
    assert set(body) >= {"error", "detail"} and len(response.content) < 200_000
    assert cpu < SECONDS, f"{name}: {cpu:.1f} s of CPU"
    assert elapsed < SECONDS * oversubscription(), f"{name}: {elapsed:.1f} s"
    assert client.get("/api/v1/archives/HN/reports").json()["total"] == 0


def test_a_problem_value_is_cut_to_60_characters(client: TestClient) -> None:
    filename, build, _ = CORPUS["5000-digit-number-csv"]
    problems = upload(client, build(), filename=filename).json()["summary"]["problems"]
    assert problems and all(len(problem["value"] or "") <= 60 for problem in problems)
    assert {problem["code"] for problem in problems} == {"too_long"}


def test_damaged_workbooks_are_refused_never_crash() -> None:
    """Bytes flipped and files cut short in an .xlsx and an .xls: always an AppError (a 4xx), never anything else."""
    rows = [["archive_code", "year", "holdings_volumes", "digitized_volumes"], ["HN", 2025, 10, 5]]
    book = xlwt.Workbook()
    sheet = book.add_sheet("a")
    for number, row in enumerate(rows):
        for column, value in enumerate(row):
            sheet.write(number, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    chance = random.Random(11)
    for original in (xlsx_bytes(rows), buffer.getvalue()):
        for _ in range(150):
            damaged = bytearray(original)
            for _ in range(chance.randint(1, 20)):
                damaged[chance.randrange(len(damaged))] = chance.randrange(256)
            if chance.random() < 0.2:
                damaged = damaged[: chance.randrange(len(damaged))]
            try:
                read_file(workbook_sheets(bytes(damaged)), mode=WriteMode.merge, current_year=2026)
            except errors.AppError as refused:
                assert refused.status_code in (413, 415, 422)
