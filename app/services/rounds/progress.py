"""A round's progress under an archive, each child's, the missing list, and each archive's state.

`under` (default: the round's own `under`, else everywhere) selects that archive and
everything below it; its children are the archives directly below it (the top archives
without `under`), each counted with its whole subtree; a child none of whose archives is
expected is left out. So the children's counts add up to the parent's, less `under`'s own archive.

The archives are those of the round's year (the tree of 31 December of it), each named by its
name today with the name it had then beside it when they differ (`name_in_year`), as the
compliance answers name them; without today's tree (`today`), by their name then alone.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from fractions import Fraction

from app import errors
from app.domain.hierarchy import ArchiveRow
from app.domain.rounds import Counts, Standing, count
from app.i18n import Text
from app.models.common import Level
from app.models.round import ArchiveRoundState, ChainLink, ChildProgress, MissingArchive, RoundProgress
from app.services.rounds.standings import RoundView


@dataclass(frozen=True)
class Scoped:
    """The expected archives under one archive (or everywhere), with their standings."""

    view: RoundView
    under: str | None
    archives: list[ArchiveRow]
    standings: dict[str, Standing]
    today: Mapping[str, ArchiveRow] | None = None  # every archive as it stands today, by code

    def names(self, code: str) -> tuple[str, str | None]:
        """The archive's name today, and its name in the round's year when that differs."""
        then = self.view.archives[code].name
        now = then if self.today is None or code not in self.today else self.today[code].name
        return now, None if now == then else then


def scoped(
    view: RoundView, under: str | None, now: datetime, zone: str, today: Mapping[str, ArchiveRow] | None = None
) -> Scoped:
    """The round's expected archives under `under` (default: the round's), as of `now`; named with
    `today` (every archive as it stands, app.services.hierarchy.load_hierarchy) when given."""
    under = under if under is not None else view.round.under
    if under is not None and under not in view.archives:
        raise errors.ArchiveNotFound(
            Text(f"under: no archive with code {under!r}", f"under：不存在代码为 {under!r} 的档案馆")
        )
    standings = view.standings(now, zone)
    chosen = [a for a in view.expected if under is None or a.code == under or under in _codes(view.chain(a.code))]
    return Scoped(view, under, chosen, standings, today)


def below(scope: Scoped, parent_code: str | None) -> Scoped:
    """The scope narrowed to the expected archives directly below `parent_code` (None: unchanged)."""
    if parent_code is None:
        return scope
    parent = parent_code.upper()
    if parent not in scope.view.archives:
        raise errors.ArchiveNotFound(
            Text(
                f"parent_code: no archive with code {parent_code!r}",
                f"parent_code：不存在代码为 {parent_code!r} 的档案馆",
            )
        )
    return replace(scope, archives=[archive for archive in scope.archives if archive.parent_code == parent])


def _codes(archives: Iterable[ArchiveRow]) -> set[str]:
    return {archive.code for archive in archives}


def counts_model(counts: Counts) -> dict[str, object]:
    """The counts as the answer's fields."""
    return {
        "expected": counts.expected,
        "submitted": counts.submitted,
        "approved": counts.approved,
        "returned": counts.returned,
        "not_submitted": counts.not_submitted,
        "on_time": counts.on_time,
        "late": counts.late,
        "completeness_pct": _pct(counts.share(counts.submitted)),
        "timeliness_pct": _pct(counts.share(counts.on_time)),
        "approved_pct": _pct(counts.share(counts.approved)),
    }


def _pct(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def progress(scope: Scoped) -> RoundProgress:
    """The counts under the archive and for each child below it."""
    found = scope.view.round
    by_child: dict[str, list[Standing]] = {}
    below: dict[str, str | None] = {}
    for archive in scope.archives:
        child = _child_below(scope, archive.code, below)
        if child is not None:
            by_child.setdefault(child, []).append(scope.standings[archive.code])
    children = [
        ChildProgress(
            archive_code=code,
            archive_name=scope.names(code)[0],
            name_in_year=scope.names(code)[1],
            level=Level(scope.view.archives[code].level),
            **counts_model(count(by_child[code])),
        )
        for code in sorted(by_child)
    ]
    total = count(scope.standings[archive.code] for archive in scope.archives)
    return RoundProgress(
        round_id=found.id or 0,
        year=found.year,
        due_on=found.due_on,
        under=scope.under,
        children=children,
        **counts_model(total),
    )


def _child_below(scope: Scoped, code: str, known: dict[str, str | None]) -> str | None:
    """The archive directly below `under` whose subtree holds this one (None: `under` itself), remembered."""
    if code not in known:
        parent = scope.view.archives[code].parent_code
        if code == scope.under:
            known[code] = None
        elif parent == scope.under or parent is None or parent not in scope.view.archives:
            known[code] = code
        else:
            known[code] = _child_below(scope, parent, known)
    return known[code]


def missing(scope: Scoped) -> list[MissingArchive]:
    """The expected archives that have not submitted, in code order, with the chain above each."""
    return [
        MissingArchive(
            code=archive.code,
            name=scope.names(archive.code)[0],
            name_in_year=scope.names(archive.code)[1],
            level=Level(archive.level),
            days_late=scope.standings[archive.code].days_late,
            chain=[ChainLink(code=a.code, name=a.name, level=Level(a.level)) for a in scope.view.chain(archive.code)],
        )
        for archive in scope.archives
        if archive.code not in scope.view.reports
    ]


def archive_states(scope: Scoped) -> list[ArchiveRoundState]:
    """Each expected archive's state, in code order."""
    return [
        ArchiveRoundState(
            archive_code=archive.code,
            archive_name=scope.names(archive.code)[0],
            name_in_year=scope.names(archive.code)[1],
            level=Level(archive.level),
            state=scope.standings[archive.code].state,
            first_submitted_at=_first(scope, archive.code),
            on_time=scope.standings[archive.code].on_time,
            days_late=scope.standings[archive.code].days_late,
        )
        for archive in scope.archives
    ]


def _first(scope: Scoped, code: str) -> datetime | None:
    sent = scope.view.reports.get(code)
    return None if sent is None else sent.first_submitted_at


def failing(scope: Scoped, states: Sequence[str]) -> int:
    """How many expected archives are in any of these states: `late` or `missing` (not submitted)."""
    return sum(
        ("missing" in states and one.state == "not_submitted") or ("late" in states and one.on_time is False)
        for one in (scope.standings[archive.code] for archive in scope.archives)
    )
