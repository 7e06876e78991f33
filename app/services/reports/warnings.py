"""The plausibility checks (app.domain.checks) run on stored reports, or on figures about to be stored.

A report's warnings are computed when it is read, from the stored figures: so they follow
any change to it, to its previous year, or to its peers. Peers are the archives of the same
level under the same top archive (the province). What is loaded, in a fixed number of queries:
- few reports: the top archives' subtrees (one recursive query), every report of those archives;
- many reports (an import): every archive and every report.
`proposed` figures (an import's rows) stand in for the stored ones of their archive and year.

The answer to a write (`written_report_with_warnings`): computed from what reads keep when
they kept the report's province at the counters the write read before its change (the
province's figures with the written report put in, app.domain.peers.with_report), and that
result is kept at the counters after it (app.db.change_stamp, `Kept.carry`), with every
other province's: a run of writes reads nothing after its commits. Otherwise it is read.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from app.db.change_stamp import WriteStamps, latest_seen, may_keep
from app.db.rows import plain_rows
from app.domain import hierarchy
from app.domain.checks import Finding, run_checks
from app.domain.hierarchy import ArchiveRow
from app.domain.peers import PeerFigures, peer_figures, with_report
from app.domain.rates import YearFigures
from app.models import Report
from app.models.report import ReportColumns, ReportPublic, ReportWarning
from app.services import kept
from app.services.hierarchy import archives_under_tops, load_hierarchy
from app.services.kept import ALL_FIGURES, FEW_ARCHIVES, FEW_FIGURES, figures_by_archive
from app.services.reports.service import report_public

ReportKey = tuple[str, int]  # (archive code, year)


def findings(
    session: Session,
    keys: Sequence[ReportKey],
    proposed: Mapping[ReportKey, YearFigures] | None = None,
    *,
    just_written: bool = False,
) -> dict[ReportKey, list[Finding]]:
    """The findings of every check on each report named (stored, or proposed in its place);
    `just_written`: see load_figures."""
    if not keys:
        return {}
    figures = load_figures(session, keys, proposed or {}, just_written=just_written)
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
    return YearFigures.of(year, figures)


def load_figures(
    session: Session, keys: Sequence[ReportKey], proposed: Mapping[ReportKey, YearFigures], *, just_written: bool
) -> PeerFigures:
    """The reports the checks of these reports read: their archives' and their peers'.

    `just_written` (the answer to a write, read after its commit): the few reports are read
    afresh, not the province's kept (the write has just moved the reports' counter, and writes
    tend to come in runs: keeping the province for each would cost more than it saves); the
    archives are still the kept hierarchy's."""
    codes = {code for code, _ in keys}
    few = len(codes) <= FEW_ARCHIVES
    if few and not proposed and not just_written and may_keep(session):
        root = _one_province(session, codes)
        if root is not None:  # kept while the stamp stands, with the groups' spreads computed
            return kept.PROVINCE_FIGURES.get(session, root, tuple(sorted({year for _, year in keys})))
    archives = _provinces(session, codes) if few else load_hierarchy(session).archives
    parents = {archive.code: archive.parent_code for archive in archives}
    query, parameters = ALL_FIGURES, {}
    years = {year for _, year in keys}
    if few:  # the archives' own reports, every year; their peers' only for the years compared (Y and Y-1)
        compared = sorted(years | {year - 1 for year in years})
        query, parameters = FEW_FIGURES, {"own": sorted(codes), "peers": list(parents), "years": compared}
    by_archive = figures_by_archive(plain_rows(session, query, parameters))
    for (code, year), figures in proposed.items():
        by_archive.setdefault(code, {})[year] = figures
    level = {archive.code: archive.level for archive in archives}
    top = {code: ([code, *hierarchy.ancestors(parents.get, code)])[-1] for code in parents}
    return peer_figures(by_archive, level, top, years)


def _one_province(session: Session, codes: Iterable[str]) -> str | None:
    """The top archive all these archives are under, if there is one (none: an unknown archive, or two)."""
    hierarchy = load_hierarchy(session)
    roots = {hierarchy.chain(code)[-1] if code in hierarchy.by_code else None for code in codes}
    return roots.pop() if len(roots) == 1 else None


def _provinces(session: Session, codes: Iterable[str]) -> Sequence[ArchiveRow]:
    """The archives under the top archives of these ones (their peers among them): walked over
    the hierarchy a read session keeps (app.services.kept), else read in one query."""
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


def with_warnings(
    session: Session, reports: Sequence[Report | ReportColumns], lang: str, *, just_written: bool = False
) -> list[ReportPublic]:
    """The reports as the API shows them, each with its current warnings: the one place they are
    added (`just_written`: see load_figures)."""
    answers = [report_public(report) for report in reports]
    keys = [(answer.archive_code, answer.year) for answer in answers]
    found = findings(session, keys, just_written=just_written)
    return [
        answer.model_copy(update={"warnings": public_warnings(found[key], lang)})
        for answer, key in zip(answers, keys, strict=True)
    ]


def report_with_warnings(
    session: Session, report: Report | ReportColumns, lang: str, *, just_written: bool = False
) -> ReportPublic:
    """One report with its current warnings."""
    return with_warnings(session, [report], lang, just_written=just_written)[0]


def written_report_with_warnings(
    engine: Engine, report: ReportColumns, stamps: WriteStamps | None, lang: str
) -> ReportPublic | None:
    """A report just written (committed), with its warnings computed from what reads keep, when they
    kept its province at the counters before the write; None when they did not (read them then:
    `report_with_warnings`, just_written when `keeps_after_write` says no)."""
    if stamps is None:
        return None
    hierarchy = kept.ARCHIVES.kept_at(engine, stamps.before())
    code, year = report["archive_code"], report["year"]
    if hierarchy is None or code not in hierarchy.by_code:
        return None
    root = hierarchy.chain(code)[-1]
    key = (root, (year,))
    figures = proposed_figures(year, report)
    before = kept.PROVINCE_FIGURES.kept_at(engine, stamps.before(), *key)
    after = None if before is None else with_report(before, code, figures)

    def carried(entry: tuple[Hashable, ...], value: PeerFigures) -> PeerFigures:
        """Another province's as it was; this one's with the report put in."""
        if entry[0] != root:
            return value
        return after if entry == key and after is not None else with_report(value, code, figures)

    kept.PROVINCE_FIGURES.carry(engine, stamps, carried)
    if after is None:
        return None
    data = after.check_input(code, year)
    found = [] if data is None else run_checks(data)
    return report_public(report).model_copy(update={"warnings": public_warnings(found, lang)})


def keeps_after_write(engine: Engine, stamps: WriteStamps | None) -> bool:
    """Whether the warnings of a write that `written_report_with_warnings` could not answer are worth
    reading as a read keeps them (its province, all its years): when no other process has written
    reports since this one last looked (its next write may then start from them); else only the few
    reports they compare are read. Ask before `written_report_with_warnings`, which moves what this
    process has seen to the counters after the write."""
    return stamps is not None and latest_seen(engine, "report") == stamps.report_before
