"""年报填报: what the entry form of one archive and year shows, and the form's figures read into a PATCH.

The form groups the figures as the yearly statistics form does (paper holdings in 卷 and 件,
pages, catalog, full text, electronic records, note: each figure's group in app.domain.figures). Each field shows its stored value, last
year's beside it, and the warnings that fire on it; the rates are the stored report's. The
form is locked while the report is approved (the rule is check_unlocked's: a write there is
refused with ReportLocked, whatever a form shows)."""

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from app.domain.figures import FIGURE_NAMES, FIGURES_BY_GROUP
from app.domain.report_lifecycle import is_locked
from app.models import Archive
from app.models.report import ReportRates, ReportWarning
from app.services.reports.service import find_report, report_public
from app.services.reports.warnings import findings, public_warnings

RATE_NAMES = tuple(ReportRates.model_fields)


@dataclass(frozen=True)
class EntryField:
    """One input: its name (the API's field), the value shown, last year's, and what was found on it."""

    name: str
    value: str
    previous: str
    warnings: list[ReportWarning]
    problem: str | None


@dataclass(frozen=True)
class EntryGroup:
    """A group of the form (a fieldset)."""

    key: str
    fields: list[EntryField]


@dataclass(frozen=True)
class EntryForm:
    """The whole form: the archive, the year, the report's state, the groups, the rates, and why it is locked."""

    archive_code: str
    archive_name: str
    year: int
    status: str | None
    revision: int | None
    groups: list[EntryGroup]
    rates: dict[str, float | None]
    locked: bool
    review_comment: str | None
    warnings: list[ReportWarning]
    problems: dict[str, str]


def entry_form(
    session: Session,
    archive: Archive,
    year: int,
    *,
    lang: str,
    typed: Mapping[str, str] | None = None,
    problems: Mapping[str, str] | None = None,
) -> EntryForm:
    """The form as stored (or, after a refused save, as typed, with the problems at their fields)."""
    report = find_report(session, archive.code, year)
    previous = find_report(session, archive.code, year - 1)
    shown = report_public(report).model_dump() if report is not None else {}
    before = report_public(previous).model_dump() if previous is not None else {}
    found = public_warnings(findings(session, [(archive.code, year)])[(archive.code, year)], lang) if report else []
    values = {name: _text(shown.get(name)) for name in FIGURE_NAMES} | dict(typed or {})
    refused = dict(problems or {})
    groups = [
        EntryGroup(
            key,
            [
                EntryField(
                    name,
                    values.get(name, ""),
                    _text(before.get(name)),
                    [w for w in found if w.field == name],
                    refused.get(name),
                )
                for name in names
            ],
        )
        for key, names in FIGURES_BY_GROUP.items()
    ]
    return EntryForm(
        archive.code,
        archive.name,
        year,
        None if report is None else report.status,
        None if report is None else report.revision,
        groups,
        {name: shown.get(name) for name in RATE_NAMES},
        report is not None and is_locked(report.status),
        None if report is None else report.review_comment,
        found,
        refused,
    )


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
