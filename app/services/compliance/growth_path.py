"""The growth path an archive's chart draws: the rate year by year if it grew by exactly the minimum.

It starts at the as-of rate and adds the minimum growth each year to the plan's end: points
(pp) or a relative share of the rate (relative_pct), never above 100%.
"""

from app.models.compliance import JudgedTarget

YearRate = tuple[int, float]  # (year, rate in percent)


def growth_path(start: YearRate | None, growth: JudgedTarget, end_year: int) -> list[YearRate]:
    """The rate year by year if it grew by exactly the minimum, from `start` to the end year."""
    if start is None:
        return []
    path = [start]
    for year in range(start[0] + 1, end_year + 1):
        rate = path[-1][1]
        grown = rate + growth.value if growth.unit == "pp" else rate * (1 + growth.value / 100)
        path.append((year, min(100.0, grown)))
    return path
