"""The warnings a PUT or PATCH answers, computed from what reads keep (the province's figures at the
counters before the write, the written report put in), equal the warnings read afresh, in both
languages, over a run of writes across a small country (three provinces, 48 archives, six years)."""

import random
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from app.api.routes import reports as report_routes
from app.db import open_session
from app.services.reports.service import get_report
from app.services.reports.warnings import report_with_warnings
from tests.factories import create_archive, put_report

PROVINCES = ("AA", "BB", "CC")
YEARS = range(2020, 2026)


def country(client: TestClient, rng: random.Random) -> list[str]:
    """The archives (three levels), with reports growing every year, a few missing; the codes that report."""
    codes = []
    for province in PROVINCES:
        create_archive(client, province, level="provincial")
        codes.append(province)
        for city in range(1, 4):
            city_code = f"{province}-{city}"
            create_archive(client, city_code, parent_code=province)
            codes.append(city_code)
            for county in range(1, 5):
                county_code = f"{city_code}-{county}"
                create_archive(client, county_code, level="county", parent_code=city_code)
                codes.append(county_code)
    for code in codes:
        holdings, digitized = rng.randint(50_000, 200_000), rng.randint(5_000, 40_000)
        for year in YEARS[:-1]:
            if rng.random() < 0.9:
                put_report(client, code, year, holdings=holdings, digitized=digitized)
            holdings += rng.randint(0, 3_000)
            digitized += rng.randint(1_000, 8_000)
    return codes


def figures(rng: random.Random) -> dict[str, int]:
    """New figures: ordinary growth, an outlier among its peers, or a fall (a cumulative decrease)."""
    holdings = rng.randint(200_000, 260_000)
    digitized = rng.choice([rng.randint(40_000, 80_000), rng.randint(150_000, 200_000), rng.randint(0, 3_000)])
    return {"holdings_volumes": holdings, "digitized_volumes": digitized}


def afresh(engine: Engine, code: str, year: int, lang: str) -> list[dict[str, Any]]:
    """The report's warnings read afresh, keeping nothing (as a just-written report's are read)."""
    session = open_session(engine, write=False, keep=False)
    try:
        stored = get_report(session, code, year)
        return report_with_warnings(session, stored, lang, just_written=True).model_dump(mode="json")["warnings"]
    finally:
        session.close()


def test_a_run_of_writes_answers_the_warnings_a_fresh_read_gives(
    client: TestClient, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(19)
    codes = country(client, rng)
    answered = {"kept": 0, "read": 0}
    from_kept = report_routes.written_report_with_warnings

    def counted(*args: Any) -> Any:
        answer = from_kept(*args)
        answered["read" if answer is None else "kept"] += 1
        return answer

    monkeypatch.setattr(report_routes, "written_report_with_warnings", counted)
    warned = set()
    for number in range(120):
        code, year = rng.choice(codes), rng.choice(YEARS)
        lang = rng.choice(["en", "zh"])
        path = f"/api/v1/archives/{code}/reports/{year}"
        if number % 7 == 3:  # a PATCH of one figure, when the report exists
            answer = client.patch(
                path, json={"digitized_volumes": rng.randint(0, 90_000)}, headers={"Accept-Language": lang}
            )
            if answer.status_code == 404:
                continue
        elif number % 11 == 5:  # the same figures again: nothing written
            current = client.get(path)
            if current.status_code == 404:
                continue
            body = {name: current.json()[name] for name in ("holdings_volumes", "digitized_volumes")}
            answer = client.put(path, json=body, headers={"Accept-Language": lang})
        else:
            answer = client.put(path, json=figures(rng), headers={"Accept-Language": lang})
        assert answer.status_code in (200, 201), answer.text
        assert answer.json()["warnings"] == afresh(engine, code, year, lang), (number, code, year)
        warned |= {warning["code"] for warning in answer.json()["warnings"]}
    assert answered["kept"] >= 60, answered  # most answers came from what reads keep
    assert {"cumulative_decreased", "peer_outlier"} <= warned, warned  # the checks that read the peers fired
