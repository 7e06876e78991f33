"""An archive's answer is written straight from the rules' result, byte for byte as the answer's
schema writes it: every figure, reason, target and round notice, in both languages."""

import tracemalloc
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.compliance import ArchiveResult, TargetRow, YearFigures, evaluate_archive, select_targets
from app.domain.hierarchy import ArchiveRow
from app.models.compliance import NotReported
from app.services.compliance.answer_json import answer_json
from app.services.compliance.answers import archive_answer
from tests.compliance.test_properties import LAST_REPORT_YEAR, SPEC, cases

ARCHIVE = ArchiveRow("CN-44-01", '广州市档案馆 "Canton" \\ ⅡA', "municipal", "comprehensive", "CN-44")
NOTICE = NotReported(round_id=7, round_name="2025年度年报", due_on=date(2026, 3, 31), days_late=12)


def judged(targets: list[dict], reports: dict[int, dict[str, int]], as_of: int) -> ArchiveResult:
    rows = [
        TargetRow(body["rule"], body["value"], body["unit"], body["basis"], None, None, ARCHIVE.code, number)
        for number, body in enumerate(targets, start=1)
    ]
    figures = {year: YearFigures(year, approved=year % 2 == 0, **report) for year, report in reports.items()}
    chosen = select_targets(rows, chain=(ARCHIVE.code, "CN-44"), level=ARCHIVE.level, kind=ARCHIVE.kind)
    return evaluate_archive(SPEC, chosen, figures, as_of, LAST_REPORT_YEAR)


def schema_written(result: ArchiveResult, lang: str, notice: NotReported | None) -> bytes:
    return archive_answer(ARCHIVE, result, lang, notice).model_dump_json().encode()


@settings(max_examples=300, deadline=None, database=None, derandomize=True)
@given(case=cases(), lang=st.sampled_from(["zh", "en"]), noticed=st.booleans())
def test_the_answer_is_written_as_its_schema_writes_it(case: tuple, lang: str, noticed: bool) -> None:
    result = judged(*case)
    notice = NOTICE if noticed else None

    assert answer_json(ARCHIVE, result, lang, notice) == schema_written(result, lang, notice)


def test_an_answer_with_a_huge_or_infinite_figure_is_still_written_as_its_schema_writes_it() -> None:
    reach = {"rule": "reach_rate", "value": 80.0, "unit": "pct", "basis": "volumes"}
    result = judged([reach], {2023: {"holdings_volumes": 1000, "digitized_volumes": 500}}, 2024)
    rule = replace(result.rules[0], growth_relative_pct=1.5e17, holdings_trend_per_year=float("inf"))
    beyond_64_bits = replace(result.rules[0], shortfall_units=10**20)
    huge = replace(result, rules=(rule, beyond_64_bits))

    written = answer_json(ARCHIVE, huge, "en")

    assert written == schema_written(huge, "en", None)
    assert b'"holdings_trend_per_year":null' in written  # not a number: JSON has none


def test_a_kept_answer_takes_the_memory_of_its_bytes_not_of_the_writers_buffer() -> None:
    """A whole year's answers are kept (items.judged_archive): 3,266 of them, about 1.3 KB each.
    orjson's own bytes keep the capacity its writer grew to (16 KB for one such answer)."""
    reach = {"rule": "reach_rate", "value": 80.0, "unit": "pct", "basis": "volumes"}
    growth = {"rule": "min_growth", "value": 10.0, "unit": "relative_pct", "basis": "volumes"}
    reports = {year: {"holdings_volumes": 1000, "digitized_volumes": 100 * (year - 2018)} for year in range(2020, 2024)}
    result = judged([reach, growth], reports, 2023)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [answer_json(ARCHIVE, result, "zh") for _ in range(100)]
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()

    assert grown < 100 * (len(kept[0]) + 200)
