"""Warm start: judge each plan's national list once, while a worker starts.

Judging a whole country from nothing takes a second or more (3,266 archives, every rule
with exact fractions); once judged, each archive's judgement is kept while its inputs
stay (app.services.compliance.items) and the loads are kept while the data stays
(app.db.change_stamp). A worker that does this before it answers its first request spares
the first official after a start or a deploy that wait. Plans are taken current first
(the latest end year), in each language; the warm-up stops once its time budget is spent,
and a failure only costs the warm-up, never the start.
"""

import logging
import time
from collections.abc import Callable, Sequence

from sqlalchemy import Engine
from sqlmodel import col, select

from app.db import Intent, session_scope
from app.domain.clock import RoundClock
from app.models import Plan
from app.services.compliance.lists import ComplianceFilters, filtered_compliance

log = logging.getLogger("lantai.warm")


def warm_compliance(
    engine: Engine,
    *,
    budget_seconds: float,
    languages: Sequence[str] = ("zh", "en"),
    round_clock: RoundClock,
    clock: Callable[[], float] = time.monotonic,
) -> list[tuple[str, str]]:
    """Judge each plan's national list as of its default year, in each language, within the budget;
    (plan, language) for each list judged."""
    deadline = clock() + budget_seconds
    judged: list[tuple[str, str]] = []
    try:
        with session_scope(engine, Intent.read) as session:
            query = select(Plan.code).order_by(col(Plan.end_year).desc(), col(Plan.code))
            for code in session.scalars(query).all():
                for lang in languages:
                    if clock() >= deadline:
                        log.info("warm start: budget spent after %d lists", len(judged))
                        return judged
                    filtered_compliance(session, code, None, ComplianceFilters(), lang, round_clock)
                    judged.append((code, lang))
    except Exception:  # the warm-up is a courtesy: a worker that cannot do it starts all the same
        log.warning("warm start: stopped after %d lists", len(judged), exc_info=True)
    return judged
