"""Rendering a page: one Jinja2 environment, one base layout, the labels in the person's language.

A template receives `page` (the typed record a service computed for it), `me` (who is
signed in, or None), `t` (the label of a key), `lang`, `csrf` and `nav`; it holds no rule.
The language is the `lantai_lang` cookie's (Chinese unless it says en)."""

from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.responses import Response

from app import errors
from app.console.labels import LABELS, icon, label
from app.domain.permissions import Action, Reach, reach
from app.domain.vocabulary import STATUS_LABELS
from app.present.labels import UNIT_LABELS
from app.services.console_sessions import SignedIn

TEMPLATES = Path(__file__).parent / "templates"
LANGUAGE_COOKIE = "lantai_lang"
templates = Jinja2Templates(directory=TEMPLATES)


@dataclass(frozen=True)
class NavItem:
    """A link of the main menu; `current` marks the page shown."""

    href: str
    label_key: str
    current: bool


# The menu, and the action a role must reach somewhere for the entry to be shown (None: everyone).
MENU: tuple[tuple[str, str, Action | None], ...] = (
    ("/console/", "nav.home", None),
    ("/console/import", "nav.import", Action.write_reports),
    ("/console/rounds", "nav.rounds", Action.review),
    ("/console/review", "nav.review", Action.review),
    ("/console/compliance", "nav.compliance", None),
    ("/console/admin/users", "nav.users", Action.manage_tokens),
)


def language(request: Request) -> str:
    """The console's language: the cookie's, Chinese by default."""
    return "en" if request.cookies.get(LANGUAGE_COOKIE) == "en" else "zh"


def menu(request: Request, person: SignedIn | None) -> list[NavItem]:
    """The menu entries the person's role may use."""
    if person is None:
        return []
    path = request.url.path
    return [
        NavItem(href, key, path == href or (href != "/console/" and path.startswith(href)))
        for href, key, action in MENU
        if action is None or reach(person.actor, action) is not Reach.nowhere
    ]


def page(
    request: Request,
    template: str,
    *,
    person: SignedIn | None,
    record: object = None,
    status: int = 200,
    notice: str | None = None,
    problems: dict[str, str] | None = None,
    chart: Markup | None = None,
) -> Response:
    """The page `template` for `record`; `notice` (a label key) is announced in the status region,
    `problems` (field -> message) mark the fields that were refused; `chart` is an inline SVG."""
    lang = language(request)
    asked_notice = request.query_params.get("notice")
    context = {
        "page": record,
        "me": person,
        "lang": lang,
        "t": lambda key: label(key, lang),
        "csrf": person.csrf_token if person is not None else "",
        "nav": menu(request, person),
        "notice": notice or (asked_notice if asked_notice in LABELS else None),
        "problems": {field: label(text, lang) for field, text in (problems or {}).items()},
        "here": request.url.path,
        "chart": chart,
        "pick": lambda text: text.pick(lang),
        "unit_word": lambda unit: UNIT_LABELS[unit].pick(lang) if unit in UNIT_LABELS else unit,
        "icon": icon,
        "status_word": lambda status: STATUS_LABELS[status][lang] if status in STATUS_LABELS else status,
    }
    return templates.TemplateResponse(request, template, context, status_code=status)


def fragment(request: Request, template: str, **values: object) -> Response:
    """A piece of a page for htmx to swap in (a review row), with the labels of the person's language."""
    lang = language(request)
    context = {"t": lambda key: label(key, lang), "icon": icon, "lang": lang, **values}
    return Response(templates.get_template(template).render(context), media_type="text/html")


def error_page(request: Request, status: int, key: str | None, error: errors.AppError | None = None) -> Response:
    """A refusal as a page: its status, a title, and the error's own message when there is one."""
    lang = language(request)
    title = "error.forbidden" if status == 403 and key is None else (key or "error.title")
    detail = error.message(lang) if error is not None else None
    return page(request, "error.html", person=None, record=ErrorPage(status, title, detail), status=status)


@dataclass(frozen=True)
class ErrorPage:
    """What an error page says: the status, a title (a label key) and the detail."""

    status: int
    title_key: str
    detail: str | None
