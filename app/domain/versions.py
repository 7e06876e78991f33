"""An archive's dated versions, and how an event changes them (pure: the service stores the result).

The rules, as a statistical office keeps boundary changes:
1. An archive's identity is its code; its attributes (ATTRIBUTES) are kept as spans of days,
   each valid from `valid_from` (None: always) until `valid_until` (exclusive; None: still).
   Spans are in date order and never overlap; a gap between two spans is a closure.
2. An event on day D changing some attributes splits the span covering D at D and sets the new
   values from D until the next recorded change of the same attribute (a change recorded late
   re-dates only what it changed); the values it states as `former` hold from the previous
   change of that attribute (or the start) until D.
3. A close on D ends the span covering D at D; a reopen on D starts a span with the attributes
   the archive had when it closed. Neither may come before a later span: closures are recorded
   in order.
4. Neighbouring spans with the same attributes are one span (`merged`): an event that leaves
   the spans as they were changes nothing.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

Attribute = Literal["name", "level", "kind", "parent_code", "region_code"]
ATTRIBUTES: tuple[Attribute, ...] = ("name", "level", "kind", "parent_code", "region_code")
Changes = Mapping[str, str | None]  # attribute -> its value


@dataclass(frozen=True, slots=True)
class Attributes:
    """What an archive is called, where it sits and what it is, over one span."""

    name: str
    level: str
    kind: str
    parent_code: str | None
    region_code: str | None

    def changed(self, changes: Changes) -> "Attributes":
        """These attributes with some of them replaced."""
        values: dict[str, str | None] = {key: getattr(self, key) for key in ATTRIBUTES}
        values.update((key, value) for key, value in changes.items() if key in values)
        return Attributes(**values)  # type: ignore[arg-type]  # name, level and kind are never None


@dataclass(frozen=True, slots=True)
class Span:
    """An archive's attributes from `valid_from` (None: always) until `valid_until` (exclusive; None: still)."""

    valid_from: date | None
    valid_until: date | None
    attributes: Attributes

    def covers(self, day: date) -> bool:
        """Whether the span holds on this day."""
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or day < self.valid_until
        )

    def overlaps(self, first: date, last: date) -> bool:
        """Whether the span holds on some day from `first` to `last` (both included)."""
        return (self.valid_from is None or self.valid_from <= last) and (
            self.valid_until is None or self.valid_until > first
        )

    def within(self, start: date | None, end: date | None) -> bool:
        """Whether the span lies inside [start, end) (None: unbounded)."""
        after_start = start is None or (self.valid_from is not None and self.valid_from >= start)
        before_end = end is None or (self.valid_until is not None and self.valid_until <= end)
        return after_start and before_end


Spans = tuple[Span, ...]


def span_on(spans: Sequence[Span], day: date) -> Span | None:
    """The span holding on this day (None: the archive was not open then)."""
    return next((span for span in spans if span.covers(day)), None)


def split_at(spans: Sequence[Span], day: date) -> Spans:
    """The same spans, the one covering `day` cut in two at it (unchanged when `day` starts a span)."""
    result: list[Span] = []
    for span in spans:
        if span.covers(day) and span.valid_from != day:
            result += [replace(span, valid_until=day), replace(span, valid_from=day)]
        else:
            result.append(span)
    return tuple(result)


def _set(spans: Spans, start: date | None, end: date | None, changes: Changes) -> Spans:
    for boundary in (start, end):
        spans = spans if boundary is None else split_at(spans, boundary)
    return tuple(
        replace(span, attributes=span.attributes.changed(changes)) if span.within(start, end) else span
        for span in spans
    )


def apply_change(
    spans: Sequence[Span], day: date, changes: Changes, former: Changes, recorded: Mapping[str, Sequence[date]]
) -> Spans:
    """The spans after a change on `day` (rule 2); `recorded`: attribute -> the days of its other changes."""
    result = split_at(spans, day)
    for attribute, value in changes.items():
        later = [other for other in recorded.get(attribute, ()) if other > day]
        result = _set(result, day, min(later, default=None), {attribute: value})
    for attribute, value in former.items():
        earlier = [other for other in recorded.get(attribute, ()) if other < day]
        result = _set(result, max(earlier, default=None), day, {attribute: value})
    return result


def merged(spans: Sequence[Span]) -> Spans:
    """The same days and attributes, neighbouring spans with the same attributes made one."""
    result: list[Span] = []
    for span in spans:
        if result and result[-1].valid_until == span.valid_from and result[-1].attributes == span.attributes:
            result[-1] = replace(result[-1], valid_until=span.valid_until)
        else:
            result.append(span)
    return tuple(result)


def close(spans: Sequence[Span], day: date) -> Spans:
    """The spans of an archive closed on `day` (it was open then, and no span begins after it)."""
    return tuple(replace(span, valid_until=day) if span.covers(day) else span for span in spans)


def reopen(spans: Sequence[Span], day: date) -> Spans:
    """The spans of an archive opened again on `day`, as it was when it closed."""
    return (*spans, Span(day, None, spans[-1].attributes))


def opened_on(spans: Sequence[Span]) -> date | None:
    """The day the archive opened (None: it existed always)."""
    return spans[0].valid_from if spans else None


def closed_on(spans: Sequence[Span]) -> date | None:
    """The day the archive closed, when it is closed now (its last span ends)."""
    return spans[-1].valid_until if spans else None
