"""The archive hierarchy read from the database; the walks themselves are pure (app.domain.hierarchy).

- `ancestor_codes`: one archive's chain upwards, one recursive query (the scope
  check, the audit row's path, the cycle check on a move).
- `subtree_codes`: an archive and everything below it, one recursive query.
- `archives_under_tops`: every archive under the roots of some archives (a report's peers).
- `load_hierarchy`: every archive in memory (app.domain.hierarchy.Hierarchy), read in one
  query, for the paths that walk many (compliance lists and rollups, a report's
  warnings, rounds, the spreadsheet import); the one a read keeps (app.services.kept).
- `place_codes`: the archives a list's place filters select (`parent_code`: the
  archive's direct children; `under`: the archive and its whole subtree), on the current
  tree or, given `as_of`, on the tree of that day.

The hierarchy over time (migration 0013, app.models.archive_history, app.domain.versions):
- `hierarchy_as_of(session, day) -> Hierarchy`: the archives open on `day`, with the names,
  parents, levels and kinds valid on `day` (an archive closed or not yet open is absent). Kept
  per day (app.services.kept.ARCHIVES_AS_OF). The tree "as of year Y" is `hierarchy_as_of(session,
  year_end(Y))`; the current tree is `hierarchy_as_of(session, today)`, the route passing today
  (services never read the clock).
- `load_hierarchy(session)` stays what it was: every archive registered, closed ones included,
  with its latest attributes (scopes, paths and reports of a closed archive still need it).
- `successions(session) -> tuple[Succession, ...]`: every predecessor -> successor link
  (merges and splits), oldest first, each with its date, type and per-figure shares
  (app.domain.hierarchy.Succession, immutable; kept: app.services.kept.SUCCESSIONS).
- `identities_in_years(session, years)`: (a name or region code, as codes are compared; a year)
  -> the archives that had it on some day of that year (the import reads former names by them).
- `archive_spans(session, code) -> tuple[Span, ...]`: one archive's dated versions, oldest first
  (app.domain.versions.Span); `open_spans(session, codes)` the same for several archives.
"""

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date

from sqlalchemy import Select, bindparam, literal, or_, select
from sqlmodel import Session, col

from app import errors
from app.domain import hierarchy
from app.domain.codes import normalize_code
from app.domain.hierarchy import ArchiveRow, Hierarchy, Succession
from app.domain.versions import Attributes, Span
from app.i18n import Text
from app.models import Archive, ArchiveVersion
from app.services import kept

MAX_DEPTH = 64  # levels walked up at most (a chain with a cycle stops there)


def load_hierarchy(session: Session) -> Hierarchy:
    """Every archive, ordered by code, with its chain and the archives below it (in a read session,
    the same Hierarchy while no archive changes: app.services.kept)."""
    return kept.ARCHIVES.get(session)


def hierarchy_as_of(session: Session, day: date) -> Hierarchy:
    """The archives open on `day`, with the names, parents, levels and kinds valid then.

    The tree changes only on a day some version begins or ends: every day from one such day to the
    next has the same tree, kept once (taken on the first of them; before them all, on date.min)."""
    days = kept.VERSION_DAYS.get(session)
    since = bisect_right(days, day)
    return kept.ARCHIVES_AS_OF.get(session, days[since - 1] if since else date.min)


def year_end(year: int) -> date:
    """The day a year's tree is taken on: 31 December."""
    return date(year, 12, 31)


def successions(session: Session) -> tuple[Succession, ...]:
    """Every predecessor -> successor link (merges and splits), oldest first."""
    return kept.SUCCESSIONS.get(session)


def spans_of(session: Session, codes: Iterable[str]) -> Mapping[str, tuple[Span, ...]]:
    """These archives' dated versions, oldest first (an archive with none stored: one span, always)."""
    wanted = sorted(set(codes))
    query = select(ArchiveVersion).where(col(ArchiveVersion.archive_code).in_(wanted))
    found: dict[str, list[Span]] = defaultdict(list)
    for version in session.scalars(query.order_by(col(ArchiveVersion.id))):
        attributes = Attributes(version.name, version.level, version.kind, version.parent_code, version.region_code)
        found[version.archive_code].append(Span(version.valid_from, version.valid_until, attributes))
    for code in wanted:
        archive = None if code in found else session.get(Archive, code)
        if archive is not None:
            attributes = Attributes(archive.name, archive.level, archive.kind, archive.parent_code, archive.region_code)
            found[code] = [Span(None, None, attributes)]
    return {code: tuple(sorted(spans, key=_start)) for code, spans in found.items()}


def identities_in_years(session: Session, years: Iterable[int]) -> Mapping[tuple[str, int], frozenset[str]]:
    """(a name or region code, as codes are compared; a year) -> the archives that had it on some day of that year."""
    wanted = sorted(set(years))
    if not wanted:
        return {}
    version = ArchiveVersion
    first, last = date(wanted[0], 1, 1), date(wanted[-1], 12, 31)
    query = select(
        col(version.archive_code),
        col(version.name),
        col(version.region_code),
        col(version.valid_from),
        col(version.valid_until),
    ).where(
        or_(col(version.valid_from).is_(None), col(version.valid_from) <= last),
        or_(col(version.valid_until).is_(None), col(version.valid_until) > first),
    )
    found: dict[tuple[str, int], set[str]] = defaultdict(set)
    for code, name, region_code, start, end in session.execute(query):
        span = Span(start, end, Attributes(name, "", "", None, region_code))
        for year in wanted:
            if span.overlaps(date(year, 1, 1), date(year, 12, 31)):
                found[(normalize_code(name), year)].add(code)
                if region_code is not None:
                    found[(region_code, year)].add(code)
    return {key: frozenset(codes) for key, codes in found.items()}


def archive_spans(session: Session, code: str) -> tuple[Span, ...]:
    """One archive's dated versions, oldest first (empty for an unknown code)."""
    return spans_of(session, [code]).get(code, ())


def _start(span: Span) -> date:
    return span.valid_from or date.min


def _ancestors_query() -> Select[tuple[str]]:
    chain = (
        select(col(Archive.parent_code).label("code"), literal(1).label("depth"))
        .where(col(Archive.code) == bindparam("code"))
        .cte("chain", recursive=True)
    )
    above = select(col(Archive.parent_code), chain.c.depth + 1).where(
        col(Archive.code) == chain.c.code, chain.c.depth < MAX_DEPTH
    )
    chain = chain.union_all(above)
    return select(chain.c.code).where(chain.c.code.is_not(None)).order_by(chain.c.depth)


def _under_tops_query() -> Select[tuple[str, str, str, str, str | None]]:
    code, parent = col(Archive.code), col(Archive.parent_code)
    up = select(code, parent).where(code.in_(bindparam("codes", expanding=True))).cte("up", recursive=True)
    up = up.union(select(code, parent).where(code == up.c.parent_code))
    columns = (code, col(Archive.name), col(Archive.level), col(Archive.kind), parent)
    roots = select(up.c.code).where(up.c.parent_code.is_(None))
    down = select(*columns).where(code.in_(roots)).cte("below_roots", recursive=True)
    down = down.union(select(*columns).where(parent == down.c.code))
    return select(down)


# Built once: a recursive statement costs SQLAlchemy about a millisecond to build and key each time.
ANCESTORS = _ancestors_query()
UNDER_TOPS = _under_tops_query()


def ancestor_codes(session: Session, code: str) -> list[str]:
    """The codes above an archive, nearest first, in one recursive query."""
    rows: list[str] = list(session.scalars(ANCESTORS, {"code": code}))
    parents = dict(zip([code, *rows], rows, strict=False))
    return hierarchy.ancestors(parents.get, code)


def archives_under_tops(session: Session, codes: Iterable[str]) -> list[ArchiveRow]:
    """Every archive under the top archives of these ones (their roots), the roots included, in one
    query: up from the archives to their roots, then down from the roots (UNION: a loop ends it)."""
    return [ArchiveRow(*row) for row in session.execute(UNDER_TOPS, {"codes": sorted(set(codes))})]


def archive_path(session: Session, code: str) -> str:
    """The archive's chain from the root, as the audit trail keeps it: "/HN/HN-CS/HN-CS-WC/"."""
    return hierarchy.path_from_ancestors(code, ancestor_codes(session, code))


def subtree_codes(session: Session, root_code: str) -> frozenset[str]:
    """An archive's code and the codes of every archive below it, in one recursive query."""
    below = select(col(Archive.code)).where(col(Archive.code) == root_code).cte("subtree", recursive=True)
    below = below.union(select(col(Archive.code)).where(col(Archive.parent_code) == below.c.code))
    codes: list[str] = list(session.scalars(select(below.c.code)))
    return frozenset(codes)


def children_codes(session: Session, parent_code: str) -> frozenset[str]:
    """The codes of the archives directly below one archive."""
    return frozenset(session.scalars(select(col(Archive.code)).where(col(Archive.parent_code) == parent_code)))


def existing_code(session: Session, code: str, parameter: str) -> str:
    """The stored code (codes are upper-case: "hn" finds HN), or ArchiveNotFound naming the parameter."""
    archive = session.get(Archive, code) or session.get(Archive, code.upper())
    if archive is None:
        raise errors.ArchiveNotFound(
            Text(f"{parameter}: no archive with code {code!r}", f"{parameter}：不存在代码为 {code!r} 的档案馆")
        )
    return archive.code


def place_codes(
    session: Session, *, parent_code: str | None, under: str | None, as_of: date | None = None
) -> frozenset[str] | None:
    """The archives a list's place filters select, both applying when both are given (None: no place filter).

    `parent_code` selects the archives directly below that one, `under` that archive and
    its whole subtree; an unknown code is ArchiveNotFound naming its parameter. With `as_of`,
    on the tree of that day (an archive not open then is below nothing)."""
    if as_of is not None:
        return _place_codes_as_of(hierarchy_as_of(session, as_of), session, parent_code, under)
    selected: frozenset[str] | None = None
    if parent_code is not None:
        selected = children_codes(session, existing_code(session, parent_code, "parent_code"))
    if under is not None:
        subtree = subtree_codes(session, existing_code(session, under, "under"))
        selected = subtree if selected is None else selected & subtree
    return selected


def _place_codes_as_of(
    tree: Hierarchy, session: Session, parent_code: str | None, under: str | None
) -> frozenset[str] | None:
    selected: frozenset[str] | None = None
    if parent_code is not None:
        selected = frozenset(tree.children.get(existing_code(session, parent_code, "parent_code"), ()))
    if under is not None:
        subtree = frozenset(row.code for row in tree.subtree(existing_code(session, under, "under")))
        selected = subtree if selected is None else selected & subtree
    return selected
