"""The next version of a report: merge keeps what is not given, replace clears it, identical writes nothing."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.figures import COUNT_NAMES, FIGURE_NAMES
from app.domain.report_lifecycle import (
    ReportStatus,
    StoredVersion,
    WriteMode,
    changes,
    cleared_by_replace,
    next_version,
    written_figures,
)

NOW = datetime(2026, 3, 1, tzinfo=UTC)
STORED = {
    "holdings_volumes": 465829,
    "digitized_volumes": 200000,
    "catalog_entries": 465829,
    "note": "更正：上次少录一位",
}


def full(figures: dict[str, object]) -> dict[str, object]:
    return {name: figures.get(name) for name in FIGURE_NAMES}


# given, mode -> the figures written (only the named ones shown; every other is None)
CASES = [
    ({"holdings_volumes": 470000}, WriteMode.merge, STORED | {"holdings_volumes": 470000}),
    ({"holdings_volumes": 470000}, WriteMode.replace, {"holdings_volumes": 470000}),
    ({"catalog_entries": None}, WriteMode.merge, STORED),
    ({}, WriteMode.merge, STORED),
    ({"note": "第１批 ﬁle "}, WriteMode.merge, STORED | {"note": "第１批 ﬁle "}),
]


@pytest.mark.parametrize("given_figures, mode, expected", CASES)
def test_written_figures(given_figures: dict, mode: WriteMode, expected: dict) -> None:
    assert written_figures(STORED, given_figures, mode) == full(expected)


def test_a_new_report_is_revision_1_submitted_by_the_writer_at_the_time_given() -> None:
    version = next_version(
        None, {"holdings_volumes": 10, "digitized_volumes": 1}, WriteMode.merge, submitted_by="a", now=NOW
    )
    assert version is not None
    assert (version.revision, version.status, version.submitted_by, version.submitted_at) == (1, "submitted", "a", NOW)


def test_a_change_goes_up_one_revision_and_back_to_submitted() -> None:
    stored = StoredVersion(4, ReportStatus.returned, STORED)
    version = next_version(stored, {"digitized_volumes": 210000}, WriteMode.merge, submitted_by="b", now=NOW)
    assert version is not None and (version.revision, version.status) == (5, ReportStatus.submitted)
    assert version.figures["catalog_entries"] == 465829


@pytest.mark.parametrize("mode", list(WriteMode))
def test_identical_figures_make_no_version_even_when_approved(mode: WriteMode) -> None:
    stored = StoredVersion(2, ReportStatus.approved, full(STORED))
    assert next_version(stored, full(STORED), mode, submitted_by="c", now=NOW) is None


def test_changes_and_what_a_replace_would_clear() -> None:
    given_figures = {"holdings_volumes": 470000, "digitized_volumes": 200000}
    assert [
        (c.name, c.before, c.after) for c in changes(STORED, written_figures(STORED, given_figures, WriteMode.merge))
    ] == [("holdings_volumes", 465829, 470000)]
    assert cleared_by_replace(STORED, given_figures) == ["catalog_entries", "note"]


counts = st.one_of(st.none(), st.integers(min_value=0, max_value=10**15))
figure_maps = st.fixed_dictionaries(dict.fromkeys(COUNT_NAMES, counts))


@given(stored=figure_maps, given_figures=figure_maps)
def test_merge_never_erases_a_stored_figure(stored: dict, given_figures: dict) -> None:
    merged = written_figures(stored, given_figures, WriteMode.merge)
    for name in COUNT_NAMES:
        assert merged[name] == (given_figures[name] if given_figures[name] is not None else stored[name])
        if stored[name] is not None:
            assert merged[name] is not None


@given(stored=figure_maps, given_figures=figure_maps)
def test_replace_writes_exactly_what_is_given(stored: dict, given_figures: dict) -> None:
    written = written_figures(stored, given_figures, WriteMode.replace)
    assert all(written[name] == given_figures[name] for name in COUNT_NAMES)
    assert set(cleared_by_replace(stored, given_figures)) == {
        name for name in COUNT_NAMES if stored[name] is not None and given_figures[name] is None
    }
