"""An archive's answer written as JSON straight from the rules' result, byte for byte what
`archive_answer(...).model_dump_json()` writes, in about 40% of its time.

A whole country judged from nothing writes 3,266 answers: building each as pydantic models
(some 20 an archive) and serializing them cost more than reading the reports (profiled, a
cold whole-country list: 0.45 ms an archive against 0.18 ms for this, of which the reasons'
words are 0.07). The answer is built as plain dicts and lists, in the schema's field order,
and written by orjson:
- a figure is rounded as the schema's Pct serializer rounds it (`round(value, 2)`);
- a target, and a round's notice, are written once by pydantic and kept as parsed JSON
  (they are shared by thousands of archives);
- orjson and pydantic write a float alike (the shortest repr) in plain decimals only, so an
  answer with a figure of 10**15 or more, not finite, or a whole number beyond 64 bits, is
  written by pydantic instead.
tests/compliance/test_answer_json.py compares the two writers on every answer the rules give
for generated archives.
"""

import json
from functools import lru_cache
from typing import Any

import orjson

from app.domain.compliance import ArchiveResult, GrowthCheck, RuleResult, TargetSpec
from app.domain.hierarchy import ArchiveRow
from app.domain.reasons import render_reason
from app.domain.results import STATUS_OF
from app.domain.vocabulary import STATUS_LABELS, Status
from app.models.compliance import NotReported
from app.services.compliance.answers import archive_answer, judged_target

# Below this a float is written the same by orjson and by pydantic: in plain decimals.
PLAIN_FLOAT_LIMIT = 1e15


class _NotPlain(Exception):
    """A figure Python would write otherwise than pydantic."""


def _pct(value: float | None) -> float | None:
    if value is None:
        return None
    rounded = round(value, 2)
    if not -PLAIN_FLOAT_LIMIT < rounded < PLAIN_FLOAT_LIMIT:  # also refuses NaN
        raise _NotPlain
    return rounded


def _whole(value: int | None) -> int | None:
    if isinstance(value, float) and not -PLAIN_FLOAT_LIMIT < value < PLAIN_FLOAT_LIMIT:
        raise _NotPlain
    return value


@lru_cache(maxsize=4096)
def _target(target: TargetSpec) -> dict[str, Any]:
    return json.loads(judged_target(target).model_dump_json())  # type: ignore[no-any-return]


@lru_cache(maxsize=1024)
def _notice(notice: NotReported) -> dict[str, Any]:
    return json.loads(notice.model_dump_json())  # type: ignore[no-any-return]


def _fallback(check: GrowthCheck) -> dict[str, Any]:
    return {
        "target": _target(check.target),
        "growth_pp": _pct(check.growth_pp),
        "growth_relative_pct": _pct(check.growth_relative_pct),
        "met": check.met,
        "growth_from_year": check.from_year,
    }


def _status(value: str) -> Status:
    """Status(value), at dict speed for a status (ValueError for any other value, as Status gives)."""
    status = STATUS_OF.get(value)
    return Status(value) if status is None else status


def _rule(result: RuleResult, lang: str) -> dict[str, Any]:
    status = _status(result.status)
    return {
        "rule": result.rule,
        "status": status.value,
        "status_label": STATUS_LABELS[status][lang],
        "target": _target(result.target),
        "as_of_year": result.as_of_year,
        "judged_year": result.judged_year,
        "rate_pct": _pct(result.rate_pct),
        "previous_rate_pct": _pct(result.previous_rate_pct),
        "growth_from_year": result.growth_from_year,
        "growth_pp": _pct(result.growth_pp),
        "growth_relative_pct": _pct(result.growth_relative_pct),
        "pace_pp_per_year": _pct(result.pace_pp_per_year),
        "pace_from_year": result.pace_from_year,
        "projected_rate_pct": _pct(result.projected_rate_pct),
        "required_pp_per_year": _pct(result.required_pp_per_year),
        "required_per_year": _whole(result.required_per_year),
        "required_per_year_with_growth": _whole(result.required_per_year_with_growth),
        "holdings_trend_per_year": _pct(result.holdings_trend_per_year),
        "shortfall_units": _whole(result.shortfall_units),
        "years_to_target": _pct(result.years_to_target),
        "quota_added": _whole(result.quota_added),
        "fallback": None if result.fallback is None else _fallback(result.fallback),
        "figures_approved": result.figures_approved,
        "reasons": [{"code": reason.code, "message": render_reason(reason, lang)} for reason in result.reasons],
    }


def _lacks_data(result: ArchiveResult) -> bool:
    """Whether a rule found no data: the only answers that say a round's notice (archive_answer)."""
    return any(
        rule.status == Status.no_data or any(reason.code == "no_final_report" for reason in rule.reasons)
        for rule in result.rules
    )


def answer_json(
    archive: ArchiveRow,
    result: ArchiveResult,
    lang: str,
    not_reported: NotReported | None = None,
    name_in_year: str | None = None,
) -> bytes:
    """The answer for one archive as JSON (app.services.compliance.answers.archive_answer's, written)."""
    status = None if result.status is None else _status(result.status)
    try:
        rules = [_rule(rule, lang) for rule in result.rules]
    except _NotPlain:
        return archive_answer(archive, result, lang, not_reported, name_in_year).model_dump_json().encode()
    answer = {
        "archive_code": archive.code,
        "archive_name": archive.name,
        "name_in_year": name_in_year,
        "level": archive.level,
        "kind": archive.kind,
        "parent_code": archive.parent_code,
        "status": None if status is None else status.value,
        "status_label": None if status is None else STATUS_LABELS[status][lang],
        "rules": rules,
        "not_reported": _notice(not_reported) if not_reported is not None and _lacks_data(result) else None,
    }
    try:
        written = orjson.dumps(answer)
    except orjson.JSONEncodeError:  # a whole number beyond 64 bits
        return archive_answer(archive, result, lang, not_reported, name_in_year).model_dump_json().encode()
    # orjson's bytes keep the capacity its writer grew to (about 16 KB for an answer of 1.3 KB);
    # a judgement is kept (items.judged_archive), so keep an exact-size copy.
    return bytes(memoryview(written))
