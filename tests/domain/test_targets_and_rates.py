"""Which target applies, rates and counts read off a report, the series, the worst status."""

import pytest

from app.domain.compliance import (
    STATUSES_WORST_FIRST,
    TargetRow,
    TargetSpec,
    YearFigures,
    denominator,
    quota_metric,
    rate_pct,
    rate_series,
    select_targets,
    worst_status,
)
from tests.domain.rule_builders import by_volumes

ROWS = [
    TargetRow("reach_rate", 70.0, "pct", "volumes", "county", None, None, target_id=1),
    TargetRow("reach_rate", 80.0, "pct", "volumes", "city", None, None, target_id=2),
    TargetRow("reach_rate", 60.0, "pct", "volumes", "county", "urban_construction", None, target_id=3),
    TargetRow("reach_rate", 85.0, "pct", "volumes", None, None, "A", target_id=4),
    TargetRow("reach_rate", 99.0, "pct", "volumes", "county", None, "B", target_id=5),
    TargetRow("min_growth", 10.0, "pp", "volumes", "county", None, None, target_id=6),
    TargetRow("min_growth", 10.0, "relative_pct", "volumes", "county", "comprehensive", None, target_id=7),
    TargetRow("annual_quota", 500_000, "pages", "pages", "county", None, None, target_id=8, year=2017),
    TargetRow("annual_quota", 300_000, "pages", "pages", "county", None, None, target_id=9),
    TargetRow("annual_quota", 600_000, "pages", "pages", None, None, "A", target_id=10, year=2017),
]


@pytest.mark.parametrize(
    "archive_code, level, kind, expected",
    [
        pytest.param(
            "A",
            "county",
            "comprehensive",
            [(4, "override"), (7, "default"), (10, "override"), (9, "default")],
            id="override-beats-default",
        ),
        pytest.param(
            "C",
            "county",
            "comprehensive",
            [(1, "default"), (7, "default"), (8, "default"), (9, "default")],
            id="level-default-kind-specific-first",
        ),
        pytest.param(
            "D",
            "county",
            "urban_construction",
            [(3, "default"), (6, "default"), (8, "default"), (9, "default")],
            id="default-of-another-kind-ignored",
        ),
        pytest.param("E", "city", "comprehensive", [(2, "default")], id="defaults-of-another-level-ignored"),
        pytest.param("B", "city", "comprehensive", [(5, "override")], id="row-for-the-archive-beats-level"),
    ],
)
def test_select_targets(archive_code, level, kind, expected) -> None:
    chosen = select_targets(ROWS, chain=(archive_code,), level=level, kind=kind)
    assert sorted((spec.target_id, spec.scope) for spec in chosen) == sorted(expected)


def test_select_targets_copies_the_row() -> None:
    [quota] = [spec for spec in select_targets(ROWS, chain=("A",), level="county", kind="x") if spec.year == 2017]
    assert quota == TargetSpec("annual_quota", 600_000, "pages", "pages", "override", 10, 2017)


FULL = YearFigures(
    2023,
    holdings_volumes=1000,
    digitized_volumes=250,
    holdings_items=3000,
    digitized_items=1750,
    holdings_pages=400_000,
    digitized_pages=100_000,
    catalog_entries=640_000,
    fulltext_pages=3_140_000,
)


@pytest.mark.parametrize(
    "figures, basis, rate, held",
    [
        pytest.param(FULL, "volumes", 25, 1000, id="volumes"),
        pytest.param(FULL, "items", 1750 / 30, 3000, id="items"),
        pytest.param(FULL, "volumes_items", 50, 4000, id="volumes-items"),
        pytest.param(FULL, "pages", 25, 400_000, id="pages"),
        pytest.param(YearFigures(2023, 0, 0), "volumes", None, 0, id="zero-holdings"),
        pytest.param(YearFigures(2023, 1000, None), "volumes", None, 1000, id="digitized-unknown"),
        pytest.param(YearFigures(2023, 1000, 500), "volumes_items", None, None, id="items-unknown"),
    ],
)
def test_rate_and_denominator(figures, basis, rate, held) -> None:
    assert rate_pct(figures, basis) == pytest.approx(rate)
    assert denominator(figures, basis) == held


@pytest.mark.parametrize(
    "metric, count",
    [
        ("pages", 100_000),
        ("volumes", 250),
        ("items", 1750),
        ("catalog_entries", 640_000),
        ("fulltext_pages", 3_140_000),
    ],
)
def test_quota_metric(metric, count) -> None:
    assert quota_metric(FULL, metric) == count


def test_series_gives_rate_and_growth_by_year() -> None:
    reports = {**by_volumes({2023: 50, 2020: 20, 2021: 30}), 2022: YearFigures(2022, 0, 0)}
    rows = rate_series(reports, "volumes")
    assert [row.year for row in rows] == [2020, 2021, 2022, 2023]
    assert [row.rate_pct for row in rows] == pytest.approx([20, 30, None, 50])
    assert [row.growth_pp for row in rows] == pytest.approx([None, 10, None, None])


@pytest.mark.parametrize(
    "statuses, worst",
    [
        (["achieved", "on_track"], "on_track"),
        (["at_risk", "insufficient_data", "achieved"], "insufficient_data"),
        (["insufficient_data", "no_data"], "no_data"),
        (["no_data", "off_track"], "no_data"),
        (["not_started", "on_track"], "on_track"),
        (list(reversed(STATUSES_WORST_FIRST)), "missed"),
    ],
)
def test_worst_status(statuses, worst) -> None:
    assert worst_status(statuses) == worst
