"""The plausibility checks: one table of cases per check, each that fires and that does not."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.checks import (
    CHECKS,
    CHECKS_BY_CODE,
    CheckInput,
    Severity,
    modified_z,
    peer_spread,
    run_check,
    run_checks,
    yearly_increase,
)
from app.domain.rates import YearFigures

YEAR = 2025


def figures(year: int = YEAR, holdings: int = 100_000, digitized: int = 50_000, **more: int | None) -> YearFigures:
    return YearFigures(year=year, holdings_volumes=holdings, digitized_volumes=digitized, **more)  # type: ignore[arg-type]


def with_last_year(now: YearFigures, last: YearFigures, peers: tuple[int, ...] = ()) -> CheckInput:
    """The report with last year's, and its peers' increases (with its own, the sample of the peer check)."""
    data = CheckInput(now, {last.year: last})
    own = yearly_increase(data)
    if not peers or own is None:
        return data
    return CheckInput(now, {last.year: last}, peer_spread([*peers, own]))


def fired(code: str, data: CheckInput) -> list[str]:
    """The fields on which the check fires."""
    return [finding.field for finding in run_check(CHECKS_BY_CODE[code], data)]


class TestTable:
    def test_every_check_has_a_code_a_severity_and_messages_in_both_languages(self) -> None:
        assert len({check.code for check in CHECKS}) == len(CHECKS) >= 10
        for check in CHECKS:
            assert check.en and check.zh and check.severity in Severity

    def test_only_impossible_figures_are_errors(self) -> None:
        errors = {check.code for check in CHECKS if check.severity is Severity.error}
        assert errors == {"fewer_pages_than_units"}


# (case, this year, last year, fields on which it fires)
DECREASE_CASES = [
    ("digitized volumes fell", figures(digitized=40_000), figures(YEAR - 1, digitized=50_000), ["digitized_volumes"]),
    ("holdings fell", figures(holdings=90_000), figures(YEAR - 1, holdings=100_000), ["holdings_volumes"]),
    (
        "pages fell",
        figures(digitized_pages=900_000),
        figures(YEAR - 1, digitized_pages=1_000_000),
        ["digitized_pages"],
    ),
    ("unchanged", figures(), figures(YEAR - 1), []),
    ("rose", figures(digitized=51_000), figures(YEAR - 1), []),
    ("last year unknown: the year before is not last year", figures(digitized=1), figures(YEAR - 2), []),
    ("a figure not reported last year", figures(digitized_items=5), figures(YEAR - 1), []),
]


@pytest.mark.parametrize(("_case", "now", "last", "fields"), DECREASE_CASES, ids=[c[0] for c in DECREASE_CASES])
def test_cumulative_decreased(_case: str, now: YearFigures, last: YearFigures, fields: list[str]) -> None:
    assert fired("cumulative_decreased", with_last_year(now, last)) == fields


SLIP_CASES = [
    # the example: 7,728 digitized volumes against 72,218 the year before
    ("a dropped digit", figures(digitized=7_728), figures(YEAR - 1, digitized=72_218), ["digitized_volumes"]),
    ("an added digit", figures(holdings=1_000_000), figures(YEAR - 1, holdings=100_000), ["holdings_volumes"]),
    ("exactly 0.08x", figures(digitized=4_000), figures(YEAR - 1, digitized=50_000), ["digitized_volumes"]),
    ("exactly 12x", figures(holdings=1_200_000), figures(YEAR - 1, holdings=100_000), ["holdings_volumes"]),
    ("0.07x is not a slip", figures(digitized=3_500), figures(YEAR - 1, digitized=50_000), []),
    ("13x is not a slip", figures(holdings=1_300_000), figures(YEAR - 1, holdings=100_000), []),
    ("half is not a slip", figures(digitized=25_000), figures(YEAR - 1), []),
    ("small figures are left alone", figures(catalog_entries=10), figures(YEAR - 1, catalog_entries=1), []),
]


@pytest.mark.parametrize(("_case", "now", "last", "fields"), SLIP_CASES, ids=[c[0] for c in SLIP_CASES])
def test_digit_slip(_case: str, now: YearFigures, last: YearFigures, fields: list[str]) -> None:
    assert fired("digit_slip", with_last_year(now, last)) == fields


RATE_CASES = [
    # (case, rate now %, rate last year %, fell fires, rose fires)
    ("fell 6 points", 44, 50, True, False),
    ("fell exactly 5 points", 45, 50, False, False),
    ("rose 41 points", 81, 40, False, True),
    ("rose exactly 40 points", 80, 40, False, False),
    ("steady", 50, 50, False, False),
]


@pytest.mark.parametrize(("_case", "now", "last", "fell", "rose"), RATE_CASES, ids=[c[0] for c in RATE_CASES])
def test_rate_fell_and_rose(_case: str, now: int, last: int, fell: bool, rose: bool) -> None:
    data = with_last_year(figures(digitized=now * 1000), figures(YEAR - 1, digitized=last * 1000))
    assert (bool(fired("rate_fell", data)), bool(fired("rate_rose", data))) == (fell, rose)


def test_the_rate_is_on_volumes_and_items_where_both_are_reported() -> None:
    # by volumes alone 50% -> 50%; by volumes+items 50% -> 30%: the fall shows
    now = figures(digitized=50_000, holdings_items=100_000, digitized_items=10_000)
    last = figures(YEAR - 1, digitized=50_000, holdings_items=100_000, digitized_items=50_000)
    assert fired("rate_fell", with_last_year(now, last)) == ["rate_pct"]


HOLDINGS_CASES = [
    ("grew 31%", figures(holdings=131_000, digitized=1), figures(YEAR - 1, digitized=1), ["holdings_volumes"]),
    ("grew exactly 30%", figures(holdings=130_000, digitized=1), figures(YEAR - 1, digitized=1), []),
    (
        "items grew 50%",
        figures(holdings_items=15_000, digitized=1),
        figures(YEAR - 1, holdings_items=10_000, digitized=1),
        ["holdings_items"],
    ),
    ("grew 10%", figures(holdings=110_000), figures(YEAR - 1), []),
]


@pytest.mark.parametrize(("_case", "now", "last", "fields"), HOLDINGS_CASES, ids=[c[0] for c in HOLDINGS_CASES])
def test_holdings_jump(_case: str, now: YearFigures, last: YearFigures, fields: list[str]) -> None:
    assert fired("holdings_jump", with_last_year(now, last)) == fields


PAGES_CASES = [
    # (case, digitized volumes, items, pages, fires)
    ("2 pages a volume", 1_000, None, 2_000, True),
    ("601 pages a volume", 1_000, None, 601_000, True),
    ("3 pages a unit", 500, 500, 3_000, False),
    ("600 pages a volume", 1_000, None, 600_000, False),
    ("40 pages a volume", 1_000, None, 40_000, False),
    ("pages not reported", 1_000, None, None, False),
    ("nothing digitized yet", 0, None, 0, False),
]


@pytest.mark.parametrize(("_case", "volumes", "items", "pages", "fires"), PAGES_CASES, ids=[c[0] for c in PAGES_CASES])
def test_pages_per_unit(_case: str, volumes: int, items: int | None, pages: int | None, fires: bool) -> None:
    report = figures(
        digitized=volumes, holdings_items=items and 10 * items, digitized_items=items, digitized_pages=pages
    )
    assert bool(fired("pages_per_unit", CheckInput(report))) is fires


DRIFT_CASES = [
    # (case, this year's pages per volume, earlier years' pages per volume, fires)
    ("four times the usual", 160, [40, 40, 50], True),
    ("a quarter of the usual", 10, [40, 40, 50], True),
    ("three times exactly", 120, [40, 40, 40], False),
    ("usual", 45, [40, 40, 50], False),
    ("no earlier year", 160, [], False),
]


@pytest.mark.parametrize(("_case", "now", "earlier", "fires"), DRIFT_CASES, ids=[c[0] for c in DRIFT_CASES])
def test_pages_per_unit_drift(_case: str, now: int, earlier: list[int], fires: bool) -> None:
    history = {
        YEAR - 1 - i: figures(YEAR - 1 - i, digitized=1_000, digitized_pages=p * 1_000) for i, p in enumerate(earlier)
    }
    data = CheckInput(figures(digitized=1_000, digitized_pages=now * 1_000), history)
    assert bool(fired("pages_per_unit_drift", data)) is fires


PAIR_CASES = [
    # (case, check, extra figures, fields)
    ("fewer pages than volumes", "fewer_pages_than_units", {"digitized_pages": 49_999}, ["digitized_pages"]),
    ("a page a volume", "fewer_pages_than_units", {"digitized_pages": 50_000}, []),
    (
        "catalog below items",
        "catalog_below_items",
        {"holdings_items": 10_000, "digitized_items": 5_000, "catalog_entries": 4_999},
        ["catalog_entries"],
    ),
    (
        "catalog covers items",
        "catalog_below_items",
        {"holdings_items": 10, "digitized_items": 5, "catalog_entries": 5},
        [],
    ),
    ("catalog, items unknown", "catalog_below_items", {"catalog_entries": 1}, []),
    (
        "full text above pages",
        "fulltext_above_pages",
        {"digitized_pages": 1_000_000, "fulltext_pages": 1_000_001},
        ["fulltext_pages"],
    ),
    ("full text within pages", "fulltext_above_pages", {"digitized_pages": 1_000_000, "fulltext_pages": 800_000}, []),
]


@pytest.mark.parametrize(("_case", "code", "extra", "fields"), PAIR_CASES, ids=[c[0] for c in PAIR_CASES])
def test_figures_of_the_same_year(_case: str, code: str, extra: dict[str, int], fields: list[str]) -> None:
    assert fired(code, CheckInput(figures(**extra))) == fields


def test_fewer_pages_than_units_is_an_error() -> None:
    [finding] = run_check(CHECKS_BY_CODE["fewer_pages_than_units"], CheckInput(figures(digitized_pages=10)))
    assert finding.severity is Severity.error
    assert "10" in finding.en and "10" in finding.zh


PEERS = (1_000, 1_100, 900, 1_050, 950, 1_200, 800, 1_000)  # eight peers' increases
PEER_CASES = [
    # (case, this archive's increase, peers' increases, fires)
    ("ten times the peers", 10_000, PEERS, True),
    ("none while peers digitize", -5_000, PEERS, True),
    ("like the peers", 1_150, PEERS, False),
    ("seven peers are too few", 10_000, PEERS[:7], False),
    ("peers all alike (MAD 0)", 10_000, (1_000,) * 8, False),
]


@pytest.mark.parametrize(("_case", "increase", "peers", "fires"), PEER_CASES, ids=[c[0] for c in PEER_CASES])
def test_peer_outlier(_case: str, increase: int, peers: tuple[int, ...], fires: bool) -> None:
    data = with_last_year(figures(digitized=50_000 + increase), figures(YEAR - 1, digitized=50_000), peers)
    assert fired("peer_outlier", data) == (["digitized_volumes+digitized_items"] if fires else [])


def test_modified_z_by_hand() -> None:
    # median 3, deviations 2 1 0 1 7 -> MAD 1; z of 10 = 0.6745 x 7 / 1
    assert modified_z(10, [1, 2, 3, 4, 10]) == Fraction(6745, 10000) * 7
    assert modified_z(5, [5, 5, 5]) is None


def test_the_messages_name_the_figures_in_both_languages() -> None:
    data = with_last_year(figures(digitized=7_728), figures(YEAR - 1, digitized=72_218))
    slip = next(f for f in run_checks(data) if f.code == "digit_slip")
    assert "7,728" in slip.en and "72,218" in slip.en
    assert "7,728" in slip.zh and "72,218" in slip.zh


counts = st.integers(min_value=1, max_value=10**9)


@given(holdings=counts, share=st.fractions(min_value=0, max_value=1), pages_per=st.integers(min_value=3, max_value=600))
def test_a_report_like_last_years_raises_no_warning(holdings: int, share: Fraction, pages_per: int) -> None:
    digitized = int(holdings * share)
    report = figures(holdings=holdings, digitized=digitized, digitized_pages=digitized * pages_per)
    last = figures(YEAR - 1, holdings=holdings, digitized=digitized, digitized_pages=digitized * pages_per)
    assert run_checks(with_last_year(report, last)) == []


@given(value=st.integers(-(10**6), 10**6), sample=st.lists(st.integers(-(10**6), 10**6), min_size=1, max_size=30))
def test_modified_z_grows_with_the_value(value: int, sample: list[int]) -> None:
    score = modified_z(value, sample)
    further = modified_z(value + 1, sample)
    if score is not None and further is not None:
        assert further > score
