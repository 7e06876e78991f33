"""A second, independent statement of the compliance rules, for property tests.

Written from the rules as stated (plans, targets, rates, quotas) without app.domain's code: plain loops over
exact fractions, math.ceil for every "rounded up". It covers reach_rate (with a
min_growth fallback), min_growth on its own and annual_quota, on the volumes and
volumes_items bases, and returns statuses and figures only (reasons are the rules' words).
"""

import math
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class Plan:
    start: int
    end: int


def counts(report, basis: str) -> tuple[int, int] | None:
    """(digitized, held) on the basis, or None when a needed figure is unknown."""
    if report is None:
        return None
    done, held = [report.digitized_volumes], [report.holdings_volumes]
    if basis == "volumes_items":
        done.append(report.digitized_items)
        held.append(report.holdings_items)
    elif basis != "volumes":
        raise ValueError(basis)
    if None in done or None in held:
        return None
    return sum(done), sum(held)


def rate(reports, year: int, basis: str) -> Fraction | None:
    found = counts(reports.get(year), basis)
    if found is None or found[1] == 0:
        return None
    return Fraction(found[0] * 100, found[1])


def earlier_years(reports, year: int, basis: str) -> list[int]:
    """The years among the 3 before `year` with a rate, oldest first."""
    return [y for y in (year - 3, year - 2, year - 1) if rate(reports, y, basis) is not None]


def growth_met(unit: str, minimum: Fraction, now: Fraction, then: Fraction, years: int) -> bool:
    if unit == "pp":
        return (now - then) / years >= minimum
    if then == 0:
        return now > 0
    return (now / then) >= (1 + minimum / 100) ** years


def fallback_met(growth, reports, year: int) -> bool | None:
    """None when the min_growth target cannot be judged into `year`."""
    unit, minimum, basis = growth
    now = rate(reports, year, basis)
    before = earlier_years(reports, year, basis)
    if now is None or not before:
        return None
    return growth_met(unit, minimum, now, rate(reports, before[-1], basis), year - before[-1])


def reach_status(plan: Plan, goal: Fraction, basis: str, growth, reports, as_of: int) -> str:
    """growth: (unit, minimum, basis) of the min_growth fallback, or None."""
    if as_of < plan.start:
        return "not_started"
    judged = min(as_of, plan.end)
    now = rate(reports, judged, basis)
    if now is None:
        return "missed" if as_of >= plan.end else "no_data"
    if now >= goal:
        return "achieved"
    if as_of >= plan.end:
        return "missed"
    before = earlier_years(reports, judged, basis)
    if not before:
        return "insufficient_data"
    pace = (now - rate(reports, before[0], basis)) / (judged - before[0])
    if min(Fraction(100), max(Fraction(0), now + pace * (plan.end - judged))) >= goal:
        return "on_track"
    if growth is not None and fallback_met(growth, reports, judged):
        return "at_risk"
    return "off_track"


def reach_figures(plan: Plan, goal: Fraction, basis: str, reports, as_of: int) -> dict[str, object]:
    """The unit figures of a reach_rate result, as the contract defines them."""
    judged = min(as_of, plan.end)
    now = rate(reports, judged, basis)
    figures: dict[str, object] = {"shortfall_units": None, "required_per_year": None}
    figures |= {"required_per_year_with_growth": None, "holdings_trend_per_year": None, "years_to_target": None}
    if now is None:
        return figures
    done, held = counts(reports[judged], basis)
    before = earlier_years(reports, judged, basis)
    left = plan.end - as_of
    figures["shortfall_units"] = 0 if now >= goal else math.ceil(goal * held / 100 - done)
    trend = None
    if before:
        trend = max(Fraction(0), Fraction(held - counts(reports[before[0]], basis)[1], judged - before[0]))
        figures["holdings_trend_per_year"] = trend
    if now >= goal:
        figures["years_to_target"] = 0
        return figures
    if left > 0:
        figures["required_per_year"] = math.ceil((goal * held / 100 - done) / left)
        if trend is not None:
            figures["required_per_year_with_growth"] = math.ceil((goal * (held + trend * left) / 100 - done) / left)
        if before:
            pace = (now - rate(reports, before[0], basis)) / (judged - before[0])
            figures["years_to_target"] = (goal - now) / pace if pace > 0 else None
    return figures


def min_growth_status(plan: Plan, growth, reports, as_of: int) -> str:
    unit, minimum, basis = growth
    if as_of < plan.start:
        return "not_started"
    judged = min(as_of, plan.end)
    if rate(reports, judged, basis) is None:
        return "missed" if as_of >= plan.end else "no_data"
    met = fallback_met(growth, reports, judged)
    if met is None:
        return "insufficient_data"
    closed = as_of > plan.end
    return ("achieved" if closed else "on_track") if met else ("missed" if closed else "off_track")


def quota_status(plan: Plan, quota: int, year: int | None, reports, as_of: int, now: int | None = None) -> str | None:
    """An annual_quota on digitized volumes; None while it does not apply; final (achieved or
    missed) once the as-of year is after its year or its year is before the calendar year `now`."""
    if year is None:
        if as_of < plan.start:
            return None
        year = min(as_of, plan.end)
    elif as_of < year:
        return None
    over = as_of > year or (now is not None and year < now)
    before, after = reports.get(year - 1), reports.get(year)
    if before is None or after is None or before.digitized_volumes is None or after.digitized_volumes is None:
        return "missed" if over else "insufficient_data"
    if after.digitized_volumes - before.digitized_volumes >= quota:
        return "achieved"
    return "missed" if over else "off_track"
