"""Token commands: create (the token alone on stdout), list, revoke, and the demo admin token.

`TOKEN=$(lantai token create --role reporter --archive HN-CS --name li.si)` works:
everything but the token goes to stderr. With `--format json`, stdout holds one JSON
document, as the API answers it: create the token's fields with `token` (as POST
/api/v1/tokens), list the envelope of tokens, revoke the revoked token. Exit status:
0 done; 1 refused (an unknown archive or token id, a role and archive that do not
fit), one line on stderr and nothing on stdout; 2 a usage error or no usable
LANTAI_SECRET.
"""

import argparse
import getpass
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pydantic import ValidationError
from sqlmodel import Session

from app import errors
from app.api.paging import MAX_LIMIT
from app.config import Settings, get_settings
from app.db import Intent, make_engine, session_scope
from app.domain.codes import normalize_code
from app.domain.roles import Actor, Role
from app.models.common import Page, utcnow
from app.models.token import TokenCreate, TokenCreated, TokenPublic
from app.services import tokens

DEMO_TOKEN_NAME = "demo-admin"


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `token create|list|revoke` and `demo-token`."""
    token = subcommands.add_parser("token", help="create, list and revoke API tokens")
    actions = token.add_subparsers(dest="token_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="issue a token and print it (once) on stdout")
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--archive", type=normalize_code, help="the archive a supervisor or reporter acts for")
    create.add_argument("--name", help="who holds it, as the audit trail will name them")
    create.set_defaults(handler=run_create)
    listing = actions.add_parser("list", help="list the tokens (never the tokens themselves)")
    listing.add_argument("--all", action="store_true", help="include revoked tokens")
    listing.set_defaults(handler=run_list)
    revoke = actions.add_parser("revoke", help="revoke a token by its id")
    revoke.add_argument("id", type=int)
    revoke.set_defaults(handler=run_revoke)
    for command in (create, listing, revoke):
        command.add_argument(
            "--format", choices=("text", "json"), default="text", help="text (default) or JSON on stdout"
        )
    demo = subcommands.add_parser("demo-token", help="revoke earlier demo admin tokens, issue a new one, print it")
    demo.set_defaults(handler=run_demo_token)


def run_create(args: argparse.Namespace) -> int:
    def create(session: Session, settings: Settings) -> None:
        data = TokenCreate(role=args.role, archive_code=args.archive, name=args.name)
        _issue(session, settings, data, as_json=args.format == "json")

    return _in_session(create)


def run_list(args: argparse.Namespace) -> int:
    def show(session: Session, _: Settings) -> None:
        rows, total = tokens.list_tokens(session, include_revoked=args.all, limit=MAX_LIMIT, offset=0)
        if args.format == "json":
            listed = [TokenPublic.model_validate(row) for row in rows]
            print(Page(items=listed, total=total, limit=MAX_LIMIT, offset=0).model_dump_json())
            return
        for row in rows:
            revoked = f"revoked {row.revoked_at:%Y-%m-%d %H:%M}" if row.revoked_at else "active"
            print(f"{row.id}\t{row.role}\t{row.archive_code or '-'}\t{row.name}\t{revoked}")

    return _in_session(show)


def run_revoke(args: argparse.Namespace) -> int:
    def revoke(session: Session, _: Settings) -> None:
        token = tokens.revoke_token(session, tokens.get_token(session, args.id), actor=_cli_actor(), now=utcnow())
        print(f"token {token.id} ({token.name}) is revoked", file=sys.stderr)
        if args.format == "json":
            print(TokenPublic.model_validate(token).model_dump_json())

    return _in_session(revoke)


def run_demo_token(_: argparse.Namespace) -> int:
    def issue_demo(session: Session, settings: Settings) -> None:
        rows, _total = tokens.list_tokens(session, include_revoked=False, limit=10_000, offset=0)
        for row in rows:
            if row.name == DEMO_TOKEN_NAME:
                tokens.revoke_token(session, row, actor=_cli_actor(), now=utcnow())
        _issue(session, settings, TokenCreate(role=Role.admin, name=DEMO_TOKEN_NAME))

    return _in_session(issue_demo)


def _issue(session: Session, settings: Settings, data: TokenCreate, *, as_json: bool = False) -> None:
    row, token = tokens.issue_token(session, data, actor=_cli_actor(), secret=settings.secret)
    scope = f" of {row.archive_code}" if row.archive_code else ""
    print(f"issued token {row.id}: {row.role}{scope}, named {row.name!r}; it is shown only now", file=sys.stderr)
    if as_json:
        print(TokenCreated(**TokenPublic.model_validate(row).model_dump(), token=token).model_dump_json())
    else:
        print(token)


def _in_session(work: Callable[[Session, Settings], None]) -> int:
    settings = get_settings()
    problem = settings.secret_problem()
    if problem is not None:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        with _write_session(settings) as session:
            work(session, settings)
    except (errors.AppError, ValidationError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


@contextmanager
def _write_session(settings: Settings) -> Iterator[Session]:
    engine = make_engine(settings)
    try:
        with session_scope(engine, Intent.write) as session:
            yield session
    finally:
        engine.dispose()


def _cli_actor() -> Actor:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(name=f"cli:{user}", role=Role.admin)
