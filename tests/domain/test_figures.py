"""The figures' declaration holds together, and the domain's lists of figures are the ones it declares."""

from collections import Counter

from app.domain import checks
from app.domain.figures import (
    COUNT_NAMES,
    DIGITIZED_WITHIN_HOLDINGS,
    FIGURE_NAMES,
    FIGURES,
    FIGURES_BY_GROUP,
    FORM_GROUPS,
    REQUIRED_NAMES,
)
from app.domain.import_columns import COLUMNS, SYNONYMS, header_key, stem_key
from app.domain.rates import QUOTA_METRIC_FIELDS, RATE_BASIS_FIELDS, YearFigures
from app.domain.report_checks import figure_label_zh, figures_problems
from app.domain.vocabulary import Basis, Metric


def test_each_figure_is_declared_once_with_words_in_both_languages() -> None:
    assert len(set(FIGURE_NAMES)) == len(FIGURES)
    for figure in FIGURES:
        assert figure.label_zh and figure.description and figure.note.en and figure.note.zh, figure.key
        assert figure.form_label.en and figure.form_label.zh, figure.key


def test_each_pair_has_one_holdings_and_one_digitized_figure_in_the_same_unit() -> None:
    roles = Counter((figure.pair, figure.role) for figure in FIGURES if figure.pair is not None)
    assert all(count == 1 for count in roles.values()), roles
    for digitized, holdings in DIGITIZED_WITHIN_HOLDINGS:
        held, done = (next(f for f in FIGURES if f.key == key) for key in (holdings, digitized))
        assert (held.role, done.role, held.pair) == ("holdings", "digitized", done.pair)
        assert held.kind == done.kind == "count" and held.cumulative and done.cumulative
    assert [f.pair for f in FIGURES if f.role is None and f.pair is not None] == []


def test_the_pairs_are_the_volumes_items_and_pages() -> None:
    assert DIGITIZED_WITHIN_HOLDINGS == (
        ("digitized_volumes", "holdings_volumes"),
        ("digitized_items", "holdings_items"),
        ("digitized_pages", "holdings_pages"),
    )
    assert REQUIRED_NAMES == ("holdings_volumes", "digitized_volumes")


def test_every_quota_metric_reads_one_cumulative_count() -> None:
    assert set(QUOTA_METRIC_FIELDS) == set(Metric)
    for key in QUOTA_METRIC_FIELDS.values():
        figure = next(f for f in FIGURES if f.key == key)
        assert figure.kind == "count" and figure.cumulative and figure.role != "holdings"
    assert QUOTA_METRIC_FIELDS[Metric.pages] == "digitized_pages"
    assert QUOTA_METRIC_FIELDS[Metric.fulltext_pages] == "fulltext_pages"


def test_every_rate_basis_reads_paired_figures() -> None:
    assert set(RATE_BASIS_FIELDS) == set(Basis)
    assert RATE_BASIS_FIELDS[Basis.volumes_items] == (
        ("digitized_volumes", "digitized_items"),
        ("holdings_volumes", "holdings_items"),
    )
    assert RATE_BASIS_FIELDS[Basis.pages] == (("digitized_pages",), ("holdings_pages",))


def test_every_figure_is_in_one_form_group_and_every_group_has_figures() -> None:
    assert [group.key for group in FORM_GROUPS] == list(FIGURES_BY_GROUP)
    assert all(FIGURES_BY_GROUP.values())
    assert sorted(key for keys in FIGURES_BY_GROUP.values() for key in keys) == sorted(FIGURE_NAMES)
    assert FIGURES_BY_GROUP["pages"] == ("holdings_pages", "digitized_pages")


def test_year_figures_holds_the_counts_in_their_declared_order() -> None:
    assert YearFigures._fields == ("year", *COUNT_NAMES, "approved")


def test_year_figures_is_built_from_figures_by_name() -> None:
    built = YearFigures.of(2024, {"holdings_volumes": 10, "digitized_pages": 7, "note": "x"}, approved=True)
    assert built == YearFigures(2024, 10, None, digitized_pages=7, approved=True)


def test_the_checks_read_the_declared_figures() -> None:
    paired = {key for pair in DIGITIZED_WITHIN_HOLDINGS for key in pair}
    assert set(checks.CUMULATIVE_FIELDS) == paired
    assert checks.HOLDINGS_FIELDS == ("holdings_volumes", "holdings_items", "holdings_pages")
    assert (*checks.CUMULATIVE_FIELDS, "catalog_entries", "fulltext_pages") == checks.SLIP_FIELDS
    assert set(checks.SLIP_FIELDS) == set(COUNT_NAMES)  # every count is cumulative
    problems = figures_problems({"digitized_items": 5, "holdings_items": 4, "digitized_pages": 9, "holdings_pages": 9})
    assert [field for field, _ in problems] == ["digitized_items"]


def test_the_import_columns_are_the_figures_after_the_identity_columns() -> None:
    figure_columns = [column for column in COLUMNS if column.key in FIGURE_NAMES]
    assert [column.key for column in COLUMNS] == ["archive_code", "archive_name", "year", *FIGURE_NAMES]
    for column, figure in zip(figure_columns, FIGURES, strict=True):
        assert (column.label_zh, column.kind, column.required, column.unit, column.note) == (
            figure.label_zh,
            figure.kind,
            figure.required,
            figure.unit,
            figure.note,
        )
        assert SYNONYMS[figure.key] == figure.synonyms
        assert figure_label_zh(figure.key) == figure.label_zh
        assert header_key(figure.label_zh) == figure.key


def test_a_stem_and_a_unit_name_the_paired_figure() -> None:
    assert stem_key("馆藏总量", "件") == "holdings_items"
    assert stem_key("数字化量", "卷") == "digitized_volumes"
    assert stem_key("已数字化", "页") == "digitized_pages"
    assert stem_key("馆藏", "条") is None
