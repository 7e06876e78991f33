"""A figure added to the declaration alone reaches every list the domain derives from it.

The domain is copied with one more figure in FIGURES (a count in a new pair, as CONTRIBUTING.md's
"Add a figure" walks through) and imported in a fresh interpreter: the import columns, the clerks'
headers, the checks' lists, the rate bases' figures and the write rule's names all carry it."""

import shutil
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "app" / "domain"
NEW_FIGURES = """    FigureDefinition(
        "holdings_reels", "count", cumulative=True, required=False, pair="reels", role="holdings", metric=None,
        group="catalog", label_zh="馆藏缩微胶片盘数", unit=Text("reels", "盘"),
        form_label=Text("Holdings (reels)", "馆藏缩微胶片（盘）"), description="Microfilm reels held (盘)",
        note=Text("Microfilm reels held.", "馆藏缩微胶片盘数。"), synonyms=("缩微胶片盘数",),
    ),
    FigureDefinition(
        "digitized_reels", "count", cumulative=True, required=False, pair="reels", role="digitized", metric=None,
        group="catalog", label_zh="已数字化缩微胶片盘数", unit=Text("reels", "盘"),
        form_label=Text("Digitized (reels)", "已数字化缩微胶片（盘）"), description="Reels digitized so far (盘)",
        note=Text("Reels digitized so far.", "累计已数字化的缩微胶片盘数。"),
    ),
)
# fmt: on"""
CHECKS = """
from app.domain import checks, import_columns, report_checks, report_lifecycle
from app.domain.figures import DIGITIZED_WITHIN_HOLDINGS, FIGURES_BY_GROUP, pair_figure

assert [column.key for column in import_columns.COLUMNS][-2:] == ["holdings_reels", "digitized_reels"]
assert import_columns.header_key("馆藏缩微胶片盘数（盘）") == "holdings_reels"
assert import_columns.header_key("缩微胶片盘数") == "holdings_reels"
assert ("digitized_reels", "holdings_reels") in DIGITIZED_WITHIN_HOLDINGS
assert pair_figure("reels", "digitized") == "digitized_reels"
assert "holdings_reels" in checks.HOLDINGS_FIELDS and "digitized_reels" in checks.CUMULATIVE_FIELDS
assert "digitized_reels" in checks.SLIP_FIELDS
assert FIGURES_BY_GROUP["catalog"][-2:] == ("holdings_reels", "digitized_reels")
assert "digitized_reels" in report_lifecycle.FIGURE_NAMES
[(field, message)] = report_checks.figures_problems({"digitized_reels": 3, "holdings_reels": 2})
assert field == "digitized_reels" and message.zh.startswith("已数字化缩微胶片盘数 3 超过馆藏缩微胶片盘数 2"), message.zh
print("ok")
"""


def test_a_figure_declared_once_reaches_every_derived_list(tmp_path: Path) -> None:
    package = tmp_path / "app"
    shutil.copytree(DOMAIN, package / "domain", ignore=shutil.ignore_patterns("__pycache__"))
    (package / "__init__.py").write_text("", encoding="utf-8")
    declaration = package / "domain" / "figures.py"
    source = declaration.read_text(encoding="utf-8")
    assert source.count(")\n# fmt: on") == 1
    declaration.write_text(source.replace(")\n# fmt: on", NEW_FIGURES), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-c", CHECKS], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert run.returncode == 0 and run.stdout.strip() == "ok", run.stderr
