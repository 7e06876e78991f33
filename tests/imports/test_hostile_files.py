"""Hostile files cost little: each is refused with a 4xx in the {"error", "detail"} shape, quickly, writing nothing."""

import time

import pytest
from fastapi.testclient import TestClient

from tests.factories import create_archive
from tests.imports.hostile import CORPUS
from tests.imports.sheets import upload

SECONDS = 5.0


@pytest.fixture(autouse=True)
def archives(client: TestClient) -> None:
    create_archive(client, "HN", name="湖南省档案馆", level="provincial")


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_hostile_file_is_refused_quickly(client: TestClient, name: str) -> None:
    filename, build, status = CORPUS[name]
    content = build()
    assert len(content) <= 20 * 1024 * 1024, "the corpus stays within the upload limit"
    started = time.perf_counter()
    response = upload(client, content, filename=filename)
    elapsed = time.perf_counter() - started
    assert response.status_code == status, response.text[:500]
    body = response.json()
    assert set(body) >= {"error", "detail"} and len(response.content) < 200_000
    assert elapsed < SECONDS, f"{name}: {elapsed:.1f} s"
    assert client.get("/api/v1/archives/HN/reports").json()["total"] == 0


def test_a_problem_value_is_cut_to_60_characters(client: TestClient) -> None:
    filename, build, _ = CORPUS["5000-digit-number-csv"]
    problems = upload(client, build(), filename=filename).json()["summary"]["problems"]
    assert problems and all(len(problem["value"] or "") <= 60 for problem in problems)
    assert {problem["code"] for problem in problems} == {"too_long"}
