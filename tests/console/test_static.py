"""The console's files: htmx as vendored (its hash), no other host named anywhere, every label in both languages."""

import hashlib
import re
from pathlib import Path

from fastapi.testclient import TestClient

from app.console.labels import LABELS
from app.domain.roles import Role
from app.models.report import ReportStatus

CONSOLE = Path(__file__).resolve().parents[2] / "app" / "console"
HTMX = CONSOLE / "static" / "vendor" / "htmx.min.js"
VENDORED = CONSOLE / "static" / "vendor" / "VENDORED.md"
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
# Anything that could make a browser reach a host: a scheme with a host, a protocol-relative URL.
ANOTHER_HOST = re.compile(r"(?:[a-z][a-z0-9+.-]*:)?//[A-Za-z0-9\[]", re.IGNORECASE)
SERVED = ("*.html", "*.css", "*.js")


def served_files() -> list[Path]:
    return sorted(path for pattern in SERVED for path in CONSOLE.rglob(pattern))


def test_htmx_is_the_vendored_file() -> None:
    digest = hashlib.sha256(HTMX.read_bytes()).hexdigest()
    assert digest == HTMX_SHA256
    record = VENDORED.read_text(encoding="utf-8")
    assert digest in record and "2.0.11" in record and "0BSD" in record and "htmx.org" in record


def test_no_template_style_or_script_names_another_host() -> None:
    files = served_files()
    assert len(files) >= 5 and HTMX in files
    named = {str(path.relative_to(CONSOLE)): ANOTHER_HOST.findall(path.read_text(encoding="utf-8")) for path in files}
    assert {path: found for path, found in named.items() if found} == {}


def test_the_check_would_see_a_host() -> None:
    assert ANOTHER_HOST.findall('<script src="https://cdn.example/htmx.js">') != []
    assert ANOTHER_HOST.findall("@import url(//fonts.example/x.css);") != []


def test_no_inline_script_and_htmx_configured_by_meta() -> None:
    base = (CONSOLE / "templates" / "base.html").read_text(encoding="utf-8")
    for path in CONSOLE.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", text) == [], path
        assert re.findall(r"\son[a-z]+\s*=", text) == [], path  # no inline event handler either
    assert '"historyCacheSize": 0' in base and '"allowEval": false' in base and '"selfRequestsOnly": true' in base


def test_every_label_has_both_languages() -> None:
    missing = [key for key, text in LABELS.items() if not text.en.strip() or not text.zh.strip()]
    assert missing == []


def test_every_label_a_template_names_is_in_the_catalog() -> None:
    named: set[str] = set()
    for path in CONSOLE.rglob("*.html"):
        named |= set(re.findall(r"""t\('([a-z_.]+)'\)""", path.read_text(encoding="utf-8")))
    named |= {f"role.{role}" for role in Role} | {f"report.{status}" for status in ReportStatus} | {"report.none"}
    assert sorted(named - set(LABELS)) == []


def test_the_static_files_are_served(anonymous_client: TestClient) -> None:
    answer = anonymous_client.get("/console/static/vendor/htmx.min.js")
    assert answer.status_code == 200 and hashlib.sha256(answer.content).hexdigest() == HTMX_SHA256
