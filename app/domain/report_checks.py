"""What makes a year's figures consistent (pure; the bound of each figure is in the schema).

A year is a reporting year from 1949 up to the current calendar year (passed in from the
edge): year-end figures for a year that has not begun are refused. For each unit counted
both ways, what is digitized cannot exceed what is held.
"""

from collections.abc import Mapping

from app.domain.text import Text

MIN_YEAR = 1949

# (digitized, holdings) pairs in the same unit
DIGITIZED_WITHIN_HOLDINGS = (
    ("digitized_volumes", "holdings_volumes"),
    ("digitized_items", "holdings_items"),
    ("digitized_pages", "holdings_pages"),
)


def year_problem(year: int, current_year: int) -> Text | None:
    """Why `year` cannot carry a report, or None."""
    if MIN_YEAR <= year <= current_year:
        return None
    return Text(
        f"year: {year} is outside {MIN_YEAR}..{current_year}",
        f"year：{year} 不在 {MIN_YEAR}..{current_year} 范围内",
    )


def figures_problems(figures: Mapping[str, object]) -> list[tuple[str, Text]]:
    """Every (field, message) where digitized exceeds holdings in the same unit."""
    problems = []
    for digitized_field, holdings_field in DIGITIZED_WITHIN_HOLDINGS:
        digitized, holdings = figures.get(digitized_field), figures.get(holdings_field)
        if isinstance(digitized, int) and isinstance(holdings, int) and digitized > holdings:
            message = f"{digitized_field} {digitized} > {holdings_field} {holdings}"
            problems.append((digitized_field, Text(message, f"{message}（已数字化数量超过馆藏数量）")))
    return problems
