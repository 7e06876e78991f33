"""`with_report` (a report put into a province's kept figures) equals `peer_figures` computed afresh."""

from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain.peers import peer_figures, with_report
from app.domain.rates import YearFigures

CODES = [f"P-{number}" for number in range(12)]
LEVELS = ["municipal", "county"]
YEARS = range(2019, 2025)
figure = st.one_of(st.none(), st.integers(0, 5_000))


@st.composite
def reports(draw: st.DrawFn, year: int) -> YearFigures:
    return YearFigures(year, draw(figure), draw(figure), draw(figure), draw(figure))


@st.composite
def provinces(draw: st.DrawFn) -> dict[str, dict[int, YearFigures]]:
    by_archive: dict[str, dict[int, YearFigures]] = {}
    for code in CODES:
        years = draw(st.sets(st.sampled_from(YEARS)))
        by_archive[code] = {year: draw(reports(year)) for year in sorted(years)}
    return by_archive


@settings(max_examples=300, deadline=None)
@given(
    by_archive=provinces(),
    levels=st.lists(st.sampled_from(LEVELS), min_size=len(CODES), max_size=len(CODES)),
    code=st.sampled_from(CODES),
    year=st.sampled_from(YEARS),
    computed=st.one_of(st.none(), st.sets(st.sampled_from(YEARS), min_size=1)),
    data=st.data(),
)
def test_a_report_put_in_gives_the_figures_computed_afresh(
    by_archive: dict[str, dict[int, YearFigures]],
    levels: list[str],
    code: str,
    year: int,
    computed: set[int] | None,
    data: st.DataObject,
) -> None:
    level = dict(zip(CODES, levels, strict=True))
    top = dict.fromkeys(CODES, "P")
    written = data.draw(reports(year))
    kept = peer_figures(by_archive, level, top, computed)
    changed = {name: dict(reports) for name, reports in by_archive.items()}
    changed[code][year] = written
    afresh = peer_figures(changed, level, top, computed)
    put_in = with_report(kept, code, written)
    assert {name: dict(reports) for name, reports in put_in.by_archive.items()} == changed
    assert dict(put_in.spreads) == dict(afresh.spreads)
    assert (put_in.level, put_in.top, put_in.years) == (afresh.level, afresh.top, afresh.years)
    for name in CODES:
        for each in YEARS:
            if computed is None or each in computed:
                assert put_in.check_input(name, each) == afresh.check_input(name, each)
