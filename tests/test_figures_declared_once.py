"""A report's figures are declared once (app.domain.figures): the models, the forms and the labels follow it,
and no module of app/ lists the figures by hand, except the three typed records the type checker needs
(held to the declaration here)."""

import ast
import typing
from pathlib import Path

from sqlalchemy import BigInteger, Float
from sqlmodel import AutoString

from app.console.labels import LABELS
from app.domain.figures import COUNT_NAMES, FIGURE_NAMES, FIGURES, FIGURES_BY_GROUP, FORM_GROUPS, REQUIRED_NAMES
from app.models.report import (
    FIGURE_TYPES,
    Report,
    ReportColumns,
    ReportFigures,
    ReportFiguresBase,
    ReportFiguresPatch,
    ReportPublic,
    ReportRevision,
    ReportRevisionPublic,
)

APP = Path(__file__).resolve().parents[1] / "app"
# The records that list the figures for the type checker, each held to the declaration below.
TYPED_LISTS = {
    ("app/models/report.py", "ReportFiguresBase"),
    ("app/models/report.py", "ReportColumns"),
    ("app/domain/rates.py", "YearFigures"),
}
DECLARATION = "app/domain/figures.py"
COLUMN_KINDS = {"count": BigInteger, "decimal": Float, "text": AutoString}


def test_the_schema_base_lists_the_figures_in_their_declared_order() -> None:
    assert tuple(ReportFiguresBase.model_fields) == FIGURE_NAMES
    for figure in FIGURES:
        field = ReportFiguresBase.model_fields[figure.key]
        assert field.description == figure.description
        assert field.is_required() == figure.required
        expected = FIGURE_TYPES[figure.kind] if figure.required else FIGURE_TYPES[figure.kind] | None
        assert ReportFiguresBase.__annotations__[figure.key] == expected, figure.key


def test_every_schema_and_table_shows_every_figure() -> None:
    for model in (ReportFigures, ReportFiguresPatch, ReportPublic, ReportRevisionPublic):
        assert set(FIGURE_NAMES) <= set(model.model_fields), model
        assert all(model.model_fields[key].description for key in FIGURE_NAMES), model
    for table in (Report, ReportRevision):
        columns = table.__table__.c  # type: ignore[attr-defined]
        for figure in FIGURES:
            assert columns[figure.key].nullable != figure.required, (table, figure.key)
            assert isinstance(columns[figure.key].type, COLUMN_KINDS[figure.kind]), (table, figure.key)
    assert {key for key, field in ReportFigures.model_fields.items() if field.is_required()} == set(REQUIRED_NAMES)
    assert not any(field.is_required() for field in ReportFiguresPatch.model_fields.values())


def test_the_typed_row_has_every_figure() -> None:
    hints = typing.get_type_hints(ReportColumns)
    assert set(FIGURE_NAMES) <= set(hints)
    assert [key for key in hints if key in FIGURE_NAMES] == list(FIGURE_NAMES)


def test_the_entry_form_shows_each_group_and_figure_in_words() -> None:
    for group in FORM_GROUPS:
        assert LABELS[f"group.{group.key}"] == group.label
    for figure in FIGURES:
        assert LABELS[f"field.{figure.key}"] == figure.form_label
    assert FIGURES_BY_GROUP["volumes"] == ("holdings_volumes", "digitized_volumes")


def _hand_lists(source: str, where: str) -> list[str]:
    """Where the module names two figures or more in one literal list, one call or one class body."""
    tree = ast.parse(source)
    found = []

    def named(nodes: list[ast.expr | None]) -> int:
        return sum(isinstance(node, ast.Constant) and node.value in FIGURE_NAMES for node in nodes)

    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set) and named(list(node.elts)) >= 2:
            found.append(f"a literal list at line {node.lineno}")
        elif isinstance(node, ast.Dict) and named(node.keys) >= 2:
            found.append(f"a dict at line {node.lineno}")
        elif isinstance(node, ast.Call) and sum(keyword.arg in FIGURE_NAMES for keyword in node.keywords) >= 2:
            found.append(f"a call at line {node.lineno}")
        elif isinstance(node, ast.ClassDef):
            fields = [s.target.id for s in node.body if isinstance(s, ast.AnnAssign) and isinstance(s.target, ast.Name)]
            if sum(name in FIGURE_NAMES for name in fields) >= 2 and (where, node.name) not in TYPED_LISTS:
                found.append(f"class {node.name}")
    return found


def test_no_module_lists_the_figures_by_hand() -> None:
    modules = {str(path.relative_to(APP.parent)): path.read_text(encoding="utf-8") for path in APP.rglob("*.py")}
    listed = {
        where: hits
        for where, source in modules.items()
        if where != DECLARATION and (hits := _hand_lists(source, where))
    }
    assert listed == {}, "derive these from app.domain.figures"


def test_the_hand_list_check_sees_a_planted_list() -> None:
    planted = (
        'FIELDS = ("holdings_volumes", "digitized_volumes")\n'
        "figures = YearFigures(year=2024, holdings_pages=1, digitized_pages=1)\n"
        "class Row:\n    holdings_items: int\n    digitized_items: int\n"
    )
    assert set(_hand_lists(planted, "app/services/planted.py")) == {
        "a literal list at line 1",
        "a call at line 2",
        "class Row",
    }
    assert set(_hand_lists(planted.replace("Row", "YearFigures"), "app/domain/rates.py")) == {
        "a literal list at line 1",
        "a call at line 2",
    }


def test_the_count_figures_are_the_declared_counts() -> None:
    assert tuple(figure.key for figure in FIGURES if figure.kind == "count") == COUNT_NAMES
