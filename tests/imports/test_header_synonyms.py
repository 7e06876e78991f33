"""The table of header variants (app.domain.import_columns): each variant names its one column, whatever the
unit, brackets, width or spaces around it; a figure-like header that is none of them is told apart."""

import pytest

from app.domain.import_columns import (
    COLUMNS,
    STEMS,
    SYNONYMS,
    closest_header,
    header_key,
    looks_like_figure,
    normalize_header,
)

VARIANTS = [(name, key) for key, names in SYNONYMS.items() for name in names]


@pytest.mark.parametrize(("name", "key"), VARIANTS)
def test_every_synonym_names_its_column(name: str, key: str) -> None:
    assert header_key(name) == key
    assert header_key(f" {name} ") == key


def test_no_name_stands_for_two_columns() -> None:
    names = [normalize_header(name) for _, names in SYNONYMS.items() for name in names]
    names += [normalize_header(column.label_zh) for column in COLUMNS]
    names += [normalize_header(stem) for stems in STEMS.values() for stem in stems]
    assert len(names) == len(set(names))


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("馆藏卷数", "holdings_volumes"),
        ("数字化卷数", "digitized_volumes"),
        ("馆藏总量(卷)", "holdings_volumes"),
        ("数字化量(卷)", "digitized_volumes"),
        ("馆藏总量（件）", "holdings_items"),
        ("数字化量【页】", "digitized_pages"),
        ("已数字化 幅", "digitized_pages"),
        ("馆藏总量", "holdings_volumes"),
        ("ＨＯＬＤＩＮＧＳ＿ＶＯＬＵＭＥＳ", "holdings_volumes"),
        ("馆藏案卷数 holdings_volumes", "holdings_volumes"),
        ("机读目录条目数 条", "catalog_entries"),
        ("电子档案数据量(GB)", "electronic_records_gb"),
    ],
)
def test_clerks_headers_with_their_units(header: str, key: str) -> None:
    assert header_key(header) == key


@pytest.mark.parametrize(
    ("header", "figure"),
    [("数字化完成量（卷次）", True), ("馆藏照片（张）", True), ("录音录像档案(件)", True), ("全文识别量", True)]
    + [("数字化率(%)", False), ("填表说明", False), ("所属地区", False), ("馆藏占比", False)],
)
def test_a_header_that_names_a_figure_is_told_apart(header: str, figure: bool) -> None:
    assert header_key(header) is None
    assert looks_like_figure(header) is figure


def test_the_closest_known_header_is_a_label_the_clerk_can_use() -> None:
    assert closest_header("数字化完成量（卷次）") == "已数字化案卷数"
    assert closest_header("机读目录数据量") == "机读目录条目数"
