"""An archive's dated versions: changes recorded in any order give the same history, and a day's values
are those of the latest change on or before it."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from app.domain.versions import Attributes, Span, apply_change, close, merged, span_on

START = Attributes("甲", "county", "comprehensive", "P", "430000")
DAYS = st.integers(min_value=1, max_value=3000).map(lambda n: date(2010, 1, 1) + timedelta(days=n))
CHANGE = st.tuples(DAYS, st.sampled_from(["name", "region_code"]), st.sampled_from(["乙", "丙", "丁"]))


def recorded_in_order(changes: list[tuple[date, str, str]]) -> tuple[Span, ...]:
    spans: tuple[Span, ...] = (Span(None, None, START),)
    done: dict[str, list[date]] = {}
    for day, attribute, value in changes:
        spans = merged(apply_change(spans, day, {attribute: value}, {}, done))
        done.setdefault(attribute, []).append(day)
    return spans


def one_change_per_attribute_and_day(changes: list[tuple[date, str, str]]) -> list[tuple[date, str, str]]:
    return list({(day, attribute): (day, attribute, value) for day, attribute, value in changes}.values())


@given(st.lists(CHANGE, max_size=8), st.randoms())
def test_changes_recorded_in_any_order_give_the_same_history(changes: list, random) -> None:  # type: ignore[no-untyped-def]
    changes = one_change_per_attribute_and_day(changes)
    shuffled = list(changes)
    random.shuffle(shuffled)
    assert recorded_in_order(changes) == recorded_in_order(shuffled)


@given(st.lists(CHANGE, max_size=8), DAYS)
def test_a_day_has_the_values_of_the_latest_change_on_or_before_it(changes: list, day: date) -> None:  # type: ignore[no-untyped-def]
    changes = one_change_per_attribute_and_day(changes)
    span = span_on(recorded_in_order(changes), day)
    assert span is not None
    for attribute in ("name", "region_code"):
        earlier = sorted((d, value) for d, a, value in changes if a == attribute and d <= day)
        expected = earlier[-1][1] if earlier else getattr(START, attribute)
        assert getattr(span.attributes, attribute) == expected


def test_former_values_hold_back_to_the_previous_change() -> None:
    spans = (Span(None, None, START),)
    spans = apply_change(spans, date(2020, 1, 1), {"name": "丙"}, {}, {})
    spans = merged(apply_change(spans, date(2015, 1, 1), {"name": "乙"}, {"name": "甲0"}, {"name": [date(2020, 1, 1)]}))
    names = [(s.valid_from, s.attributes.name) for s in spans]
    assert names == [(None, "甲0"), (date(2015, 1, 1), "乙"), (date(2020, 1, 1), "丙")]


def test_a_closed_archive_has_no_version_after_its_closure() -> None:
    spans = close((Span(date(2000, 1, 1), None, START),), date(2015, 7, 1))
    assert span_on(spans, date(2015, 6, 30)) is not None
    assert span_on(spans, date(2015, 7, 1)) is None
    assert span_on(spans, date(1999, 12, 31)) is None
