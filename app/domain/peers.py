"""What a report's plausibility checks read (app.domain.checks): its archive's reports and its peers' spread.

Peers are the archives of the same level under the same top archive (the province). The
check of an archive's report for year Y reads the archive's reports of every year and,
when the archive has an increase for Y (app.domain.checks.yearly_increase), the spread of
the increases of Y over its group (the archive among them, every member with an increase).
`peer_figures` computes the spread of every group in the years to be checked up front (only
those years' reports may then be checked): the record is never changed after, so a read may
keep it and share it (app.services.kept).
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from app.domain.checks import CheckInput, PeerSpread, peer_spread, yearly_increase
from app.domain.rates import YearFigures

Group = tuple[str, str | None, int]  # (top archive, level, year)


@dataclass(frozen=True, slots=True, eq=False)
class PeerFigures:
    """Reports by archive and year, each archive's level and top archive, each group's spread in
    the years computed (`years`; None: every year reported)."""

    by_archive: Mapping[str, Mapping[int, YearFigures]]
    level: Mapping[str, str]
    top: Mapping[str, str]
    spreads: Mapping[Group, PeerSpread]
    years: frozenset[int] | None = None

    def check_input(self, code: str, year: int) -> CheckInput | None:
        """What the checks of the archive's report for the year read (None: no such report)."""
        reports = self.by_archive.get(code, {})
        report = reports.get(year)
        if report is None:
            return None
        own = CheckInput(report, reports)
        if code not in self.top or yearly_increase(own) is None:
            return own
        return CheckInput(report, reports, self.spreads[(self.top[code], self.level.get(code), year)])


def peer_figures(
    by_archive: Mapping[str, Mapping[int, YearFigures]],
    level: Mapping[str, str],
    top: Mapping[str, str],
    years: Iterable[int] | None = None,
) -> PeerFigures:
    """The figures with the spread of every group in the years (every year reported, when None)."""
    wanted = None if years is None else frozenset(years)
    increases: dict[Group, list[int]] = defaultdict(list)
    for code, root in top.items():
        reports = by_archive.get(code, {})
        for year, report in reports.items():
            if wanted is None or year in wanted:
                increase = yearly_increase(CheckInput(report, reports))
                if increase is not None:
                    increases[(root, level.get(code), year)].append(increase)
    spreads = {group: peer_spread(sample) for group, sample in increases.items()}
    return PeerFigures(
        MappingProxyType({code: MappingProxyType(dict(reports)) for code, reports in by_archive.items()}),
        MappingProxyType(dict(level)),
        MappingProxyType(dict(top)),
        MappingProxyType(spreads),
        wanted,
    )


def with_report(figures: PeerFigures, code: str, report: YearFigures) -> PeerFigures:
    """The same figures with one archive's report for a year put in (added or replaced): what
    `peer_figures` would compute from the reports with that one changed. Only the spreads it
    moves are computed again: its group's in its year and the next (the increase of the next
    year is counted from it), among the years computed."""
    reports = dict(figures.by_archive.get(code, {}))
    reports[report.year] = report
    by_archive = dict(figures.by_archive)
    by_archive[code] = MappingProxyType(reports)
    spreads = dict(figures.spreads)
    root = figures.top.get(code)
    if root is not None:
        level = figures.level.get(code)
        for year in (report.year, report.year + 1):
            if figures.years is None or year in figures.years:
                _spread_again(spreads, by_archive, figures, (root, level, year))
    return PeerFigures(
        MappingProxyType(by_archive), figures.level, figures.top, MappingProxyType(spreads), figures.years
    )


def _spread_again(
    spreads: dict[Group, PeerSpread],
    by_archive: Mapping[str, Mapping[int, YearFigures]],
    figures: PeerFigures,
    group: Group,
) -> None:
    """The group's spread computed again from its members' increases (dropped when none has one),
    its sample in peer_figures' order."""
    root, level, year = group
    sample = []
    for code, top in figures.top.items():
        reports = by_archive.get(code, {})
        if top == root and figures.level.get(code) == level and year in reports:
            increase = yearly_increase(CheckInput(reports[year], reports))
            if increase is not None:
                sample.append(increase)
    if sample:
        spreads[group] = peer_spread(sample)
    else:
        spreads.pop(group, None)
