"""Benchmark (not a test): import 20,000 yearly reports from one file and print the time.

Builds 4,000 county archives under one province on a fresh database, writes a
20,000-row file (5 years each) in Chinese headers, and times through HTTP:
the first import (all created), the same file again (all unchanged), and a file
with every figure changed (all replaced, a revision and an audit row each).

    .venv/bin/python bench/import_20k.py [--format csv|xlsx] [--database-url URL]

Without --database-url it runs on a temporary SQLite file; a PostgreSQL URL must
point at an empty database (it is migrated here).
"""

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.config import Settings
from app.db import open_session
from app.domain.roles import Actor, Role
from app.main import create_app
from app.migrate import upgrade
from app.models import Archive
from app.models.common import utcnow
from app.models.token import TokenCreate
from app.services.tokens import issue_token

ARCHIVES = 4_000
YEARS = range(2019, 2024)
HEADER = [
    "档案馆代码",
    "年度",
    "馆藏案卷数（卷）",
    "已数字化案卷数（卷）",
    "馆藏页数（页）",
    "已数字化页数（页/幅）",
    "备注",
]


def rows(shift: int) -> list[list[object]]:
    body = []
    for number in range(ARCHIVES):
        for offset, year in enumerate(YEARS):
            held = 50_000 + number
            body.append(
                [
                    f"BX-{number:05d}",
                    year,
                    held,
                    5_000 * (offset + 1) + shift,
                    held * 30,
                    150_000 * (offset + 1) + shift,
                    "基准测试",
                ]
            )
    return [HEADER, *body]


def file_bytes(table: list[list[object]], kind: str) -> bytes:
    if kind == "csv":
        buffer = io.StringIO()
        csv.writer(buffer).writerows(table)
        return ("\ufeff" + buffer.getvalue()).encode()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in table:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def prepare(settings: Settings) -> tuple[object, str]:
    upgrade(settings.database_url)
    app = create_app(settings)
    session = open_session(app.state.engine, write=True)
    now = utcnow()
    archives = [
        {
            "code": "BX",
            "name": "基准省档案馆",
            "level": "provincial",
            "kind": "comprehensive",
            "created_at": now,
            "updated_at": now,
        }
    ]
    archives += [
        {
            "code": f"BX-{n:05d}",
            "name": f"基准{n}县档案馆",
            "level": "county",
            "kind": "comprehensive",
            "parent_code": "BX",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(ARCHIVES)
    ]
    session.execute(insert(Archive), archives)
    _, token = issue_token(
        session, TokenCreate(role="admin", name="bench"), actor=Actor("bench", Role.admin), secret=settings.secret
    )
    session.commit()
    session.close()
    return app, token


def timed_import(client: TestClient, content: bytes, kind: str) -> tuple[float, dict]:
    started = time.perf_counter()
    response = client.post("/api/v1/imports/reports", files={"file": (f"bench.{kind}", content)})
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise SystemExit(f"import failed: {response.status_code} {response.text[:500]}")
    return elapsed, response.json()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="lantai-bench-")
    url = args.database_url or f"sqlite:///{folder}/bench.db"
    app, token = prepare(Settings(database_url=url, secret="bench-secret-not-for-serving"))
    first, again = file_bytes(rows(0), args.format), file_bytes(rows(1), args.format)
    print(f"{len(rows(0)) - 1:,} rows, {args.format}, {len(first) / 2**20:.1f} MiB, on {url.split(':')[0]}")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as client:
        for label, content in (("first import", first), ("same file again", first), ("every row changed", again)):
            seconds, summary = timed_import(client, content, args.format)
            counts = f"created {summary['created']}, replaced {summary['replaced']}, unchanged {summary['unchanged']}"
            print(f"{label:18s} {seconds:6.2f} s   {counts}")
    app.state.engine.dispose()


if __name__ == "__main__":
    main()
