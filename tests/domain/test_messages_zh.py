"""A Chinese message names each figure by its Chinese label and writes numbers
with separators; the reporting years are stated one way wherever they are told."""

from app.domain.checks import CheckInput, run_checks
from app.domain.import_columns import COLUMNS_BY_KEY
from app.domain.rates import YearFigures
from app.domain.report_checks import YEAR_RANGE, figures_problems, year_problem

FIGURE_KEYS = ("holdings_volumes", "digitized_volumes", "holdings_items", "digitized_items", "digitized_pages")


def test_digitized_over_holdings_in_chinese_words() -> None:
    [(field, message)] = figures_problems({"digitized_volumes": 90_000, "holdings_volumes": 83_500})
    assert field == "digitized_volumes"
    assert message.zh == "已数字化案卷数 90,000 超过馆藏案卷数 83,500（已数字化数量超过馆藏数量）"
    assert message.en == "digitized_volumes 90000 > holdings_volumes 83500"  # scripts read the keys in English


def test_a_warning_in_chinese_names_no_english_field() -> None:
    data = CheckInput(YearFigures(2025, 200_000, 7_728), {2024: YearFigures(2024, 200_000, 72_218)})
    findings = run_checks(data)
    fell = next(finding for finding in findings if finding.code == "cumulative_decreased")
    assert fell.zh.startswith("已数字化案卷数 由 72,218 降至 7,728"), fell.zh
    for finding in findings:
        assert not any(key in finding.zh for key in FIGURE_KEYS), finding.zh


def test_the_years_are_told_the_same_way_in_the_template_and_the_refusal() -> None:
    note = COLUMNS_BY_KEY["year"].note
    refused = year_problem(2027, 2026)
    assert refused is not None
    assert YEAR_RANGE.zh in note.zh and YEAR_RANGE.zh in refused.zh
    assert YEAR_RANGE.en in note.en and YEAR_RANGE.en in refused.en
    assert "次年" not in note.zh and "next year" not in note.en
    assert year_problem(2026, 2026) is None
