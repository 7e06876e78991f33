"""Builders for the compliance rules' tables of cases: reports at given rates, the targets, a Case."""

from collections.abc import Mapping
from dataclasses import dataclass, field

from app.domain.compliance import (
    PlanSpec,
    TargetSpec,
    YearFigures,
)

PLAN = PlanSpec("14th", start_year=2021, end_year=2025, baseline_year=2020)
REACH_80 = TargetSpec("reach_rate", 80.0, "pct", "volumes")
GROWTH_10PP = TargetSpec("min_growth", 10.0, "pp", "volumes")
GROWTH_10REL = TargetSpec("min_growth", 10.0, "relative_pct", "volumes")
CATALOG_QUOTA = TargetSpec("annual_quota", 640_000, "entries", "catalog_entries")
PAGES_QUOTA_2024 = TargetSpec("annual_quota", 500_000, "pages", "pages", year=2024)


def by_volumes(rates: Mapping[int, float], held: int = 1000) -> dict[int, YearFigures]:
    """Approved reports holding `held` volumes, digitized to the given rate per year."""
    return {year: YearFigures(year, held, round(rate * held / 100), approved=True) for year, rate in rates.items()}


def with_report(reports: Mapping[int, YearFigures], figures: YearFigures) -> dict[int, YearFigures]:
    return {**reports, figures.year: figures}


def by_volumes_and_pages(volumes: Mapping[int, float], pages: Mapping[int, int]) -> dict[int, YearFigures]:
    """Volumes at the given rate of 1,000; pages digitized of 1,000,000 held."""
    return {
        year: YearFigures(
            year, 1000, round(volumes[year] * 10), holdings_pages=1_000_000, digitized_pages=pages[year], approved=True
        )
        for year in volumes
    }


def by_volumes_and_items(digitized: Mapping[int, tuple[int, int]]) -> dict[int, YearFigures]:
    """1,000 volumes and 1,000 items held; (volumes, items) digitized per year."""
    return {
        year: YearFigures(year, 1000, volumes, holdings_items=1000, digitized_items=items)
        for year, (volumes, items) in digitized.items()
    }


def catalog(entries: Mapping[int, int | None]) -> dict[int, YearFigures]:
    return {year: YearFigures(year, 1000, 500, catalog_entries=count, approved=True) for year, count in entries.items()}


def with_catalog(reports: Mapping[int, YearFigures], entries: Mapping[int, int]) -> dict[int, YearFigures]:
    return {year: figures._replace(catalog_entries=entries.get(year)) for year, figures in reports.items()}


def pages(counts: Mapping[int, int]) -> dict[int, YearFigures]:
    return {
        year: YearFigures(year, 1000, 500, holdings_pages=10_000_000, digitized_pages=count)
        for year, count in counts.items()
    }


@dataclass(frozen=True)
class Case:
    targets: tuple[TargetSpec, ...]
    reports: Mapping[int, YearFigures]
    as_of: int
    status: str
    reasons: tuple[str, ...]  # reason codes of the (first) rule result
    figures: Mapping[str, object] = field(default_factory=dict)  # its fields
