"""年报填报: the entry form of one archive and year; saving is the API's PATCH (PUT for a first report)."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from starlette.responses import RedirectResponse, Response

from app import errors
from app.api.deps import CurrentYear, ReadSession, WriteClock, WriteSession, YearPath
from app.console.auth import ConsoleActor, CsrfChecked, Person
from app.console.forms import problem_field, read_figures
from app.console.permissions import ReportableArchive
from app.console.render import language, page
from app.domain.report_lifecycle import WriteMode
from app.services.reports.entry_form import entry_form
from app.services.reports.service import find_report
from app.services.reports.writer import Author, Submission, write_report

router = APIRouter()


async def posted_form(request: Request) -> dict[str, str]:
    """The form's text fields (read once, in the event loop)."""
    form = await request.form()
    return {name: value for name, value in form.items() if isinstance(value, str)}


PostedForm = Annotated[dict[str, str], Depends(posted_form)]


@router.get("/archives/{code}/reports/{year}", name="console_entry_form")
def entry_page(
    request: Request, session: ReadSession, person: Person, archive: ReportableArchive, year: YearPath
) -> Response:
    """The entry form, as stored: last year's figures beside each field, its warnings, its rates."""
    record = entry_form(session, archive, year, lang=language(request))
    return page(request, "entry.html", person=person, record=record)


@router.post("/archives/{code}/reports/{year}", name="console_save_report")
def save_report(
    request: Request,
    person: CsrfChecked,
    session: WriteSession,
    archive: ReportableArchive,
    actor: ConsoleActor,
    year: YearPath,
    form: PostedForm,
    this_year: CurrentYear,
    clock: WriteClock,
) -> Response:
    """Save the figures typed (a blank keeps the stored value); a refusal shows the form again, at the field."""
    lang = language(request)
    existing = find_report(session, archive.code, year)
    read = read_figures(form, first_report=existing is None, lang=lang)
    problems, status = read.problems, 422
    if not problems:
        mode = WriteMode.merge if existing is not None else WriteMode.replace
        submission = Submission(archive.code, year, read.figures, mode)
        try:  # the checks of its dependencies ran in this transaction: nothing to read again
            written = write_report(session, submission, Author(actor, clock, this_year))
        except (errors.DigitizedExceedsHoldings, errors.YearOutOfRange, errors.ReportLocked) as refused:
            problems, status = {problem_field(refused): refused.message(lang)}, refused.status_code
        else:
            notice = "entry.saved" if written.changed else "entry.unchanged"
            return RedirectResponse(f"{request.url.path}?notice={notice}", status_code=303)
    record = entry_form(session, archive, year, lang=lang, typed=form, problems=problems)
    return page(request, "entry.html", person=person, record=record, status=status)
