"""Earlier years in today's structure (app.domain.succession): tables of cases, then properties.

Each expected figure is worked out by hand in the case, never by the code under test.
"""

from datetime import date
from fractions import Fraction
from typing import NamedTuple

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.compliance import YearFigures, evaluate_archive
from app.domain.reasons import render_reason
from app.domain.succession import (
    FIGURES,
    MERGE,
    SPLIT,
    Succession,
    apportion,
    in_current_structure,
    successions_of,
    with_carried_reason,
)
from tests.domain.rule_builders import PLAN, REACH_80

MERGED_ON = date(2017, 4, 9)


class Lifespan(NamedTuple):
    """When an archive opened and closed (None: open since always, open still)."""

    opened_on: date | None = None
    closed_on: date | None = None

    def open_at_end_of(self, year: int) -> bool:
        year_end = date(year, 12, 31)
        return (self.opened_on is None or self.opened_on <= year_end) and (
            self.closed_on is None or self.closed_on > year_end
        )


def open_at_year_ends(codes, lifespans, years) -> dict[int, set[str]]:
    return {year: {code for code in codes if lifespans.get(code, Lifespan()).open_at_end_of(year)} for year in years}


def structure_of(reports, years, successions, lifespans):
    codes = {*reports, *(code for change in successions for code in (*change.sources, *change.successors))}
    return in_current_structure(reports, years, successions, open_at_year_ends(codes, lifespans, years))


def report(year: int, held: int | None, done: int | None, *, approved: bool = True) -> YearFigures:
    return YearFigures(year, held, done, approved=approved)


def merge(sources: tuple[str, ...], into: str, on: date = MERGED_ON) -> Succession:
    return Succession(MERGE, on, sources, (into,))


def split(source: str, into: tuple[str, ...], shares=None, *, on: date = MERGED_ON, stays: bool = False) -> Succession:
    return Succession(SPLIT, on, (source,), into, shares, stays)


def volumes(share: Fraction) -> dict[str, Fraction]:
    return {"holdings_volumes": share, "digitized_volumes": share}


def mapped(reports, successions, lifespans=None, years=range(2014, 2019)):
    structure = structure_of(reports, years, successions, lifespans or {})
    return {code: {figures.year: figures for figures in series} for code, series in structure.reports.items()}


NEW_COUNTY = {"C": Lifespan(opened_on=MERGED_ON)}
NEW_AFTER_SPLIT = {"B": Lifespan(opened_on=MERGED_ON), "C": Lifespan(opened_on=MERGED_ON)}
CLOSED_BY_MERGE = {"A": Lifespan(closed_on=MERGED_ON), "B": Lifespan(closed_on=MERGED_ON)}


class TestMerge:
    def test_a_new_successor_holds_the_sum_of_its_predecessors_before_the_merge(self) -> None:
        reports = {
            "A": (report(2016, 100, 30),),
            "B": (report(2016, 300, 50),),
            "C": (report(2017, 420, 100),),
        }
        result = mapped(reports, [merge(("A", "B"), "C")], {**NEW_COUNTY, **CLOSED_BY_MERGE})
        assert result["C"] == {2016: report(2016, 400, 80), 2017: report(2017, 420, 100)}

    def test_an_absorbing_successor_adds_its_own_figures(self) -> None:
        reports = {"A": (report(2016, 100, 30),), "B": (report(2016, 300, 50),)}
        result = mapped(reports, [merge(("B",), "A")], {"B": Lifespan(closed_on=MERGED_ON)})
        assert result["A"][2016] == report(2016, 400, 80)

    def test_a_figure_unknown_in_one_part_is_unknown_in_the_sum_the_others_stay(self) -> None:
        reports = {"A": (report(2016, 100, None),), "B": (report(2016, 300, 50),)}
        result = mapped(reports, [merge(("A", "B"), "C")], NEW_COUNTY)
        assert result["C"][2016] == report(2016, 400, None)

    def test_a_part_with_no_report_leaves_the_year_unreported(self) -> None:
        reports = {"A": (report(2016, 100, 30), report(2015, 100, 20)), "B": (report(2015, 300, 40),)}
        result = mapped(reports, [merge(("A", "B"), "C")], NEW_COUNTY)
        assert 2016 not in result["C"]
        assert result["C"][2015] == report(2015, 400, 60)

    def test_a_part_not_yet_open_adds_nothing(self) -> None:
        reports = {"A": (report(2014, 100, 10), report(2016, 100, 30)), "B": (report(2016, 300, 50),)}
        lifespans = {**NEW_COUNTY, "B": Lifespan(opened_on=date(2015, 6, 1))}
        result = mapped(reports, [merge(("A", "B"), "C")], lifespans)
        assert result["C"][2014] == report(2014, 100, 10)
        assert result["C"][2016] == report(2016, 400, 80)

    def test_the_sum_is_approved_only_when_every_part_is(self) -> None:
        reports = {"A": (report(2016, 100, 30),), "B": (report(2016, 300, 50, approved=False),)}
        assert mapped(reports, [merge(("A", "B"), "C")], NEW_COUNTY)["C"][2016].approved is False

    def test_the_year_of_the_merge_and_after_are_the_successors_own(self) -> None:
        reports = {"A": (report(2017, 1, 1),), "C": (report(2017, 420, 100), report(2018, 430, 120))}
        result = mapped(reports, [merge(("A",), "C")], NEW_COUNTY)
        assert result["C"] == {2017: report(2017, 420, 100), 2018: report(2018, 430, 120)}

    def test_a_change_on_the_last_day_of_a_year_already_counts_for_that_year(self) -> None:
        reports = {"A": (report(2016, 100, 30),), "C": (report(2016, 5, 5),)}
        result = mapped(reports, [merge(("A",), "C", on=date(2016, 12, 31))])
        assert result["C"][2016] == report(2016, 5, 5)


class TestSplit:
    def test_successors_get_their_shares_in_whole_units_adding_up_to_the_source(self) -> None:
        reports = {"A": (report(2016, 100, 31),)}
        shares = {"B": volumes(Fraction(1, 3)), "C": volumes(Fraction(2, 3))}
        lifespans = {**NEW_AFTER_SPLIT, "A": Lifespan(closed_on=MERGED_ON)}
        result = mapped(reports, [split("A", ("B", "C"), shares)], lifespans)
        # 100/3 = 33.33 and 200/3 = 66.67: the larger remainder takes the last unit; 31/3 = 10.33, 62/3 = 20.67.
        assert result["B"][2016] == report(2016, 33, 10)
        assert result["C"][2016] == report(2016, 67, 21)

    def test_a_split_without_shares_gives_its_successors_no_earlier_figures(self) -> None:
        reports = {"A": (report(2016, 100, 31),), "B": (report(2016, 50, 5),)}
        result = mapped(reports, [split("A", ("B", "C"), stays=True)], {"C": NEW_AFTER_SPLIT["C"]})
        assert 2016 not in result["B"] and 2016 not in result.get("C", {})
        assert result["A"][2016] == report(2016, 100, 31)

    def test_a_source_that_stays_open_keeps_the_rest(self) -> None:
        reports = {"A": (report(2016, 100, 40),)}
        result = mapped(reports, [split("A", ("B",), {"B": volumes(Fraction(1, 4))}, stays=True)], NEW_AFTER_SPLIT)
        assert result["B"][2016] == report(2016, 25, 10)
        assert result["A"][2016] == report(2016, 75, 30)

    def test_a_figure_without_a_share_is_unknown(self) -> None:
        reports = {"A": (report(2016, 100, 40),)}
        shares = {"B": {"holdings_volumes": Fraction(1, 2)}, "C": {"holdings_volumes": Fraction(1, 2)}}
        result = mapped(reports, [split("A", ("B", "C"), shares)], NEW_AFTER_SPLIT)
        assert result["B"][2016] == report(2016, 50, None)

    def test_a_successor_open_before_with_no_report_of_its_own_has_no_sum(self) -> None:
        reports = {"A": (report(2016, 100, 40),)}
        result = mapped(reports, [split("A", ("B",), {"B": volumes(Fraction(1, 2))}, stays=True)])
        assert 2016 not in result.get("B", {})

    def test_shares_adding_up_to_more_than_the_whole_are_refused(self) -> None:
        with pytest.raises(ValueError, match="more than the whole"):
            split("A", ("B", "C"), {"B": volumes(Fraction(2, 3)), "C": volumes(Fraction(2, 3))})


def test_changes_compose_along_a_chain() -> None:
    """A and B merge into C in 2015; C splits into D and E (half each) in 2019: D's 2014 is half of A+B."""
    reports = {"A": (report(2014, 100, 20),), "B": (report(2014, 300, 60),), "C": (report(2016, 500, 100),)}
    changes = [
        merge(("A", "B"), "C", on=date(2015, 1, 1)),
        split("C", ("D", "E"), {"D": volumes(Fraction(1, 2)), "E": volumes(Fraction(1, 2))}, on=date(2019, 3, 1)),
    ]
    lifespans = {
        "C": Lifespan(date(2015, 1, 1), date(2019, 3, 1)),
        "D": Lifespan(date(2019, 3, 1)),
        "E": Lifespan(date(2019, 3, 1)),
    }
    result = mapped(reports, changes, lifespans)
    assert result["D"][2014] == report(2014, 200, 40)
    assert result["D"][2016] == report(2016, 250, 50)


@pytest.mark.parametrize(
    ("value", "shares", "expected"),
    [
        (100, (Fraction(1, 3), Fraction(2, 3)), [33, 67]),
        (10, (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)), [4, 3, 3]),
        (7, (Fraction(1, 2), Fraction(1, 2)), [4, 3]),
        (9, (Fraction(1, 2),), [4]),  # half of 9 is 4.5: rounded half to even
        (0, (Fraction(1, 2), Fraction(1, 2)), [0, 0]),
    ],
)
def test_apportion_whole_units(value: int, shares: tuple[Fraction, ...], expected: list[int]) -> None:
    assert apportion(value, shares) == expected


def test_pace_across_a_merge_reads_the_mapped_series_and_says_so() -> None:
    """A (30 of 100) and B (10 of 100) in 2021 merge into C in 2022; C has 60 of 200 in 2023:
    the pace is 5 points a year from 20% in 2021 (40 of 200) to 30%, the projection 40% by 2025."""
    reports = {"A": (report(2021, 100, 30),), "B": (report(2021, 100, 10),), "C": (report(2023, 200, 60),)}
    merged = merge(("A", "B"), "C", on=date(2022, 1, 1))
    structure = structure_of(reports, range(2020, 2024), [merged], {"C": Lifespan(date(2022, 1, 1))})
    series = {figures.year: figures for figures in structure.reports["C"]}
    result = with_carried_reason(evaluate_archive(PLAN, (REACH_80,), series, 2023), structure.carried["C"])
    rule = result.rules[0]
    assert (rule.pace_from_year, rule.pace_pp_per_year, rule.projected_rate_pct) == (2021, 5.0, 40.0)
    reason = rule.reasons[-1]
    assert render_reason(reason, "en") == (
        "the figures for 2021-2021 are in today's structure: made from the reports of A, B, merged or split since"
    )
    assert "A, B" in render_reason(reason, "zh")


def test_a_result_read_only_from_own_years_gets_no_carried_reason() -> None:
    reports = {"C": (report(2023, 200, 60),)}
    structure = structure_of(reports, range(2020, 2024), [], {})
    result = evaluate_archive(PLAN, (REACH_80,), {2023: reports["C"][0]}, 2023)
    assert with_carried_reason(result, structure.carried.get("C", {})) == result


# --- properties

CODES = [f"P{index}" for index in range(6)]
FIGURE_VALUES = st.one_of(st.none(), st.integers(0, 10_000))


@st.composite
def province(draw: st.DrawFn) -> tuple[dict[str, tuple[YearFigures, ...]], list[Succession]]:
    """Archives of one province reporting for 2010, then merges and whole-share splits among them
    (nothing opened from nothing or closed into nothing)."""
    reports = {
        code: (YearFigures._make((2010, *(draw(FIGURE_VALUES) for _ in FIGURES), draw(st.booleans()))),)
        for code in CODES
    }
    alive, changes = list(CODES), []
    for year in range(2011, 2011 + draw(st.integers(0, 5))):
        on = date(year, draw(st.integers(1, 12)), 1)
        if len(alive) > 1 and draw(st.booleans()):
            sources = draw(st.lists(st.sampled_from(alive), min_size=1, max_size=3, unique=True))
            into = draw(st.sampled_from(alive))
            changes.append(Succession(MERGE, on, tuple(sources), (into,)))
            alive = [code for code in alive if code not in sources or code == into]
        elif len(alive) > 1:
            source = draw(st.sampled_from(alive))
            into = tuple(draw(st.lists(st.sampled_from([c for c in alive if c != source]), min_size=1, unique=True)))
            weights = [draw(st.integers(1, 5)) for _ in into]
            shares = {
                code: {name: Fraction(w, sum(weights)) for name in FIGURES}
                for code, w in zip(into, weights, strict=True)
            }
            changes.append(Succession(SPLIT, on, (source,), into, shares))
            alive.remove(source)
    return reports, changes


def _total(values: list[int | None]) -> int | None:
    return None if None in values else sum(v for v in values if v is not None)


@given(province())
def test_the_sum_over_a_province_is_the_same_whatever_the_structure(drawn) -> None:
    reports, changes = drawn
    now = structure_of(reports, [2010], changes, {})
    closed = {code for change in changes for code in change.sources if code not in change.successors}
    current = [code for code in CODES if code not in closed]
    for name in FIGURES:
        own = _total([getattr(series[0], name) for series in reports.values()])
        carried = [getattr(figures, name) for code in current for figures in now.reports.get(code, ())]
        if own is not None:
            assert _total(carried) == own, name
        else:
            assert None in carried or len(carried) < len(current), name


@given(province(), st.sampled_from(CODES))
def test_an_archive_untouched_since_keeps_its_own_figures(drawn, code: str) -> None:
    reports, changes = drawn
    now = structure_of(reports, [2010], changes, {})
    if not any(code in (*change.sources, *change.successors) for change in changes):
        assert now.reports[code] == reports[code]
    after = structure_of(reports, [2030], changes, {})
    assert after.reports[code] == reports[code]  # no change came after 2030: every archive keeps its own


class StoredLink(NamedTuple):
    predecessor: str
    successor: str
    effective_date: date
    type: str
    shares: dict[str, Fraction] | None = None


def test_stored_links_are_taken_together_as_merges_and_splits() -> None:
    half = volumes(Fraction(1, 2))
    links = [
        StoredLink("A", "C", MERGED_ON, MERGE),
        StoredLink("B", "C", MERGED_ON, MERGE),
        StoredLink("D", "E", date(2015, 1, 1), SPLIT, half),
        StoredLink("D", "F", date(2015, 1, 1), SPLIT, half),
        StoredLink("G", "H", date(2016, 1, 1), SPLIT),
    ]
    found = successions_of(links, lambda code, _day: code == "G")
    assert found == (
        Succession(SPLIT, date(2015, 1, 1), ("D",), ("E", "F"), {"E": half, "F": half}, False),
        Succession(SPLIT, date(2016, 1, 1), ("G",), ("H",), None, True),
        Succession(MERGE, MERGED_ON, ("A", "B"), ("C",)),
    )
