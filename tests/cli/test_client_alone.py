"""The client package installed alone (pip install ./client) in a fresh virtual environment, against a live server."""

import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.live import serving
from tests.scenario import PLAN, STATUSES, YEAR, build_scenario

CLIENT_DIR = Path(__file__).resolve().parents[2] / "client"
SCRIPT = f"""
import importlib.util, sys
from lantai_client import Lantai, ArchiveNotFound
assert importlib.util.find_spec("app") is None, "the server package must not be needed"
assert importlib.util.find_spec("pydantic") is None, "httpx is the only dependency"
with Lantai() as lantai:
    page = lantai.list_compliance({PLAN!r}, {YEAR})
    print(sorted((item["archive_code"], item["status"]) for item in page["items"]))
    try:
        lantai.get_archive("NOPE")
    except ArchiveNotFound as missing:
        print(missing.error)
"""


@pytest.fixture(scope="module")
def client_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment with nothing but the client package (and httpx) installed."""
    home = tmp_path_factory.mktemp("client-venv")
    venv.EnvBuilder(with_pip=False).create(home)
    python = home / "bin" / "python"
    # Installed from a copy: pip builds in the source folder, and a build/ left in client/ would
    # give mypy the package twice.
    source = shutil.copytree(CLIENT_DIR, home / "client-source", ignore=shutil.ignore_patterns("build", "*.egg-info"))
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if install.returncode != 0 and "No matching distribution" in install.stderr:
        pytest.skip("no package index reachable to install httpx from")
    assert install.returncode == 0, install.stderr
    return python


@pytest.mark.one_database(
    "sqlite", reason="the client package alone, against a server: its database is not what is tested"
)
def test_a_script_with_only_the_client_reads_compliance(
    client_python: Path, app: FastAPI, client: TestClient, admin_token: str, tmp_path: Path
) -> None:
    build_scenario(client)
    with serving(app) as url:
        result = subprocess.run(
            [str(client_python), "-c", SCRIPT],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=tmp_path,
            env={"LANTAI_URL": url, "LANTAI_TOKEN": admin_token, "PATH": "/usr/bin:/bin"},
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [str(sorted(STATUSES.items())), "ArchiveNotFound"]
