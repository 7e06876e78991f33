"""Storing an archive's dated versions (app.domain.versions has the rules; app.services.hierarchy reads them).

- `check_open(session, code, day, parameter)`: ArchiveNotOpen unless the archive is open on
  `day` (None: open now, its latest version not ended).
- `store_spans(session, code, spans)`: the archive's versions replaced by these, and its
  `archive` row set to the latest one's attributes (what the current tree and scopes read).
- `correct_latest_version`: a correction (PATCH) written into the latest version, without history.
"""

from collections.abc import Mapping, Sequence
from datetime import date

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
