"""A small typed client for scripts that talk to a Lantai server.

    from app.client import LantaiClient
    with LantaiClient("http://127.0.0.1:8000", token="lantai_...") as lantai:
        page = lantai.compliance("FYP14", 2024, parent_code="HN", statuses=["off_track", "missed"])
        for item in page.items:
            print(item.archive_code, item.status)

Every answer is parsed into the server's own schemas (app.models). Any failure is a
LantaiError with one readable line: ConnectionFailed when the server cannot be
reached, else the server's {"error", "detail"} with its HTTP status; a refused
import is an ImportRejected that carries the summary with every problem.
"""

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Self

import httpx
from pydantic import BaseModel

from app.models.archive import ArchivePublic
from app.models.common import Page
from app.models.compliance import CompliancePage
from app.models.imports import ImportSummary
from app.models.report import ReportFigures, ReportPublic

DEFAULT_TIMEOUT_SECONDS = 60.0
Progress = Callable[[int, int], None]  # (bytes sent, bytes in all)


class LantaiError(Exception):
    """A request that failed: `error` is the server's error name (or ConnectionFailed)."""

    def __init__(self, error: str, detail: str, status: int | None = None) -> None:
        super().__init__(f"{status} {error}: {detail}" if status else f"{error}: {detail}")
        self.error, self.detail, self.status = error, detail, status


class ImportRejected(LantaiError):
    """An import refused for problems in the file; nothing was written."""

    def __init__(self, detail: str, summary: ImportSummary) -> None:
        super().__init__("ImportRejected", detail, 422)
        self.summary = summary


class LantaiClient:
    """The Lantai API for scripts; pass `http` to use your own httpx.Client (e.g. a test client)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        lang: str | None = None,
        http: httpx.Client | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if lang:
            headers["Accept-Language"] = lang
        self._headers = headers
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

    def list_archives(
        self,
        *,
        level: str | None = None,
        kind: str | None = None,
        parent_code: str | None = None,
        q: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[ArchivePublic]:
        """A page of archives matching the filters."""
        params = _params(level=level, kind=kind, parent_code=parent_code, q=q, limit=limit, offset=offset)
        return Page[ArchivePublic].model_validate_json(self._get("/archives", params).content)

    def get_archive(self, code: str) -> ArchivePublic:
        """One archive."""
        return ArchivePublic.model_validate_json(self._get(f"/archives/{code}").content)

    def get_report(self, code: str, year: int) -> ReportPublic:
        """An archive's report for a year."""
        return ReportPublic.model_validate_json(self._get(f"/archives/{code}/reports/{year}").content)

    def put_report(
        self, code: str, year: int, figures: ReportFigures | Mapping[str, object], *, if_match: int | None = None
    ) -> tuple[ReportPublic, bool]:
        """Create or replace a year's figures; returns (the stored report, created)."""
        body = figures.model_dump(exclude_none=True) if isinstance(figures, BaseModel) else dict(figures)
        headers = {"If-Match": f'"{if_match}"'} if if_match is not None else {}
        response = self._send("PUT", f"/archives/{code}/reports/{year}", json=body, headers=headers)
        return ReportPublic.model_validate_json(response.content), response.status_code == 201

    def import_file(
        self, path: str | Path, *, dry_run: bool = False, on_progress: Progress | None = None
    ) -> ImportSummary:
        """Import yearly reports from a .csv or .xlsx file (all rows or none); ImportRejected lists the problems."""
        path = Path(path)
        with path.open("rb") as source:
            upload = _ProgressReader(source, path.stat().st_size, on_progress)
            files = {"file": (path.name, upload)}
            response = self._send("POST", "/imports/reports", params={"dry_run": str(dry_run).lower()}, files=files)
        return ImportSummary.model_validate_json(response.content)

    def compliance(
        self,
        plan: str,
        year: int | None = None,
        *,
        level: str | None = None,
        kind: str | None = None,
        parent_code: str | None = None,
        statuses: Iterable[str] = (),
        approved_only: bool = False,
        limit: int = 10_000,
        offset: int = 0,
    ) -> CompliancePage:
        """A page of archives' compliance with a plan, with counts per status over the whole filtered set."""
        params = self._compliance_params(plan, year, level, kind, parent_code, statuses, approved_only)
        response = self._get("/compliance", params | {"limit": limit, "offset": offset})
        return CompliancePage.model_validate_json(response.content)

    def compliance_csv(
        self,
        plan: str,
        year: int | None = None,
        *,
        level: str | None = None,
        kind: str | None = None,
        parent_code: str | None = None,
        statuses: Iterable[str] = (),
        approved_only: bool = False,
    ) -> str:
        """The whole compliance list as CSV text (with the server's BOM)."""
        params = self._compliance_params(plan, year, level, kind, parent_code, statuses, approved_only)
        return self._get("/compliance", params | {"format": "csv"}).content.decode("utf-8")

    def compliance_xlsx(
        self,
        plan: str,
        year: int | None = None,
        *,
        level: str | None = None,
        kind: str | None = None,
        parent_code: str | None = None,
        statuses: Iterable[str] = (),
        approved_only: bool = False,
    ) -> bytes:
        """The whole compliance list as an .xlsx workbook."""
        params = self._compliance_params(plan, year, level, kind, parent_code, statuses, approved_only)
        return self._get("/compliance", params | {"format": "xlsx"}).content

    @staticmethod
    def _compliance_params(
        plan: str,
        year: int | None,
        level: str | None,
        kind: str | None,
        parent_code: str | None,
        statuses: Iterable[str],
        approved_only: bool,
    ) -> dict[str, object]:
        params = _params(plan=plan, year=year, level=level, kind=kind, parent_code=parent_code)
        return params | {"status": list(statuses), "approved_only": str(approved_only).lower()}

    def _get(self, path: str, params: Mapping[str, object] | None = None) -> httpx.Response:
        return self._send("GET", path, params=params)

    def _send(
        self, method: str, path: str, *, headers: Mapping[str, str] | None = None, **kwargs: object
    ) -> httpx.Response:
        url = f"{self.base_url}/api/v1{path}"
        try:
            response = self._http.request(method, url, headers={**self._headers, **(headers or {})}, **kwargs)  # type: ignore[arg-type]
        except httpx.HTTPError as exc:
            raise LantaiError("ConnectionFailed", f"cannot reach {self.base_url}: {exc or type(exc).__name__}") from exc
        if response.is_error:
            raise _failure(response)
        return response


class _ProgressReader:
    """A file read in chunks for upload, telling `on_progress` how far it has got."""

    def __init__(self, source: IO[bytes], size: int, on_progress: Progress | None) -> None:
        self._source, self._size, self._on_progress, self._sent = source, size, on_progress, 0

    def fileno(self) -> int:
        return self._source.fileno()

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        self._sent += len(chunk)
        if self._on_progress is not None:
            self._on_progress(self._sent, self._size)
        return chunk


def _params(**values: object) -> dict[str, object]:
    return {name: value for name, value in values.items() if value is not None}


def _failure(response: httpx.Response) -> LantaiError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or "error" not in body:
        text = " ".join(response.text.split())[:200] or response.reason_phrase
        return LantaiError(f"HTTP{response.status_code}", text, response.status_code)
    if body["error"] == "ImportRejected" and "summary" in body:
        return ImportRejected(str(body.get("detail", "")), ImportSummary.model_validate(body["summary"]))
    return LantaiError(str(body["error"]), str(body.get("detail", "")), response.status_code)
