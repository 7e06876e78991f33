"""Reading the console's forms into what the services take: the entry form's figures, as a PATCH.

A blank field is left out (a blank never erases a stored figure); the rest are checked by
the API's own schemas (ReportFiguresPatch, or ReportFigures for a first report), and each
refused field gets the API's message for it, in the person's language."""

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError

from app import errors
from app.api.validation_messages import describe
from app.domain.figures import FIGURE_NAMES, FIGURES
from app.domain.report_lifecycle import Figure
from app.models.report import ReportFigures, ReportFiguresPatch

NUMBER_SEPARATORS = str.maketrans("", "", ",， \u00a0")


@dataclass(frozen=True)
class ReadFigures:
    """The form's figures as the write takes them (only the fields given), or the problems by field."""

    figures: dict[str, Figure]
    problems: dict[str, str]


def read_figures(form: Mapping[str, object], *, first_report: bool, lang: str) -> ReadFigures:
    """The figures typed, blank ones left out, checked by the API's schema (a whole report for a first one)."""
    given: dict[str, object] = {}
    for figure in FIGURES:
        raw = form.get(figure.key)
        value = raw.strip() if isinstance(raw, str) else ""
        if value:
            given[figure.key] = value if figure.kind == "text" else value.translate(NUMBER_SEPARATORS)
    schema: type[BaseModel] = ReportFigures if first_report else ReportFiguresPatch
    try:
        checked = schema.model_validate(given)
    except ValidationError as invalid:
        problems: dict[str, str] = {}
        for problem in invalid.errors():
            name = str(problem["loc"][0]) if problem["loc"] else "form"
            problems.setdefault(name, _without_field(describe(problem, lang), name))
        return ReadFigures({}, problems)
    return ReadFigures(checked.model_dump(exclude_unset=True), {})


def problem_field(error: errors.AppError) -> str:
    """The figure a refusal of the write names first (its message starts with or names the field), else "form"."""
    text = error.detail.en
    named = [(text.find(name), name) for name in FIGURE_NAMES if name in text]
    return min(named)[1] if named else "form"


def _without_field(message: str, name: str) -> str:
    for separator in (": ", "："):
        if message.startswith(name + separator):
            return message[len(name) + len(separator) :]
    return message
