"""The contract a frontend meets: a TypeScript client generated from /openapi.json type-checks a dashboard.

openapi-typescript generates the types; tests/contract/dashboard/dashboard.ts (no cast, no `any`)
must pass `tsc --strict`. The npm packages are installed once into a cache directory
(LANTAI_NPM_CACHE, default ~/.cache/lantai-contract); the test is skipped only when node
and npm are missing or the npm registry cannot be reached.
"""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

DASHBOARD = Path(__file__).parent / "dashboard" / "dashboard.ts"
PACKAGES = ["openapi-typescript@7", "openapi-fetch@0", "typescript@5"]
CACHE = Path(os.environ.get("LANTAI_NPM_CACHE", Path.home() / ".cache" / "lantai-contract"))
# Documented exceptions: JSON values of the audit trail's before/after, and response header maps.
ALLOWED_UNKNOWN = re.compile(r"JsonValue: unknown;|\[name: string\]: unknown;")


def npm_tools() -> Path:
    """The cache's node_modules/.bin, installing the packages there the first time."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed (.ci/run installs them)")
    tools = CACHE / "node_modules" / ".bin"
    if not (tools / "tsc").exists() or not (tools / "openapi-typescript").exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        install = subprocess.run(
            ["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", *PACKAGES],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if install.returncode != 0:
            if re.search(r"ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|network", install.stderr):
                pytest.skip("the npm registry cannot be reached")
            raise AssertionError(install.stderr[-3000:])
    return tools


def run(*command: str, cwd: Path) -> str:
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False, cwd=cwd)
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return result.stdout


@pytest.mark.one_database("sqlite", reason="the OpenAPI document it checks is the same on both databases")
def test_generated_client_type_checks_the_dashboard(client: TestClient, tmp_path: Path) -> None:
    tools = npm_tools()
    (tmp_path / "openapi.json").write_text(json.dumps(client.get("/openapi.json").json()))
    run(str(tools / "openapi-typescript"), "openapi.json", "-o", "lantai.d.ts", cwd=tmp_path)
    generated = (tmp_path / "lantai.d.ts").read_text()
    unknown = [
        line.strip() for line in generated.splitlines() if "unknown;" in line and not ALLOWED_UNKNOWN.search(line)
    ]
    assert unknown == [], "documented fields typed as unknown"
    shutil.copy(DASHBOARD, tmp_path / "dashboard.ts")
    (tmp_path / "node_modules").symlink_to(CACHE / "node_modules")
    run(
        str(tools / "tsc"),
        "--strict",
        "--noEmit",
        "--target",
        "es2022",
        "--module",
        "es2022",
        "--moduleResolution",
        "bundler",
        "--skipLibCheck",
        "dashboard.ts",
        cwd=tmp_path,
    )
    source = re.sub(r"//[^\n]*", "", DASHBOARD.read_text())
    assert not re.search(r"\bas\s+[A-Za-z{]|:\s*any\b|<any>", source), "the dashboard uses no cast and no any"
