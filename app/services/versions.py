"""Storing an archive's dated versions (app.domain.versions has the rules; app.services.hierarchy reads them).

- `check_open(session, code, day, parameter)`: ArchiveNotOpen unless the archive is open on
  `day` (None: open now, its latest version not ended).
- `store_spans(session, code, spans)`: the archive's versions replaced by these, and its
  `archive` row set to the latest one's attributes (what the current tree and scopes read).
- `correct_latest_version`: a correction (PATCH) written into the latest version, without history.
- `check_open_in_year` / `year_closed_problem`: a report for a year in which the archive was
  closed all year (or not yet open) is refused, naming the dates (reports' writes, the import).
"""

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

from sqlalchemy import delete, select
from sqlmodel import Session, col

from app import errors
from app.domain.versions import ATTRIBUTES, Span, span_on
from app.i18n import Text
from app.models import Archive, ArchiveVersion
from app.services.hierarchy import archive_spans


def not_open(code: str, day: date | None, parameter: str) -> errors.AppError:
    """ArchiveNotOpen naming the archive and the day."""
    when_en = "now" if day is None else f"on {day.isoformat()}"
    when_zh = "目前" if day is None else f"于 {day.isoformat()}"
    return errors.ArchiveNotOpen(
        Text(
            f"{parameter}: archive {code!r} is not open {when_en} (not yet opened, or closed)",
            f"{parameter}：档案馆 {code!r} {when_zh}未开放（尚未设立或已撤销）",
        )
    )


def is_open(spans: Sequence[Span], day: date | None) -> bool:
    """Whether the archive is open on `day` (None: now, its latest version not ended)."""
    if not spans:
        return False
    return spans[-1].valid_until is None if day is None else span_on(spans, day) is not None


def check_open(session: Session, code: str, day: date | None, parameter: str) -> None:
    """ArchiveNotOpen unless the archive is open on `day` (None: now)."""
    if not is_open(archive_spans(session, code), day):
        raise not_open(code, day, parameter)


def store_spans(session: Session, code: str, spans: Sequence[Span]) -> None:
    """The archive's versions replaced by these; its row takes the latest one's attributes."""
    session.execute(delete(ArchiveVersion).where(col(ArchiveVersion.archive_code) == code))
    for span in spans:
        values = {attribute: getattr(span.attributes, attribute) for attribute in ATTRIBUTES}
        session.add(
            ArchiveVersion(archive_code=code, valid_from=span.valid_from, valid_until=span.valid_until, **values)
        )
    archive = session.get(Archive, code)
    if archive is not None and spans:
        for attribute in ATTRIBUTES:
            setattr(archive, attribute, getattr(spans[-1].attributes, attribute))
        session.add(archive)
    session.flush()


def correct_latest_version(session: Session, code: str, changes: Mapping[str, object]) -> None:
    """A correction (no history): the archive's latest version takes the corrected fields."""
    query = select(ArchiveVersion).where(col(ArchiveVersion.archive_code) == code)
    versions = list(session.scalars(query))
    if not versions:
        return
    latest = max(versions, key=lambda version: version.valid_from or date.min)
    for field, value in changes.items():
        if field in ATTRIBUTES:
            setattr(latest, field, value)
    session.add(latest)


def _period(span: Span) -> str:
    start = "always" if span.valid_from is None else span.valid_from.isoformat()
    end = "now" if span.valid_until is None else (span.valid_until - timedelta(days=1)).isoformat()
    return f"{start} to {end}"


def year_closed_problem(code: str, spans: Sequence[Span], year: int) -> Text | None:
    """Why the archive cannot report for a year (it was not open on any day of it), naming the dates; None if it was."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    if not spans or any(span.overlaps(first, last) for span in spans):
        return None
    periods = "; ".join(_period(span) for span in spans)
    return Text(
        f"archive {code!r} was not open at any time in {year} (it was open {periods}): no report for that year",
        f"档案馆 {code!r} 在 {year} 年全年未开放（开放期间：{periods.replace('always', '始终').replace('now', '至今')}）：该年不能填报",
    )


def check_open_in_year(session: Session, code: str, year: int) -> None:
    """ArchiveNotOpen, naming the dates, when the archive was closed all year or not yet open."""
    problem = year_closed_problem(code, archive_spans(session, code), year)
    if problem is not None:
        raise errors.ArchiveNotOpen(problem)
