"""The database the tests run on: SQLite files by default, PostgreSQL on request.

`LANTAI_TEST_BACKEND=postgres` with `LANTAI_TEST_POSTGRES_URL` (a server URL such
as postgresql+psycopg://postgres@127.0.0.1:55432/postgres) runs every test on
its own PostgreSQL database, created from a migrated template and dropped after.
"""

import os
import queue
import shutil
import sqlite3
import threading
import uuid
from pathlib import Path
from typing import Protocol

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.migrate import upgrade

BACKEND_VARIABLE = "LANTAI_TEST_BACKEND"
POSTGRES_URL_VARIABLE = "LANTAI_TEST_POSTGRES_URL"


class DatabaseBackend(Protocol):
    """Creates and drops the databases of a test run."""

    name: str

    def create(self, *, migrated: bool) -> str: ...

    def drop(self, url: str) -> None: ...

    def freeze(self, url: str) -> str:
        """Keep a database built by a test's builder as a template of its own (its engines disposed)."""
        ...

    def copy(self, frozen: str) -> str:
        """A new database, a copy of a frozen one."""
        ...

    def close(self) -> None: ...


class SqliteDatabases:
    """One file per database; migrated ones are copies of a template migrated once."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.template = folder / "template.db"
        upgrade(f"sqlite:///{self.template}")

    def create(self, *, migrated: bool) -> str:
        path = self.folder / f"{uuid.uuid4().hex}.db"
        if migrated:
            shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        database = make_url(url).database or ""
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)

    def freeze(self, url: str) -> str:
        frozen = self.folder / f"frozen-{uuid.uuid4().hex}.db"
        source, target = sqlite3.connect(make_url(url).database or ""), sqlite3.connect(frozen)
        try:
            source.backup(target)  # the pages as committed, whatever the WAL still holds
        finally:
            source.close()
            target.close()
        self.drop(url)
        return str(frozen)

    def copy(self, frozen: str) -> str:
        path = self.folder / f"{uuid.uuid4().hex}.db"
        shutil.copyfile(frozen, path)
        return f"sqlite:///{path}"

    def close(self) -> None:
        self.template.unlink(missing_ok=True)


class PostgresDatabases:
    """One database per test on a PostgreSQL server, copied from a migrated template.

    CREATE DATABASE waits for a checkpoint, and DROP DATABASE for its files: most of what a test's
    setup cost on PostgreSQL. So AHEAD threads create migrated databases before the tests ask for
    them (each test still gets its own, never used before), and a thread drops them behind."""

    name = "postgres"
    AHEAD = 2

    def __init__(self, server_url: str) -> None:
        self.server = make_url(server_url)
        self.admin = create_engine(self.server, isolation_level="AUTOCOMMIT", pool_size=self.AHEAD + 2)
        self.prefix = f"lantai_test_{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self._execute(f"CREATE DATABASE {self.template}")
        upgrade(self._url(self.template))
        self._ready: queue.Queue[str | BaseException] = queue.Queue(maxsize=self.AHEAD)
        self._to_drop: queue.Queue[str | None] = queue.Queue()
        self._closing = threading.Event()
        self._frozen: list[str] = []  # databases built by a builder, templates of their copies
        self._workers = [threading.Thread(target=self._create_ahead, daemon=True) for _ in range(self.AHEAD)]
        self._workers.append(threading.Thread(target=self._drop_behind, daemon=True))
        for worker in self._workers:
            worker.start()

    def create(self, *, migrated: bool) -> str:
        if not migrated:
            name = self._new_name()
            self._execute(f"CREATE DATABASE {name} TEMPLATE template0")
            return self._url(name)
        ready = self._ready.get()
        if isinstance(ready, BaseException):
            raise RuntimeError("a test database could not be created") from ready
        return self._url(ready)

    def drop(self, url: str) -> None:
        self._to_drop.put(make_url(url).database)

    def freeze(self, url: str) -> str:
        name = make_url(url).database or ""
        self._frozen.append(name)
        return name

    def copy(self, frozen: str) -> str:
        name = self._new_name()
        self._execute(f"CREATE DATABASE {name} TEMPLATE {frozen} STRATEGY FILE_COPY")
        return self._url(name)

    def close(self) -> None:
        for name in self._frozen:
            self._drop_now(name)
        self._closing.set()
        self._to_drop.put(None)
        for worker in self._workers:
            worker.join(timeout=120)
        while not self._ready.empty():
            ready = self._ready.get()
            if isinstance(ready, str):
                self._drop_now(ready)
        self._drop_now(self.template)
        self.admin.dispose()

    def _create_ahead(self) -> None:
        while not self._closing.is_set():
            made: str | BaseException = self._new_name()
            try:
                self._execute(f"CREATE DATABASE {made} TEMPLATE {self.template} STRATEGY FILE_COPY")
            except Exception as failure:  # handed to the test that takes it, which fails with it
                made = failure
            while not self._closing.is_set():
                try:
                    self._ready.put(made, timeout=0.2)
                    break
                except queue.Full:
                    continue
            else:
                if isinstance(made, str):
                    self._drop_now(made)

    def _drop_behind(self) -> None:
        while (name := self._to_drop.get()) is not None:
            self._drop_now(name)

    def _drop_now(self, name: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def _new_name(self) -> str:
        return f"{self.prefix}_{uuid.uuid4().hex[:12]}"

    def _url(self, database: str) -> str:
        return self.server.set(database=database).render_as_string(hide_password=False)

    def _execute(self, statement: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(statement))


def backend_name() -> str:
    """Which database this test run uses."""
    return os.environ.get(BACKEND_VARIABLE, "sqlite")


def open_databases(folder: Path) -> DatabaseBackend:
    """The databases of this test run, on the chosen backend."""
    if backend_name() == "sqlite":
        return SqliteDatabases(folder)
    if backend_name() != "postgres":
        raise RuntimeError(f"{BACKEND_VARIABLE} must be sqlite or postgres, not {backend_name()!r}")
    server_url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not server_url:
        raise RuntimeError(f"{BACKEND_VARIABLE}=postgres needs {POSTGRES_URL_VARIABLE}")
    return PostgresDatabases(server_url)
