"""The plausibility checks (app.domain.checks) run on stored reports, or on figures about to be stored.

A report's warnings are computed when it is read, from the stored figures: so they follow
any change to it, to its previous year, or to its peers. Peers are the archives of the same
level under the same top archive (the province). What is loaded, in a fixed number of queries:
- few reports: the top archives' subtrees (one recursive query), every report of those archives;
- many reports (an import): every archive and every report.
`proposed` figures (an import's rows) stand in for the stored ones of their archive and year.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, bindparam, or_, select
from sqlmodel import Session, col

from app.db.change_stamp import may_keep, stamped
from app.domain import hierarchy
from app.domain.checks import CheckInput, Finding, PeerSpread, peer_spread, run_checks, yearly_increase
from app.domain.rates import YearFigures
from app.domain.report_lifecycle import COUNT_NAMES
from app.models import Report
from app.models.report import ReportPublic, ReportWarning
from app.services.compliance.load import load_archives as load_hierarchy
from app.services.compliance.load import plain_rows
from app.services.hierarchy import ArchiveRow, archives_under_tops, load_archives
from app.services.reports.service import report_public

FEW = 20  # up to this many archives, load only their provinces
ReportKey = tuple[str, int]  # (archive code, year)
# The columns of YearFigures' figures, in its order (the year first), so that a row is a YearFigures.
FIGURE_COLUMNS = tuple(col(getattr(Report, name)) for name in YearFigures._fields if name != "approved")
# Built once (SQLAlchemy keys a statement it is given again at no cost): every report; some archives'
# reports of every year, with their peers' of some years.
ALL_FIGURES = select(col(Report.archive_code), *FIGURE_COLUMNS)
FEW_FIGURES = ALL_FIGURES.where(
    or_(
        col(Report.archive_code).in_(bindparam("own", expanding=True)),
        and_(
            col(Report.archive_code).in_(bindparam("peers", expanding=True)),
            col(Report.year).in_(bindparam("years", expanding=True)),
        ),
    )
)
PROVINCE_FIGURES = ALL_FIGURES.where(col(Report.archive_code).in_(bindparam("codes", expanding=True)))


@dataclass
class Figures:
    """Reports by archive and year, and the archives' levels and top archives."""

    by_archive: dict[str, dict[int, YearFigures]]
    level: dict[str, str]
    top: dict[str, str]
    _increases: dict[tuple[str | None, str | None, int], dict[str, int]] = field(default_factory=dict)
    _members: dict[tuple[str | None, str | None], list[str]] = field(default_factory=dict)
    _spreads: dict[tuple[str | None, str | None, int], PeerSpread] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._members = _groups(self.top, self.level)

    def check_input(self, code: str, year: int) -> CheckInput | None:
        report = self.by_archive.get(code, {}).get(year)
        if report is None:
            return None
        key = (self.top.get(code), self.level.get(code), year)
        group = self._group_increases(*key)
        if code not in group:
            return CheckInput(report, self.by_archive[code])
        if key not in self._spreads:
            self._spreads[key] = peer_spread(list(group.values()))
        return CheckInput(report, self.by_archive[code], self._spreads[key])

    def _group_increases(self, top: str | None, level: str | None, year: int) -> dict[str, int]:
        """The year's increase of every archive of the group that reported it (computed once a group)."""
        key = (top, level, year)
        if key not in self._increases:
            increases = {}
            for peer in self._members.get((top, level), ()):
                reports = self.by_archive.get(peer, {})
                increase = None if year not in reports else yearly_increase(CheckInput(reports[year], reports))
                if increase is not None:
                    increases[peer] = increase
            self._increases[key] = increases
        return self._increases[key]


def _groups(top: Mapping[str, str], level: Mapping[str, str]) -> dict[tuple[str | None, str | None], list[str]]:
    members: dict[tuple[str | None, str | None], list[str]] = defaultdict(list)
    for code, root in top.items():
        members[(root, level.get(code))].append(code)
    return members


def findings(
    session: Session, keys: Sequence[ReportKey], proposed: Mapping[ReportKey, YearFigures] | None = None
) -> dict[ReportKey, list[Finding]]:
    """The findings of every check on each report named (stored, or proposed in its place)."""
    if not keys:
        return {}
    figures = load_figures(session, keys, proposed or {})
    found: dict[ReportKey, list[Finding]] = {}
    for code, year in keys:
        data = figures.check_input(code, year)
        found[(code, year)] = [] if data is None else run_checks(data)
    return found


def proposed_findings(session: Session, proposed: Mapping[ReportKey, YearFigures]) -> dict[ReportKey, list[Finding]]:
    """The findings on figures about to be stored (an import's rows), each in place of its stored report."""
    return findings(session, list(proposed), proposed)


def proposed_figures(year: int, figures: Mapping[str, object]) -> YearFigures:
    """A report's figures as submitted (a ReportFigures dump or an import row), as the checks read them."""
    return YearFigures(year, **{name: figures.get(name) for name in COUNT_NAMES})  # type: ignore[arg-type]


def load_figures(session: Session, keys: Sequence[ReportKey], proposed: Mapping[ReportKey, YearFigures]) -> Figures:
    """The reports the checks of these reports read: their archives' and their peers'."""
    codes = {code for code, _ in keys}
    few = len(codes) <= FEW
    if few and not proposed and may_keep(session):
        root = _one_province(session, codes)
        if root is not None:  # kept while the stamp stands, with the groups' increases and spreads computed
            return stamped(
                session, ("check figures", root), lambda: _province_figures(session, root), reads=("archive", "report")
            )
    archives = _provinces(session, codes) if few else load_archives(session)
    parents = {archive.code: archive.parent_code for archive in archives}
    query, parameters = ALL_FIGURES, {}
    if few:  # the archives' own reports, every year; their peers' only for the years compared (Y and Y-1)
        years = sorted({year for _, year in keys} | {year - 1 for _, year in keys})
        query, parameters = FEW_FIGURES, {"own": sorted(codes), "peers": list(parents), "years": years}
    by_archive = _by_archive(plain_rows(session, query, parameters))
    for (code, year), figures in proposed.items():
        by_archive.setdefault(code, {})[year] = figures
    level = {archive.code: archive.level for archive in archives}
    return Figures(by_archive, level, {code: ([code, *hierarchy.ancestors(parents.get, code)])[-1] for code in parents})


def _one_province(session: Session, codes: Iterable[str]) -> str | None:
    """The top archive all these archives are under, if there is one (none: an unknown archive, or two)."""
    hierarchy = load_hierarchy(session)
    roots = {hierarchy.chain(code)[-1] if code in hierarchy.by_code else None for code in codes}
    root = roots.pop() if len(roots) == 1 else None
    return root


def _province_figures(session: Session, root: str) -> Figures:
    """Every report, every year, of the archives under this top archive: what the checks of any of
    them read (an archive's own years, and its peers' years Y and Y-1)."""
    archives = load_hierarchy(session).subtree(root)
    rows = plain_rows(session, PROVINCE_FIGURES, {"codes": [archive.code for archive in archives]})
    level = {archive.code: archive.level for archive in archives}
    return Figures(_by_archive(rows), level, dict.fromkeys(level, root))


def _by_archive(rows: Iterable[tuple[Any, ...]]) -> dict[str, dict[int, YearFigures]]:
    """Report rows (the archive's code, then YearFigures' fields) by archive and year."""
    by_archive: dict[str, dict[int, YearFigures]] = defaultdict(dict)
    for code, *values in rows:
        by_archive[code][values[0]] = YearFigures(*values)
    return dict(by_archive)


def _provinces(session: Session, codes: Iterable[str]) -> list[ArchiveRow]:
    """The archives under the top archives of these ones (their peers among them): walked over
    the hierarchy a read session keeps (app.db.change_stamp), else read in one query."""
    if may_keep(session):
        hierarchy = load_hierarchy(session)
        roots = sorted({hierarchy.chain(code)[-1] for code in codes if code in hierarchy.by_code})
        return [archive for root in roots for archive in hierarchy.subtree(root)]
    return archives_under_tops(session, codes)


def public_warnings(found: Sequence[Finding], lang: str) -> list[ReportWarning]:
    """Findings as the API shows them, in the request's language."""
    return [
        ReportWarning(code=f.code, field=f.field, severity=f.severity.value, message=f.zh if lang == "zh" else f.en)
        for f in found
    ]


def with_warnings(session: Session, reports: Sequence[Report], lang: str) -> list[ReportPublic]:
    """The reports as the API shows them, each with its current warnings: the one place they are added."""
    found = findings(session, [(report.archive_code, report.year) for report in reports])
    return [
        report_public(report).model_copy(
            update={"warnings": public_warnings(found[(report.archive_code, report.year)], lang)}
        )
        for report in reports
    ]


def report_with_warnings(session: Session, report: Report, lang: str) -> ReportPublic:
    """One report with its current warnings."""
    return with_warnings(session, [report], lang)[0]
