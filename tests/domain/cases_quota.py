"""annual_quota: the table of cases."""

import pytest

from tests.domain.rule_builders import CATALOG_QUOTA, PAGES_QUOTA_2024, Case, catalog, pages

QUOTA_CASES = [
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: 100_000, 2023: 750_000}),
            2023,
            "achieved",
            ("quota_met",),
            {"judged_year": 2023, "quota_added": 650_000, "rate_pct": None},
        ),
        id="quota-met",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: 100_000, 2023: 740_000}),
            2023,
            "achieved",
            ("quota_met",),
            {"quota_added": 640_000},
        ),
        id="quota-met-exactly",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: 100_000, 2023: 600_000}),
            2023,
            "off_track",
            ("quota_short",),
            {"quota_added": 500_000},
        ),
        id="quota-short",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2023: 600_000}),
            2023,
            "insufficient_data",
            ("quota_missing_year",),
            {"quota_added": None, "figures_approved": None},
        ),
        id="quota-missing-previous-year",
    ),
    pytest.param(
        Case(
            (CATALOG_QUOTA,),
            catalog({2022: None, 2023: 600_000}),
            2023,
            "insufficient_data",
            ("unknown_metric",),
        ),
        id="quota-metric-unknown",
    ),
    pytest.param(
        Case(
            (PAGES_QUOTA_2024,),
            pages({2023: 1_000_000, 2024: 1_600_000, 2025: 1_700_000}),
            2025,
            "achieved",
            ("quota_met",),
            {"as_of_year": 2025, "judged_year": 2024, "quota_added": 600_000},
        ),
        id="year-bound-quota-judged-in-its-year-after-it",
    ),
    pytest.param(
        Case(
            (PAGES_QUOTA_2024,),
            pages({2023: 1_000_000, 2024: 1_400_000}),
            2024,
            "off_track",
            ("quota_short",),
            {"quota_added": 400_000},
        ),
        id="year-bound-quota-in-its-year",
    ),
]
