"""Server-side commands: serve, migrate, seed."""

import argparse
import sys
from datetime import date
from typing import Any

from app.cli.progress import progress_bar
from app.config import get_settings
from app.db import Intent, make_engine, session_scope

# How long a worker may take to answer uvicorn's health check (5 s by default): a worker
# still importing the app on a busy machine is not killed and started again in a loop.
WORKER_HEALTHCHECK_SECONDS = 60

MAX_HEAD_BYTES = 16 * 1024  # a request line and headers larger than this are refused (h11)
KEEP_ALIVE_SECONDS = 5  # an idle kept-alive connection is closed after this
# How `lantai serve` bounds a connection: its head's size and time (LANTAI_HEADER_TIMEOUT_SECONDS), its idle time.
CONNECTION_LIMITS: dict[str, Any] = {
    "http": "app.serving:DeadlineH11Protocol",
    "h11_max_incomplete_event_size": MAX_HEAD_BYTES,
    "timeout_keep_alive": KEEP_ALIVE_SECONDS,
}


def register(subcommands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add serve, migrate and seed."""
    serve = subcommands.add_parser("serve", help="serve the API with uvicorn")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(handler=run_serve)

    migrate = subcommands.add_parser("migrate", help="bring the database schema up to date")
    migrate.add_argument("--revision", default="head")
    migrate.set_defaults(handler=run_migrate)

    seed = subcommands.add_parser("seed", help="add the reference data that is missing (never changes existing rows)")
    seed.add_argument("--demo", action="store_true", help="also load the illustrative yearly series")
    seed.set_defaults(handler=run_seed)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_SECONDS,
        **CONNECTION_LIMITS,
    )
    return 0


def run_migrate(args: argparse.Namespace) -> int:
    from app.migrate import upgrade

    upgrade(get_settings().database_url, args.revision)
    print(f"database at {args.revision}", file=sys.stderr)
    return 0


def run_seed(args: argparse.Namespace) -> int:
    from app.seeding import load_seed, seed_dir

    settings = get_settings()
    engine = make_engine(settings)
    try:
        with session_scope(engine, Intent.write) as session, progress_bar("seeding") as bar:
            summary = load_seed(
                session,
                seed_dir(settings.seed_dir),
                demo=args.demo,
                current_year=date.today().year,
                on_progress=bar.advance_to,
            )
    finally:
        engine.dispose()
    print(
        f"seeded: {summary.archives} archives, {summary.plans} plans, {summary.targets} targets, "
        f"{summary.reports} reports added; {len(summary.skipped)} skipped (existing rows are never changed)",
        file=sys.stderr,
    )
    for reason in summary.skipped:
        if not reason.endswith("left as it is"):
            print(f"  skipped {reason}", file=sys.stderr)
    return 0
