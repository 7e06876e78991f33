"""The country judged from nothing, in one process: where its time goes (rules, answers, reading).

    python bench/cold_year.py                                   # SQLite, the country written afresh
    python bench/cold_year.py --database-url postgresql+psycopg://... --runs 8

Judges the whole country as of COLD_YEAR (bench/run.py's year the warm start does not
prepare) and writes its JSON page, --runs times, every kept value and judgement emptied
before each (as in a fresh worker), and prints the CPU time of the process (less swayed by
a busy machine than the wall time) of the fastest run and the median, each split into:
the rules (evaluate_archive), the answers written as JSON, and reading (reports, archives).
The split is measured by timing those calls, not sampled. --database-url: a database that
already holds the country (bench/rounds.py's write_country), else a fresh SQLite one.
"""

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import Engine

from app.cli import main as lantai
from app.config import Settings, get_settings
from app.db import Intent, change_stamp, session_scope
from app.domain.clock import RoundClock
from app.main import create_app
from app.services.compliance import items, lists
from bench.generate import generate
from bench.rounds import SECRET, write_country
from bench.run import COLD_YEAR

PARTS = {  # what each part of the split times: (module, function)
    "rules": (items, "evaluate_archive"),
    "answers": (items, "answer_json"),
    "reports read": (lists, "load_reports"),
    "archives read": (lists, "load_hierarchy"),
}


@contextmanager
def country_engine(database_url: str | None) -> Iterator[Engine]:
    """The app's engine on the database given, or on a fresh SQLite one holding the country."""
    with tempfile.TemporaryDirectory(prefix="lantai-bench-cold-") as folder:
        url = database_url or f"sqlite:///{folder}/lantai.db"
        if database_url is None:
            with mock.patch.dict("os.environ", {"LANTAI_DATABASE_URL": url, "LANTAI_SECRET": SECRET}):
                get_settings.cache_clear()
                lantai(["migrate"])
            get_settings.cache_clear()
        app = create_app(Settings(database_url=url, secret=SECRET, warm_on_start=False))
        if database_url is None:
            write_country(app.state.engine, generate())
        yield app.state.engine
        app.state.engine.dispose()


def timed(spent: dict[str, float], part: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def call(*arguments: Any, **keywords: Any) -> Any:
        started = time.process_time()
        try:
            return function(*arguments, **keywords)
        finally:
            spent[part] += time.process_time() - started

    return call


def judge_from_nothing(engine: Engine) -> tuple[float, float, int]:
    """One whole-country list as of COLD_YEAR, nothing kept: (CPU ms, wall ms, bytes)."""
    items.judged_archive.cache_clear()
    change_stamp._caches.clear()
    clock = RoundClock(datetime.now(UTC), "Asia/Shanghai")
    started, started_cpu = time.perf_counter(), time.process_time()
    with session_scope(engine, Intent.read) as session:
        judged = lists.filtered_compliance(session, "FYP14", COLD_YEAR, lists.ComplianceFilters(), "zh", clock)
        written = judged.page_json(10_000, 0)
    return (time.process_time() - started_cpu) * 1000, (time.perf_counter() - started) * 1000, len(written)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url")
    parser.add_argument("--runs", type=int, default=6)
    args = parser.parse_args()
    with country_engine(args.database_url) as engine:
        runs = []
        for _ in range(args.runs):
            spent: dict[str, float] = defaultdict(float)
            with ExitStack() as patches:
                for part, (module, name) in PARTS.items():
                    patches.enter_context(mock.patch.object(module, name, timed(spent, part, getattr(module, name))))
                cpu, wall, size = judge_from_nothing(engine)
            runs.append((cpu, wall, {part: spent[part] * 1000 for part in PARTS}))
    fastest = min(runs, key=lambda run: run[0])
    median = statistics.median(run[0] for run in runs)
    print(f"{size:,} bytes; {args.runs} runs; CPU ms: fastest {fastest[0]:.0f}, median {median:.0f}")
    for part, ms in fastest[2].items():
        print(f"  {part:<14} {ms:6.0f} ms CPU ({ms / fastest[0]:.0%})")
    rest = fastest[0] - sum(fastest[2].values())
    print(f"  {'the rest':<14} {rest:6.0f} ms CPU ({rest / fastest[0]:.0%}): targets, keying the judgements, the page")


if __name__ == "__main__":
    main()
