"""The archive hierarchy as plain data: walks over (code -> parent code), given as a function or as pairs.

Every walk of the hierarchy is here, pure; app/services/hierarchy.py reads the
(code -> parent) pairs or the chains from the database. A walk stops at a
cycle and at a code it does not know, so bad data never makes it loop.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

ParentOf = Callable[[str], str | None]  # archive code -> the code of the archive that supervises it (None: none)


def ancestors(parent_of: ParentOf, code: str) -> list[str]:
    """The codes above an archive, nearest first (in a loop in the data, up to the archive itself)."""
    chain: list[str] = []
    parent = parent_of(code)
    while parent is not None and parent not in chain:
        chain.append(parent)
        parent = parent_of(parent)
    return chain


def path_from_ancestors(code: str, ancestor_codes: Sequence[str]) -> str:
    """The archive's chain from the root, as the audit trail keeps it: "/HN/HN-CS/HN-CS-LY/"."""
    return "/" + "/".join([*reversed(ancestor_codes), code]) + "/"


def path(parent_of: ParentOf, code: str) -> str:
    """The archive's chain from the root: "/HN/HN-CS/HN-CS-LY/"."""
    return path_from_ancestors(code, ancestors(parent_of, code))


def children_of(pairs: Iterable[tuple[str, str | None]]) -> dict[str | None, list[str]]:
    """Parent code -> the codes of the archives it supervises, in the order given."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, parent in pairs:
        children[parent].append(code)
    return children


def subtree(children: Mapping[str | None, Sequence[str]], root: str) -> list[str]:
    """The root and every archive below it, level by level (breadth first)."""
    found, frontier, seen = [root], [root], {root}
    while frontier:
        below = [child for code in frontier for child in children.get(code, ()) if child not in seen]
        seen.update(below)
        found += below
        frontier = below
    return found


def would_cycle(ancestor_codes_of_parent: Sequence[str], child: str, parent: str) -> bool:
    """True when putting `child` under `parent` makes a cycle: the parent is the child or below it."""
    return parent == child or child in ancestor_codes_of_parent
