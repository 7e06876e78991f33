"""`lantai archives list|get`: the archives on a server, filtered as the API filters them."""

import argparse

from app.api.paging import MAX_LIMIT
from app.cli.remote import EXIT_OK, SubParsers, _format, _remote, open_client, pick, print_json, reporting_failures
from app.cli.remote_output import console, table, words
from app.domain.codes import normalize_code
from app.models.archive import ArchivePublic
from app.present.labels import KIND_LABELS, LEVEL_LABELS

COLUMNS = (("code", "代码"), ("name", "名称"), ("level", "级别"), ("kind", "类型"), ("parent", "上级"))


def register(subcommands: SubParsers) -> None:
    """Add archives list|get."""
    archives = subcommands.add_parser("archives", help="the archives: list, get")
    actions = archives.add_subparsers(dest="archives_command", required=True, metavar="ACTION")
    listing = _remote(actions, "list", "list archives, filtered")
    listing.add_argument("--under", type=normalize_code, help="only this archive and its whole subtree")
    listing.add_argument("--parent", type=normalize_code, help="only the archives directly below this one")
    listing.add_argument("--level", choices=("provincial", "municipal", "county"))
    listing.add_argument("--kind")
    listing.add_argument("--q", help="part of the name or code")
    _format(listing, "text", "json")
    listing.set_defaults(handler=run_list)
    get = _remote(actions, "get", "read one archive")
    get.add_argument("code", type=normalize_code)
    _format(get, "text", "json")
    get.set_defaults(handler=run_get)


@reporting_failures
def run_list(args: argparse.Namespace) -> int:
    filters = {"under": args.under, "parent_code": args.parent, "level": args.level, "kind": args.kind, "q": args.q}
    with open_client(args) as client:
        page = client.list_archives(**filters, limit=MAX_LIMIT)
    if args.format == "json":
        print_json(page)
        return EXIT_OK
    listing = table(COLUMNS, args.lang)
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
        answer = client.get_archive(args.code)
    if args.format == "json":
        print_json(answer)
        return EXIT_OK
    archive = ArchivePublic.model_validate(answer)
    for (en, zh), value in zip(COLUMNS, _values(archive, args.lang), strict=True):
        print(f"{pick(args.lang, en, zh)}\t{value}")
    return EXIT_OK


def _values(archive: ArchivePublic, lang: str) -> tuple[str, ...]:
    level, kind = words(LEVEL_LABELS, archive.level, lang), words(KIND_LABELS, archive.kind, lang)
    return (archive.code, archive.name, level, kind, archive.parent_code or "-")
