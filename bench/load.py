"""Load a generated country into a running Lantai through its API.

Archives go in with POST /api/v1/archives (parents first, 16 clients at once),
the plan and its targets with POST, and the yearly reports through the bulk
path, POST /api/v1/imports/reports: one CSV file per province, as each
province's bureau would send it.
"""

import csv
import http.client
import io
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

from bench.client import TIMEOUT, Connection
from bench.generate import Country

IMPORT_COLUMNS = (
    "archive_code",
    "year",
    "holdings_volumes",
    "digitized_volumes",
    "holdings_items",
    "digitized_items",
    "holdings_pages",
    "digitized_pages",
    "catalog_entries",
)
LEVELS = ("provincial", "municipal", "county")


def load_country(base_url: str, token: str, country: Country) -> dict[str, float]:
    """Load everything; seconds spent on each part."""
    timings = {}
    started = time.perf_counter()
    for level in LEVELS:
        _post_all(base_url, token, "/api/v1/archives", [a for a in country.archives if a["level"] == level])
    timings["archives_s"] = time.perf_counter() - started
    started = time.perf_counter()
    _post_all(base_url, token, "/api/v1/plans", [country.plan])
    _post_all(base_url, token, f"/api/v1/plans/{country.plan['code']}/targets", country.targets)
    for province, rows in country.reports.items():
        _import(base_url, token, province, rows)
    timings["reports_s"] = time.perf_counter() - started
    return timings


def _post_all(base_url: str, token: str, path: str, bodies: list[dict[str, object]]) -> None:
    def post(chunk: list[dict[str, object]]) -> None:
        connection = Connection(base_url, token)
        for body in chunk:
            status, answer = connection.request("POST", path, body)
            if status != 201:
                raise RuntimeError(f"POST {path}: {status} {answer[:300]!r}")
        connection.close()

    clients = min(16, len(bodies))
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(post, [bodies[n::clients] for n in range(clients)]))


def _import(base_url: str, token: str, province: str, rows: list[dict[str, object]]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=IMPORT_COLUMNS, restval="")
    writer.writeheader()
    writer.writerows(rows)
    boundary = uuid.uuid4().hex
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{province}.csv"\r\n'
        f"Content-Type: text/csv\r\n\r\n{buffer.getvalue()}\r\n--{boundary}--\r\n"
    ).encode()
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT * 5)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": f"multipart/form-data; boundary={boundary}"}
    connection.request("POST", "/api/v1/imports/reports", body=body, headers=headers)
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    if response.status != 200:
        raise RuntimeError(f"import of {province}: {response.status} {answer[:500]!r}")
