"""Which tree a compliance answer judges, and on which figures (`structure`).

- as_of (the default): the tree as it stood on 31 December of the year judged
  (app.services.hierarchy.hierarchy_as_of): an archive closed before the end of the year is not
  judged for it, one opened during the year is; names, parents and levels are those of then.
  Each archive is judged on its own reports.
- current: the archives open today, in today's tree, judged on their figures carried into
  today's structure (app.domain.succession): a successor's years before a merge are its
  predecessors' taken together, a split's successors' their recorded shares.
- Either way an answer names each archive by its name today, and beside it the name it had on
  31 December of the year when that differs (`name_in_year`). A place filter (`parent_code`,
  `under`) selects in the tree judged; a code registered but not open then selects nothing.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from app.domain.compliance import YearFigures
from app.domain.hierarchy import ArchiveRow, Hierarchy
from app.domain.succession import CurrentStructure, Structure, in_current_structure, successions_of
from app.services.compliance.load import load_reports
from app.services.hierarchy import hierarchy_as_of, load_hierarchy, successions, year_end

__all__ = ["Frame", "Structure", "frame_for"]

Carried = tuple[tuple[int, frozenset[str]], ...]  # (year, the archives its figures come from), by year


@dataclass(frozen=True, slots=True, eq=False)
class Frame:
    """The tree a year is judged in, the tree of that year and every archive as it stands today."""

    structure: Structure
    year: int
    tree: Hierarchy  # the archives judged, with the parents, levels and kinds judged by
    then: Hierarchy  # the archives open on 31 December of the year, as they were then
    registered: Hierarchy  # every archive registered, as it stands (closed ones included)

    def shown(self, archive: ArchiveRow) -> tuple[ArchiveRow, str | None]:
        """The archive named as it is today, and the name it had in the year when that differs."""
        now, then = self.registered.by_code.get(archive.code), self.then.by_code.get(archive.code)
        today = archive if now is None or now.name == archive.name else archive._replace(name=now.name)
        return today, None if then is None or then.name == today.name else then.name

    def carry(
        self,
        session: Session,
        reports: Mapping[str, tuple[YearFigures, ...]],
        years: Iterable[int],
        *,
        approved_only: bool,
        every_year: bool = False,
    ) -> CurrentStructure:
        """The reports as the structure judges them: their own (as_of), or carried into today's
        structure (current), the predecessors' reports read here (every_year: all their years too,
        for one archive's series)."""
        links = successions(session) if self.structure is Structure.current else ()
        if not links:
            return CurrentStructure(reports, {})
        changes = successions_of(links, lambda code, day: code in hierarchy_as_of(session, day).by_code)
        touched = {code for change in changes for code in (*change.sources, *change.successors)}
        wanted = set(years) | {figures.year for code in touched for figures in reports.get(code, ())}
        read = None if every_year else wanted
        found = load_reports(session, years=read, archive_codes=sorted(touched), approved_only=approved_only)
        wanted |= {figures.year for rows in found.values() for figures in rows} if every_year else set()
        opened: dict[int, Collection[str]] = {year: hierarchy_as_of(session, year_end(year)).by_code for year in wanted}
        return in_current_structure({**reports, **found}, sorted(wanted), changes, opened)


def frame_for(session: Session, structure: Structure, year: int, today: date) -> Frame:
    """The frame a year is judged in (today: the calendar day now, given by the caller)."""
    then = hierarchy_as_of(session, year_end(year))
    tree = then if structure is Structure.as_of else hierarchy_as_of(session, today)
    return Frame(structure, year, tree, then, load_hierarchy(session))


def carried_of(carried: Mapping[str, Mapping[int, frozenset[str]]], code: str) -> Carried:
    """One archive's carried years as a hashable value (a judgement's cache key)."""
    years = carried.get(code) if carried else None  # as_of carries nothing: most lists ask for no archive
    return () if not years else tuple(sorted(years.items()))
