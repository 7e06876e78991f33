"""The archive hierarchy as plain data: walks over (code -> parent code), given as a function or as pairs.

Every walk of the hierarchy is here, pure; app/services/hierarchy.py reads the
(code -> parent) pairs or the chains from the database. A walk stops at a
cycle and at a code it does not know, so bad data never makes it loop.
`Hierarchy` is every archive in memory, walked once (the one a read keeps: app.services.kept);
the tree as of a day is a Hierarchy too. `Succession` is one predecessor -> successor link.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from types import MappingProxyType
from typing import NamedTuple

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


class ArchiveRow(NamedTuple):
    """An archive as the rules and the walks need it (a plain tuple: cheap to hash)."""

    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True, slots=True, eq=False)
class Hierarchy:
    """Every archive, by code, with the chain from each one up to its root and the archives below each.

    Built whole (`hierarchy_of`) and never changed after: a read may keep it and share it."""

    archives: tuple[ArchiveRow, ...]  # ordered by code
    by_code: Mapping[str, ArchiveRow]
    chains: Mapping[str, tuple[str, ...]]  # code -> the archive, its parent, ... up to its root
    children: Mapping[str | None, tuple[str, ...]]  # code -> the codes directly below it (None: the roots)

    def chain(self, code: str) -> tuple[str, ...]:
        """The archive, its parent, ... up to its root (the code alone when it is unknown)."""
        return self.chains.get(code) or (code,)

    def path(self, code: str) -> str:
        """The archive's chain from the root, as the audit trail keeps it: "/HN/HN-CS/HN-CS-LY/"."""
        return path_from_ancestors(code, self.chain(code)[1:])

    def subtree(self, root: str) -> list[ArchiveRow]:
        """The root and every archive below it (an empty list for an unknown root)."""
        if root not in self.by_code:
            return []
        return [self.by_code[code] for code in subtree(self.children, root)]

    def bound(self, under: str | None) -> list[ArchiveRow]:
        """Every archive (under None), or those at and below `under` (a plan's, a round's)."""
        if under is None:
            return list(self.archives)
        return [archive for archive in self.archives if under in self.chains[archive.code]]


def hierarchy_of(archives: Iterable[ArchiveRow]) -> Hierarchy:
    """The hierarchy of these archives, every chain walked once."""
    rows = tuple(archives)
    parents = {archive.code: archive.parent_code for archive in rows}
    chains = {code: (code, *ancestors(parents.get, code)) for code in parents}
    children = {parent: tuple(codes) for parent, codes in children_of(parents.items()).items()}
    return Hierarchy(
        rows,
        MappingProxyType({archive.code: archive for archive in rows}),
        MappingProxyType(chains),
        MappingProxyType(children),
    )


@dataclass(frozen=True, slots=True)
class Succession:
    """A successor taking over a predecessor's place on a day: by a merge (all of it) or a split (a part).

    `shares`: figure key -> the successor's share of the predecessor's figure (a split's, when
    recorded); None when none were recorded."""

    predecessor: str
    successor: str
    effective_date: date
    type: str  # "merge" or "split"
    shares: Mapping[str, Fraction] | None
