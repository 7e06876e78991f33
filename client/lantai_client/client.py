"""The Lantai client: one method per thing a script does, answers as the server's JSON.

Filters are passed as keyword arguments and sent as query parameters (a list is sent
as a repeated parameter, None is left out), so `list_archives(level="county", under="HN")`
is `GET /api/v1/archives?level=county&under=HN`. The server refuses a parameter it does
not know (400 UnknownParameter), so a typo is never silently ignored.

Retries: a request that could not connect, or that the server answered with 429 (too
many requests) or 503 (its database busy or briefly unreachable; nothing was written),
is sent again after `backoff`, 2 x `backoff`, 4 x `backoff`... seconds (or the server's
Retry-After when longer), at most `retries` times, and only while the wait ends within
`timeout` of the first attempt: a Retry-After that would outlast it gives up at once.
A request that timed out waiting for its answer is not retried: a write may have happened.
"""

import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Self

import httpx

from lantai_client.errors import ConnectionFailed, LantaiError, error_for
from lantai_client.webhooks import WebhookCalls

DEFAULT_URL = "http://127.0.0.1:8000"
DEFAULT_TIMEOUT_SECONDS = 30.0
DEFAULT_RETRIES = 3
DEFAULT_BACKOFF_SECONDS = 0.5
MAX_RETRY_AFTER_SECONDS = 30.0
Json = dict[str, Any]
Progress = Callable[[int, int], None]  # (bytes sent, bytes in all)
RETRIED_STATUSES = (429, 503)  # refused before any work was done: safe to send again


class Report(dict[str, Any]):
    """A report as the server answers it, with the ETag to send back as `if_match`."""

    def __init__(self, body: Json, etag: str | None) -> None:
        super().__init__(body)
        self.etag = etag


class Lantai(WebhookCalls):
    """A connection to one Lantai server; `url` and `token` default to LANTAI_URL and LANTAI_TOKEN."""

    def __init__(
        self,
        url: str | None = None,
        token: str | None = None,
        *,
        lang: str | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        retries: int = DEFAULT_RETRIES,
        backoff: float = DEFAULT_BACKOFF_SECONDS,
        http: httpx.Client | None = None,
    ) -> None:
        self.url = (url or os.environ.get("LANTAI_URL") or DEFAULT_URL).rstrip("/")
        token = token if token is not None else os.environ.get("LANTAI_TOKEN")
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        if lang:
            self._headers["Accept-Language"] = lang
        self.retries, self.backoff, self.timeout = retries, backoff, timeout
        self._http = http or httpx.Client(timeout=timeout)
        self._owns_http = http is None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (unless it was handed in)."""
        if self._owns_http:
            self._http.close()

    # archives
    def list_archives(self, **filters: object) -> Json:
        """A page of archives: filters level, kind, parent_code, under, region_code, q, order, limit, offset;
        `as_of` (a date or a year) lists the archives open then, as they stood then."""
        return self._json("GET", "/archives", params=filters)

    def get_archive(self, code: str, as_of: str | int | None = None) -> Json:
        """One archive (as it stood on `as_of`, a date or a year meaning its 31 December)."""
        return self._json("GET", f"/archives/{code}", params={"as_of": as_of})

    def get_archive_history(self, code: str) -> Json:
        """An archive's dated versions and events, oldest first, with its predecessors and successors."""
        return self._json("GET", f"/archives/{code}/history")

    def record_event(self, code: str, event: Mapping[str, object]) -> Json:
        """Record a real change of an archive: type (rename, recode, reparent, reclassify, close, reopen),
        effective_date, the attributes it changes (name, region_code, parent_code, level, kind), document, note."""
        return self._json("POST", f"/archives/{code}/events", json=dict(event))

    # reports
    def list_reports(self, code: str | None = None, **filters: object) -> Json:
        """A page of one archive's reports, or of every archive's (filters year, parent_code, under, status, updated_since)."""
        return self._json("GET", f"/archives/{code}/reports" if code else "/reports", params=filters)

    def get_report(self, code: str, year: int) -> Report:
        """An archive's report for a year; its `etag` is what `if_match` wants."""
        response = self._send("GET", f"/archives/{code}/reports/{year}")
        return Report(response.json(), response.headers.get("etag"))

    def put_report(
        self, code: str, year: int, figures: Mapping[str, object], *, if_match: str | int | None = None
    ) -> tuple[Report, bool]:
        """Create or replace a year's figures; returns (the stored report, whether it was created)."""
        response = self._send(
            "PUT", f"/archives/{code}/reports/{year}", json=dict(figures), headers=_if_match(if_match)
        )
        return Report(response.json(), response.headers.get("etag")), response.status_code == 201

    def patch_report(
        self, code: str, year: int, changes: Mapping[str, object], *, if_match: str | int | None = None
    ) -> Report:
        """Change some figures of a stored report; the others are kept."""
        response = self._send(
            "PATCH", f"/archives/{code}/reports/{year}", json=dict(changes), headers=_if_match(if_match)
        )
        return Report(response.json(), response.headers.get("etag"))

    def list_revisions(self, code: str, year: int) -> Json:
        """Every version of a report, oldest first."""
        return self._json("GET", f"/archives/{code}/reports/{year}/revisions")

    def review_report(
        self,
        code: str,
        year: int,
        step: str,
        *,
        comment: str | None = None,
        warnings: Iterable[str] = (),
        if_match: str | int | None = None,
    ) -> Report:
        """Take a review step on a report: "approve", "return" (a comment is required; it may cite
        `warnings` by code) or "reopen"."""
        body: Json | None = {"comment": comment} if comment is not None else None
        if body is not None and warnings:
            body["warnings"] = list(warnings)
        path = f"/archives/{code}/reports/{year}/{step}"
        response = self._send("POST", path, json=body, headers=_if_match(if_match))
        return Report(response.json(), response.headers.get("etag"))

    # compliance
    def list_compliance(self, plan: str, year: int | None = None, **filters: object) -> Json:
        """A page of archives' compliance, with `summary.counts` per status over the set before the status filter.

        Filters as the server takes them: level, kind, parent_code (the archives directly
        below one), under (an archive and its whole subtree), status, approved_only."""
        return self._json("GET", "/compliance", params={"plan": plan, "year": year, **filters})

    def iter_compliance(
        self, plan: str, year: int | None = None, *, page_size: int = 1000, **filters: object
    ) -> Iterable[Json]:
        """Every archive's compliance item, page by page."""
        offset = 0
        while True:
            page = self.list_compliance(plan, year, limit=page_size, offset=offset, **filters)
            yield from page["items"]
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return

    def download_compliance(
        self, plan: str, year: int | None = None, *, format: str = "csv", **filters: object
    ) -> bytes:
        """The compliance list as a CSV (UTF-8 with BOM) or XLSX document."""
        params = {"plan": plan, "year": year, "format": format, **filters}
        return self._send("GET", "/compliance", params=params).content

    def get_archive_compliance(self, code: str, plan: str, year: int | None = None, **options: object) -> Json:
        """One archive's compliance with a plan, with its yearly rate series."""
        return self._json("GET", f"/archives/{code}/compliance", params={"plan": plan, "year": year, **options})

    def get_rollup(self, code: str, plan: str, year: int | None = None, **options: object) -> Json:
        """Compliance summed over an archive and everything below it, child by child.

        `years="2021-2025"` (instead of `year`) adds `series`: one rollup per year, oldest first."""
        return self._json("GET", f"/archives/{code}/rollup", params={"plan": plan, "year": year, **options})

    # rounds and review
    def list_rounds(self, **filters: object) -> Json:
        """A page of reporting rounds, the latest year first (filters year, order, limit, offset)."""
        return self._json("GET", "/rounds", params=filters)

    def get_round(self, round_id: int) -> Json:
        """One reporting round."""
        return self._json("GET", f"/rounds/{round_id}")

    def create_round(self, round: Mapping[str, object]) -> Json:
        """Open a reporting round: year, name, opens_on, due_on, and optionally under, levels, kinds."""
        return self._json("POST", "/rounds", json=dict(round))

    def get_round_progress(self, round_id: int, **filters: object) -> Json:
        """Completeness, timeliness and approvals under an archive (`under`), and for each archive below it."""
        return self._json("GET", f"/rounds/{round_id}/progress", params=filters)

    def list_round_missing(self, round_id: int, **filters: object) -> Json:
        """A page of the expected archives that have not submitted (filters under, parent_code, limit, offset)."""
        return self._json("GET", f"/rounds/{round_id}/missing", params=filters)

    def download_round(self, round_id: int, table: str, *, format: str = "csv", **filters: object) -> bytes:
        """A round's `progress` or `missing` table as a CSV (UTF-8 with BOM) or XLSX document."""
        return self._send("GET", f"/rounds/{round_id}/{table}", params={"format": format, **filters}).content

    def list_review_queue(self, **filters: object) -> Json:
        """A page of the reports awaiting your review, oldest first (filters under, parent_code, round, flagged)."""
        return self._json("GET", "/review-queue", params=filters)

    # imports
    def download_template(self, *, format: str = "xlsx", year: int | None = None) -> bytes:
        """The import template (`xlsx` or `csv`) of the archives you may report for, last year's figures beside."""
        return self._send("GET", f"/imports/reports/template.{format}", params={"year": year}).content

    def import_reports(
        self,
        path: str | Path,
        *,
        dry_run: bool = False,
        mode: str | None = None,
        on_progress: Progress | None = None,
    ) -> Json:
        """Import yearly reports from a .csv or .xlsx file (all rows or none); ImportRejected lists the problems.

        `mode`: "merge" (the server's default: a blank cell keeps the stored figure) or "replace"."""
        path = Path(path)
        with path.open("rb") as source:
            upload = _ProgressReader(source, path.stat().st_size, on_progress)
            response = self._send(
                "POST",
                "/imports/reports",
                params={"dry_run": dry_run, "mode": mode},
                files={"file": (path.name, upload)},
                retry=False,
            )
        result: Json = response.json()
        return result

    # plumbing
    def _json(self, method: str, path: str, **kwargs: Any) -> Json:
        answer: Json = self._send(method, path, **kwargs).json()
        return answer

    def _send(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        retry: bool = True,
        **kwargs: Any,
    ) -> httpx.Response:
        url = f"{self.url}/api/v1{path}"
        request_headers = {**self._headers, **(headers or {})}
        query = _query(params or {})
        attempts = _Attempts(self.retries if retry else 0, self.backoff, time.monotonic() + self.timeout)
        while True:
            try:
                response = self._http.request(method, url, params=query, headers=request_headers, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                if attempts.wait(None):
                    continue
                raise ConnectionFailed(
                    "ConnectionFailed", f"cannot reach {self.url}: {exc or type(exc).__name__}"
                ) from exc
            except httpx.HTTPError as exc:
                raise ConnectionFailed(
                    "ConnectionFailed", f"no answer from {self.url}: {exc or type(exc).__name__}"
                ) from exc
            if response.status_code in RETRIED_STATUSES and attempts.wait(response.headers.get("retry-after")):
                continue
            if response.is_error:
                raise _failure(response)
            return response


@dataclass
class _Attempts:
    """The retries a request has left, and the moment (time.monotonic) its waits must end by."""

    left: int
    backoff: float
    deadline: float
    done: int = 0

    def wait(self, retry_after: str | None) -> bool:
        """Sleep before the next attempt and return True; False when none is left or the wait would outlast the deadline."""
        delay = self.backoff * 2**self.done
        if retry_after is not None and retry_after.isdigit():
            delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER_SECONDS))
        if self.done >= self.left or time.monotonic() + delay > self.deadline:
            return False
        self.done += 1
        time.sleep(delay)
        return True


class _ProgressReader:
    """A file read in chunks for upload, telling `on_progress` how far it has got."""

    def __init__(self, source: IO[bytes], size: int, on_progress: Progress | None) -> None:
        self._source, self._size, self._on_progress, self._sent = source, size, on_progress, 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        self._sent += len(chunk)
        if self._on_progress is not None:
            self._on_progress(self._sent, self._size)
        return chunk


def _if_match(tag: str | int | None) -> dict[str, str]:
    """An If-Match header: an ETag as the server sent it ('"3"'), or a bare revision (3)."""
    if tag is None:
        return {}
    return {"If-Match": f'"{tag}"' if isinstance(tag, int) or str(tag).isdigit() else str(tag)}


def _query(params: Mapping[str, object]) -> list[tuple[str, str | int | float | bool | None]]:
    """Query pairs: None left out, booleans as true/false, lists repeated."""
    pairs: list[tuple[str, str | int | float | bool | None]] = []
    for name, value in params.items():
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        pairs.extend((name, _text(item)) for item in values if item is not None)
    return pairs


def _text(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def _failure(response: httpx.Response) -> LantaiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    return error_for(response.status_code, body, response.text or response.reason_phrase)
