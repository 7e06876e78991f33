"""Which archives an actor may report for (the trust rules of app.services.access).

The actor's reportable archives are read in one query (and the archives in another:
app.services.hierarchy.load_hierarchy), so that a file naming thousands of archives is
checked without a query per row.
"""

from collections.abc import Collection, Sequence
from dataclasses import replace

from sqlalchemy import select
from sqlmodel import Session, col

from app.domain.codes import normalize_code
from app.domain.hierarchy import Hierarchy
from app.domain.permissions import Action
from app.domain.roles import Actor
from app.i18n import Text
from app.models import Archive
from app.models.report import ReportColumns
from app.services.access import authorize_somewhere, reportable_archive_codes
from app.services.imports.rows import Problem, ReportRow
from app.services.reports.bulk import stored_reports


def check_may_report(actor: Actor) -> None:
    """Forbidden unless the actor may report for some archive."""
    authorize_somewhere(actor, Action.write_reports)


def reportable_archives(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """(code, name) of every archive the actor may report for, by code."""
    check_may_report(actor)
    allowed = reportable_archive_codes(session, actor)
    rows = session.execute(select(col(Archive.code), col(Archive.name)).order_by(col(Archive.code)))
    return [(code, name) for code, name in rows if allowed is None or code in allowed]


def figures_by_archive(session: Session, codes: Collection[str], year: int) -> dict[str, ReportColumns]:
    """The stored reports of these archives for a year (the template's 上年 columns), by archive code."""
    stored = stored_reports(session, [(code, year) for code in codes], for_update=False)
    return {code: report for (code, _), report in stored.items()}


def with_codes(
    rows: Sequence[ReportRow], tree: Hierarchy, allowed: Collection[str] | None
) -> tuple[list[ReportRow], list[Problem]]:
    """The rows, those that name their archive only by its name given its code: the one archive of that exact
    name (compared as codes are: trimmed, NFKC, upper case) among those the actor may report for. A name that
    matches none, or more than one, is a problem naming the row."""
    by_name: dict[str, list[str]] = {}
    for code, node in tree.by_code.items():
        if allowed is None or code in allowed:
            by_name.setdefault(normalize_code(node.name), []).append(code)
    found, problems = [], []
    for row in rows:
        if row.archive_name is None:
            found.append(row)
            continue
        codes = sorted(by_name.get(normalize_code(row.archive_name), []))
        if len(codes) == 1:
            found.append(replace(row, archive_code=codes[0]))
            continue
        text = (
            Text(
                "names no archive you may report for (the name must match exactly); add a 档案馆代码 column",
                "不是您可填报的任何档案馆的名称（须完全一致）；请增加“档案馆代码”列",
            )
            if not codes
            else Text(
                f"names {len(codes)} archives ({', '.join(codes[:5])}); add a 档案馆代码 column",
                f"与 {len(codes)} 个档案馆同名（{'、'.join(codes[:5])}）；请增加“档案馆代码”列",
            )
        )
        problems.append(row.at("archive_name", text, "unknown_archive_name", row.archive_name))
    return found, problems
