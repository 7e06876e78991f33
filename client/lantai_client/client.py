"""The Lantai client: one method per thing a script does, answers as the server's JSON.

Filters are passed as keyword arguments and sent as query parameters (a list is sent
as a repeated parameter, None is left out), so `list_archives(level="county", under="HN")`
is `GET /api/v1/archives?level=county&under=HN`. The server refuses a parameter it does
not know (400 UnknownParameter), so a typo is never silently ignored.

Retries: a request that could not connect, or that the server answered with 503
(its database busy or briefly unreachable; nothing was written), is sent again after
`backoff`, 2 x `backoff`, 4 x `backoff`... seconds (or the server's Retry-After), at
most `retries` times. A request that timed out waiting for its answer is not retried:
a write may have happened.
"""

import os
import time
from collections.abc import Callable, Iterable, Mapping
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
        self.retries, self.backoff = retries, backoff
        self._http = http or httpx.Client(timeout=timeout)
        self._owns_http = http is None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (unless it was handed in)."""
        if self._owns_http:
            self._http.close()

    # archives
    def list_archives(self, **filters: object) -> Json:
        """A page of archives: filters level, kind, parent_code, under, region_code, q, order, limit, offset."""
        return self._json("GET", "/archives", params=filters)

    def get_archive(self, code: str) -> Json:
        """One archive."""
        return self._json("GET", f"/archives/{code}")

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
        self, code: str, year: int, step: str, *, comment: str | None = None, if_match: str | int | None = None
    ) -> Report:
        """Take a review step on a report: "approve", "return" (a comment is required) or "reopen"."""
        body = {"comment": comment} if comment is not None else None
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

    # imports
    def import_reports(self, path: str | Path, *, dry_run: bool = False, on_progress: Progress | None = None) -> Json:
        """Import yearly reports from a .csv or .xlsx file (all rows or none); ImportRejected lists the problems."""
        path = Path(path)
        with path.open("rb") as source:
            upload = _ProgressReader(source, path.stat().st_size, on_progress)
            response = self._send(
                "POST",
                "/imports/reports",
                params={"dry_run": dry_run},
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
        for attempt in range(self.retries + 1 if retry else 1):
            last = attempt >= (self.retries if retry else 0)
            try:
                response = self._http.request(method, url, params=query, headers=request_headers, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
                if last:
                    raise ConnectionFailed(
                        "ConnectionFailed", f"cannot reach {self.url}: {exc or type(exc).__name__}"
                    ) from exc
                self._wait(attempt, None)
                continue
            except httpx.HTTPError as exc:
                raise ConnectionFailed(
                    "ConnectionFailed", f"no answer from {self.url}: {exc or type(exc).__name__}"
                ) from exc
            if response.status_code == 503 and not last:
                self._wait(attempt, response.headers.get("retry-after"))
                continue
            if response.is_error:
                raise _failure(response)
            return response
        raise AssertionError("unreachable")  # the last attempt always returns or raises

    def _wait(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * 2**attempt
        if retry_after is not None and retry_after.isdigit():
            delay = max(delay, min(float(retry_after), MAX_RETRY_AFTER_SECONDS))
        time.sleep(delay)


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
