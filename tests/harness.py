"""Real processes for the benchmarks and the fault tests: a Lantai server and a throwaway PostgreSQL.

Everything listens on 127.0.0.1 only, and everything started here is stopped
by the same object (a context manager), by its own process id.
"""

import contextlib
import os
import random
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[1]  # the tree whose app `lantai` runs (PYTHONPATH)
SERVER_PORTS = range(8750, 8800)
POSTGRES_PORTS = range(55400, 55500)


def free_port(ports: range) -> int:
    """A port of the range that nothing listens on (tried in random order: other runs may be choosing too)."""
    for port in random.sample(ports, len(ports)):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


def lantai_command(*args: str, database_url: str, env: dict[str, str] | None = None) -> str:
    """Run a `lantai` subcommand on this database; its stdout."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {}), "LANTAI_DATABASE_URL": database_url}
    done = subprocess.run([str(BIN / "lantai"), *args], env=environment, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"lantai {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout.strip()


class Server:
    """`lantai serve` on 127.0.0.1 with N workers, on its own process group.

    With `asgi_app` ("module:attribute"), that app instead, served by uvicorn the
    same way (the benchmark's baseline), its database in BASELINE_DATABASE_URL."""

    def __init__(
        self,
        database_url: str,
        *,
        workers: int = 1,
        env: dict[str, str] | None = None,
        asgi_app: str | None = None,
    ) -> None:
        self.port = free_port(SERVER_PORTS)
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tempfile.NamedTemporaryFile(prefix="lantai-server-", suffix=".log", delete=False)  # noqa: SIM115 (closed in stop)
        where = ["--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)]
        command = [str(BIN / "lantai"), "serve", *where]
        if asgi_app is not None:
            command = [sys.executable, "-m", "uvicorn", asgi_app, *where, "--timeout-worker-healthcheck", "60"]
        environment = {
            **os.environ,
            "PYTHONPATH": str(ROOT),  # this tree's app, not the one the virtualenv was installed from
            **(env or {}),
            "LANTAI_DATABASE_URL": database_url,
            "BASELINE_DATABASE_URL": database_url,
        }
        self.process = subprocess.Popen(
            command,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        self.workers = workers
        self._wait_until_serving()

    def _wait_until_serving(self, timeout: float = 90.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200 and self._workers_up():
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        output = self.output()
        self.stop()
        raise RuntimeError(f"the server did not start:\n{output[-3000:]}")

    def _workers_up(self) -> bool:
        """This server (not some other process on the port) holds the port, and every worker has started."""
        log = self.output()
        return f"running on {self.url}" in log and log.count("Application startup complete") == self.workers

    def worker_pids(self) -> list[int]:
        """The processes that serve requests: the server itself, or its worker children."""
        if self.workers == 1:
            return [self.process.pid]
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        return [pid for pid in pids if _is_python(pid) and not _is_helper(pid)]

    def peak_rss_mb(self) -> dict[int, float]:
        """Each worker's peak resident memory so far (VmHWM), in MB."""
        return {pid: _status_kb(pid, "VmHWM") / 1024 for pid in self.worker_pids()}

    def output(self) -> str:
        """What the server has logged."""
        return Path(self.log.name).read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the server and its workers at once."""
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 15.0) -> None:
        """SIGTERM, then SIGKILL whatever is left after `timeout` seconds."""
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
        self._signal_group(signal.SIGKILL)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)

    def _signal_group(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    return 0


def _is_python(pid: int) -> bool:
    try:
        return "python" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return False


def _is_helper(pid: int) -> bool:
    """multiprocessing's resource tracker is a child too, but serves nothing."""
    return b"resource_tracker" in Path(f"/proc/{pid}/cmdline").read_bytes()


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL's bin folder, if any."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda path: int(path.parts[-3]))
    return found[-1].parent if found else None


class PostgresCluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1, owned by `postgres` when we are root."""

    def __init__(self, *, settings: dict[str, str] | None = None) -> None:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL binaries under /usr/lib/postgresql")
        self.bin = bin_dir
        self.port = free_port(POSTGRES_PORTS)
        self.folder = Path(tempfile.mkdtemp(prefix="lantai-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        self.options = " ".join(f"-c {name}={value}" for name, value in (settings or {}).items())
        self._as_owner(
            [
                str(self.bin / "initdb"),
                "-D",
                str(self.folder / "data"),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        self.start()

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of one of its databases."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        """Start the server and wait until it accepts connections on its port."""
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} {self.options}"
        self._pg_ctl("start", "-w", "-l", str(self.folder / "server.log"), "-o", options)
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres") as connection:
            data_directory = connection.execute("SHOW data_directory").fetchone()
        if data_directory is None or Path(data_directory[0]) != self.folder / "data":
            raise RuntimeError(f"port {self.port} is served by another cluster ({data_directory})")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`immediate` is a crash: no shutdown checkpoint)."""
        self._pg_ctl("stop", "-w", "-m", mode)

    def create_database(self, name: str) -> str:
        """A new empty database; its URL."""
        self._as_owner([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", name])
        return self.url(name)

    def close(self) -> None:
        """Stop the server and remove its files."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _pg_ctl(self, *args: str) -> None:
        self._as_owner([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), *args])

    def _as_owner(self, command: list[str]) -> None:
        if os.geteuid() == 0:
            command = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(command)]
        subprocess.run(command, check=True, capture_output=True, timeout=120, cwd=self.folder)

    def __enter__(self) -> "PostgresCluster":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
