"""The archive hierarchy read from the database; the walks themselves are pure (app.domain.hierarchy).

- `ancestor_codes`: one archive's chain upwards, one recursive query (the scope
  check, the audit row's path, the cycle check on a move).
- `subtree_codes`: an archive and everything below it, one recursive query.
- `load_archives`: every archive in one query, for the paths that walk many
  (compliance lists and rollups, the spreadsheet import), kept between read
  requests while the data is unchanged (app.db.change_stamp).
"""

from typing import NamedTuple

from sqlalchemy import literal, select
from sqlmodel import Session, col

from app.db.change_stamp import stamped
from app.domain import hierarchy
from app.models import Archive

MAX_DEPTH = 64  # levels walked up at most (a chain with a cycle stops there)


class ArchiveRow(NamedTuple):
    """An archive as the rules and the walks need it (a plain tuple: cheap to hash)."""

    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None


def load_archives(session: Session) -> tuple[ArchiveRow, ...]:
    """Every archive, ordered by code (in a read session, kept while no archive changes:
    app.db.change_stamp)."""
    return stamped(session, "archives", lambda: _load_archives(session))


def _load_archives(session: Session) -> tuple[ArchiveRow, ...]:
    query = select(
        col(Archive.code), col(Archive.name), col(Archive.level), col(Archive.kind), col(Archive.parent_code)
    )
    result = session.connection().execute(query.order_by(Archive.code))
    try:
        return tuple(ArchiveRow(*row) for row in result.cursor.fetchall())
    finally:
        result.close()


def ancestor_codes(session: Session, code: str) -> list[str]:
    """The codes above an archive, nearest first, in one recursive query."""
    chain = (
        select(col(Archive.parent_code).label("code"), literal(1).label("depth"))
        .where(col(Archive.code) == code)
        .cte("chain", recursive=True)
    )
    above = select(col(Archive.parent_code), chain.c.depth + 1).where(
        col(Archive.code) == chain.c.code, chain.c.depth < MAX_DEPTH
    )
    chain = chain.union_all(above)
    query = select(chain.c.code).where(chain.c.code.is_not(None)).order_by(chain.c.depth)
    rows: list[str] = list(session.scalars(query))
    parents = dict(zip([code, *rows], rows, strict=False))
    return hierarchy.ancestors(parents.get, code)


def archive_path(session: Session, code: str) -> str:
    """The archive's chain from the root, as the audit trail keeps it: "/HN/HN-CS/HN-CS-WC/"."""
    return hierarchy.path_from_ancestors(code, ancestor_codes(session, code))


def subtree_codes(session: Session, root_code: str) -> frozenset[str]:
    """An archive's code and the codes of every archive below it, in one recursive query."""
    below = select(col(Archive.code)).where(col(Archive.code) == root_code).cte("subtree", recursive=True)
    below = below.union(select(col(Archive.code)).where(col(Archive.parent_code) == below.c.code))
    codes: list[str] = list(session.scalars(select(below.c.code)))
    return frozenset(codes)
