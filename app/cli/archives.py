"""`lantai archives list|get|history|event`: the archives on a server, filtered as the API filters them,
as they stood on a day (--as-of), their history, and a real change recorded as an event."""

import argparse
from collections.abc import Mapping

from app.api.paging import MAX_LIMIT
from app.cli.remote import EXIT_OK, SubParsers, _format, _remote, open_client, pick, print_json, reporting_failures
from app.cli.remote_output import console, table, words
from app.domain.codes import normalize_code
from app.models.archive import ArchivePublic
from app.models.archive_history import EVENT_ATTRIBUTES, ArchiveHistory, EventType
from app.models.common import Kind, Level
from app.present.labels import KIND_LABELS, LEVEL_LABELS

COLUMNS = (("code", "代码"), ("name", "名称"), ("level", "级别"), ("kind", "类型"), ("parent", "上级"))
VERSION_COLUMNS = (
    ("from", "起"),
    ("until", "止"),
    ("name", "名称"),
    ("level", "级别"),
    ("kind", "类型"),
    ("parent", "上级"),
    ("region code", "区划代码"),
)
EVENT_COLUMNS = (("date", "日期"), ("event", "事项"), ("changes", "变更"), ("document", "文件"), ("note", "备注"))
EVENT_WORDS = {
    "rename": ("rename", "更名"),
    "recode": ("new region code", "区划代码变更"),
    "reparent": ("new parent", "隶属变更"),
    "reclassify": ("reclassified", "级别/类型变更"),
    "close": ("closed", "撤销"),
    "reopen": ("reopened", "恢复"),
    "merge": ("merged", "合并"),
    "split": ("split", "拆分"),
}
AS_OF_HELP = "as the archives stood on this day (YYYY-MM-DD) or at the end of this year (YYYY)"


def register(subcommands: SubParsers) -> None:
    """Add archives list|get|history|event."""
    archives = subcommands.add_parser("archives", help="the archives: list, get, history, event")
    actions = archives.add_subparsers(dest="archives_command", required=True, metavar="ACTION")
    listing = _remote(actions, "list", "list archives, filtered")
    listing.add_argument("--under", type=normalize_code, help="only this archive and its whole subtree")
    listing.add_argument("--parent", type=normalize_code, help="only the archives directly below this one")
    listing.add_argument("--level", choices=("provincial", "municipal", "county"))
    listing.add_argument("--kind")
    listing.add_argument("--q", help="part of the name or code")
    listing.add_argument("--as-of", metavar="DAY|YEAR", help=AS_OF_HELP + "; archives not open then are left out")
    _format(listing, "text", "json")
    listing.set_defaults(handler=run_list)
    get = _remote(actions, "get", "read one archive")
    get.add_argument("code", type=normalize_code)
    get.add_argument("--as-of", metavar="DAY|YEAR", help=AS_OF_HELP)
    _format(get, "text", "json")
    get.set_defaults(handler=run_get)
    history = _remote(actions, "history", "an archive's dated versions and events, oldest first")
    history.add_argument("code", type=normalize_code)
    _format(history, "text", "json")
    history.set_defaults(handler=run_history)
    event = _remote(actions, "event", "record a real change of an archive on its date (a correction: PATCH)")
    event.add_argument("code", type=normalize_code)
    event.add_argument("type", choices=[kind.value for kind in EventType], metavar="TYPE", help=_types_help())
    event.add_argument("--effective-date", required=True, metavar="YYYY-MM-DD", help="the day the change took effect")
    event.add_argument("--name", help="rename: the new name")
    event.add_argument("--region-code", help="recode: the new region code (GB/T 2260)")
    event.add_argument("--parent", type=normalize_code, help="reparent: the new supervising archive")
    event.add_argument("--level", choices=("provincial", "municipal", "county"), help="reclassify: the new level")
    event.add_argument("--kind", help="reclassify: the new kind")
    event.add_argument("--document", help="the approving document, e.g. 国函〔2010〕129号")
    event.add_argument("--note")
    _format(event, "text", "json")
    event.set_defaults(handler=run_event)


def _types_help() -> str:
    return "one of " + ", ".join(
        f"{kind.value} ({', '.join(sorted(EVENT_ATTRIBUTES[kind])) or 'nothing else'})" for kind in EventType
    )


@reporting_failures
def run_list(args: argparse.Namespace) -> int:
    filters = {"under": args.under, "parent_code": args.parent, "level": args.level, "kind": args.kind, "q": args.q}
    with open_client(args) as client:
        page = client.list_archives(**filters, as_of=args.as_of, limit=MAX_LIMIT)
    if args.format == "json":
        print_json(page)
        return EXIT_OK
    title = None if args.as_of is None else pick(args.lang, f"as of {args.as_of}", f"截至 {args.as_of}")
    listing = table(COLUMNS, args.lang, title)
    for item in page["items"]:
        archive = ArchivePublic.model_validate(item)
        listing.add_row(*_values(archive, args.lang))
    out = console()
    out.print(listing)
    out.print(pick(args.lang, f"{page['total']} archive(s)", f"共 {page['total']} 个档案馆"))
    return EXIT_OK


@reporting_failures
def run_get(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        answer = client.get_archive(args.code, as_of=args.as_of)
    if args.format == "json":
        print_json(answer)
        return EXIT_OK
    archive = ArchivePublic.model_validate(answer)
    for (en, zh), value in zip(COLUMNS, _values(archive, args.lang), strict=True):
        print(f"{pick(args.lang, en, zh)}\t{value}")
    return EXIT_OK


@reporting_failures
def run_history(args: argparse.Namespace) -> int:
    with open_client(args) as client:
        answer = client.get_archive_history(args.code)
    if args.format == "json":
        print_json(answer)
        return EXIT_OK
    history, lang = ArchiveHistory.model_validate(answer), args.lang
    out = console()
    versions = table(VERSION_COLUMNS, lang, pick(lang, f"{history.code}: versions", f"{history.code}：历史版本"))
    for version in history.versions:
        versions.add_row(
            _day(version.valid_from, pick(lang, "always", "始终")),
            _day(version.valid_until, pick(lang, "still", "至今")),
            version.name,
            words(LEVEL_LABELS, Level(version.level), lang),
            words(KIND_LABELS, Kind(version.kind), lang),
            version.parent_code or "-",
            version.region_code or "-",
        )
    out.print(versions)
    events = table(EVENT_COLUMNS, lang, pick(lang, "events", "变更事项"))
    for event in history.events:
        events.add_row(
            event.effective_date.isoformat(),
            _event_word(event.type, lang),
            _changes(event.changes, event.former),
            event.document or "-",
            event.note or "-",
        )
    for link in (*history.predecessors, *history.successors):
        arrow = f"{link.predecessor_code} → {link.successor_code}"
        events.add_row(link.effective_date.isoformat(), _event_word(link.type, lang), arrow, link.document or "-", "-")
    out.print(events)
    return EXIT_OK


@reporting_failures
def run_event(args: argparse.Namespace) -> int:
    body: dict[str, object] = {"type": args.type, "effective_date": args.effective_date}
    given = {"name": args.name, "region_code": args.region_code, "parent_code": args.parent}
    given |= {"level": args.level, "kind": args.kind, "document": args.document, "note": args.note}
    body |= {key: value for key, value in given.items() if value is not None}
    with open_client(args) as client:
        answer = client.record_event(args.code, body)
    if args.format == "json":
        print_json(answer)
        return EXIT_OK
    changes = _changes(answer["changes"], answer.get("former") or {})
    said = pick(args.lang, "recorded", "已记录")
    print(
        f"{said}: {answer['archive_code']} {answer['effective_date']} {_event_word(answer['type'], args.lang)}"
        + ("" if changes == "-" else f" ({changes})")
    )
    return EXIT_OK


def _day(value: object, none: str) -> str:
    return none if value is None else str(value)


def _event_word(kind: str, lang: str) -> str:
    en, zh = EVENT_WORDS.get(kind, (kind, kind))
    return pick(lang, en, zh)


def _changes(changes: Mapping[str, str | None], former: Mapping[str, str | None]) -> str:
    """`name: 襄樊市档案馆 → 襄阳市档案馆`, one attribute after another ("-": none)."""
    said = [
        f"{key}: {former[key]} → {value or '-'}" if former.get(key) else f"{key}: {value or '-'}"
        for key, value in changes.items()
    ]
    return "; ".join(said) or "-"


def _values(archive: ArchivePublic, lang: str) -> tuple[str, ...]:
    level, kind = words(LEVEL_LABELS, archive.level, lang), words(KIND_LABELS, archive.kind, lang)
    return (archive.code, archive.name, level, kind, archive.parent_code or "-")
