"""min_growth: the table of cases."""

import pytest

from app.domain.compliance import YearFigures
from tests.domain.rule_builders import GROWTH_10PP, GROWTH_10REL, Case, by_volumes, with_report

MIN_GROWTH_CASES = [
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2022: 40, 2023: 50}),
            2023,
            "on_track",
            ("growth_met",),
            {
                "judged_year": 2023,
                "rate_pct": 50,
                "previous_rate_pct": 40,
                "growth_pp": 10,
                "growth_relative_pct": 25,
                "fallback": None,
            },
        ),
        id="min-growth-pp-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "off_track",
            ("growth_not_met",),
            {"growth_pp": 4},
        ),
        id="min-growth-pp-short",
    ),
    pytest.param(
        Case(
            (GROWTH_10REL,),
            by_volumes({2022: 40, 2023: 44}),
            2023,
            "on_track",
            ("growth_met",),
            {"growth_relative_pct": 10},
        ),
        id="min-growth-relative-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10REL,),
            by_volumes({2022: 0, 2023: 1}),
            2023,
            "on_track",
            ("growth_met",),
            {"growth_relative_pct": None},
        ),
        id="min-growth-relative-from-zero-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10REL,),
            by_volumes({2022: 0, 2023: 0}),
            2023,
            "off_track",
            ("growth_not_met",),
        ),
        id="min-growth-relative-zero-to-zero-not-met",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2021: 30, 2023: 44}),
            2023,
            "off_track",
            ("growth_not_met",),
            {"previous_rate_pct": 30, "growth_from_year": 2021, "growth_pp": 7},
        ),
        id="min-growth-across-a-one-year-gap",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            with_report(by_volumes({2023: 44}), YearFigures(2022, 0, 0)),
            2023,
            "insufficient_data",
            ("no_previous_year", "zero_denominator"),
        ),
        id="min-growth-previous-year-with-zero-holdings",
    ),
    pytest.param(
        Case(
            (GROWTH_10PP,),
            by_volumes({2022: 40}),
            2023,
            "no_data",
            ("no_report",),
        ),
        id="min-growth-without-report-for-the-year",
    ),
]
