"""What makes a year's figures consistent (pure; the bound of each figure is in the schema).

A year is a reporting year from 1949 up to the current calendar year (passed in from the
edge): year-end figures for a year that has not begun are refused. YEAR_RANGE states that
range, the same words wherever it is told (the refusal, the import template's note, the
API's description). For each unit counted both ways (the pairs of app.domain.figures), what
is digitized cannot exceed what is held; a Chinese message names each figure by its Chinese
label (figure_label_zh) and writes numbers with separators.
"""

from collections.abc import Mapping

from app.domain.figures import DIGITIZED_WITHIN_HOLDINGS
from app.domain.import_columns import COLUMNS_BY_KEY
from app.domain.text import Text

MIN_YEAR = 1949
YEAR_RANGE = Text(f"{MIN_YEAR} to the current year", f"{MIN_YEAR} 年至当年")


def year_problem(year: int, current_year: int) -> Text | None:
    """Why `year` cannot carry a report, or None."""
    if MIN_YEAR <= year <= current_year:
        return None
    return Text(
        f"year: {year} is outside {MIN_YEAR}..{current_year} (reports run from {YEAR_RANGE.en})",
        f"year：{year} 不在 {MIN_YEAR}..{current_year} 范围内（报送年度为{YEAR_RANGE.zh}）",
    )


def figure_label_zh(key: str) -> str:
    """A figure's Chinese label (the import template's), or the key when it has none."""
    column = COLUMNS_BY_KEY.get(key)
    return key if column is None else column.label_zh


def figures_problems(figures: Mapping[str, object]) -> list[tuple[str, Text]]:
    """Every (field, message) where digitized exceeds holdings in the same unit."""
    problems = []
    for digitized_field, holdings_field in DIGITIZED_WITHIN_HOLDINGS:
        digitized, holdings = figures.get(digitized_field), figures.get(holdings_field)
        if isinstance(digitized, int) and isinstance(holdings, int) and digitized > holdings:
            message = f"{digitized_field} {digitized} > {holdings_field} {holdings}"
            chinese = (
                f"{figure_label_zh(digitized_field)} {digitized:,} 超过{figure_label_zh(holdings_field)} {holdings:,}"
                "（已数字化数量超过馆藏数量）"
            )
            problems.append((digitized_field, Text(message, chinese)))
    return problems
