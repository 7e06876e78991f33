"""Account commands: `lantai user create USERNAME --role ROLE [--archive CODE]` and `lantai demo-users`.

`user create` prints the generated initial password once on stdout (everything else on
stderr), to be changed at first sign-in. `demo-users` adds the demo's accounts (`make
serve`) and prints their names and passwords; a password its owner changed is kept and
not shown. Exit status: 0 done; 1 refused (one line on stderr); 2 no usable LANTAI_SECRET.
"""

import argparse
import sys

from sqlmodel import Session

from app.cli.tokens import _cli_actor, _in_session
from app.config import Settings
from app.domain.roles import Role
from app.models.user import UserCreate
from app.seeding import seed_demo_users
from app.services import users


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add `user create` and `demo-users`."""
    user = subcommands.add_parser("user", help="create console accounts")
    actions = user.add_subparsers(dest="user_command", required=True, metavar="ACTION")
    create = actions.add_parser("create", help="create an account and print its initial password (once)")
    create.add_argument("username")
    create.add_argument("--role", required=True, choices=[role.value for role in Role])
    create.add_argument("--archive", help="the archive a supervisor or reporter acts for")
    create.add_argument("--display-name", help="the name shown and written in the audit trail (default: USERNAME)")
    create.add_argument("--phone", help="called about the archive's missing reports")
    create.set_defaults(handler=run_create)
    demo = subcommands.add_parser("demo-users", help="add the demo's console accounts and print their passwords")
    demo.set_defaults(handler=run_demo_users)


def run_create(args: argparse.Namespace) -> int:
    def create(session: Session, _: Settings) -> None:
        data = UserCreate(
            username=args.username,
            display_name=args.display_name or args.username,
            role=args.role,
            archive_code=args.archive,
            phone=args.phone,
        )
        user, password = users.create_user(session, data, actor=_cli_actor())
        scope = f" of {user.archive_code}" if user.archive_code else ""
        print(f"created {user.username}: {user.role}{scope}; its password is shown only now", file=sys.stderr)
        print(password)

    return _in_session(create)


def run_demo_users(_: argparse.Namespace) -> int:
    def seed(session: Session, _: Settings) -> None:
        for account in seed_demo_users(session, actor=_cli_actor()):
            password = account.password or "(changed by its owner: kept, not shown)"
            print(f"  {account.username:<12} {account.description:<28} {password}")

    return _in_session(seed)
