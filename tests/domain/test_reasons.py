"""Every reason the rules give renders in both languages, as written."""

import pytest

from app.domain import reasons
from app.domain.compliance import (
    STATUSES_WORST_FIRST,
    YearFigures,
)
from app.domain.reasons import NUMBER_FORMATS, render_reason
from app.domain.vocabulary import STATUS_LABELS
from tests.domain.rule_builders import (
    CATALOG_QUOTA,
    GROWTH_10PP,
    GROWTH_10REL,
    REACH_80,
    Case,
    by_volumes,
    catalog,
    with_report,
)
from tests.domain.rule_cases import ALL_CASES, first_rule


def emitted_reasons():
    for case in ALL_CASES:
        yield from first_rule(case.values[0]).reasons


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_emitted_reason_renders(lang) -> None:
    for reason in emitted_reasons():
        text = render_reason(reason, lang)
        assert text and "{" not in text and "None" not in text, (reason, text)


def reasons_of(case: Case) -> dict[str, tuple[str, str]]:
    return {r.code: (render_reason(r, "en"), render_reason(r, "zh")) for r in first_rule(case).reasons}


@pytest.mark.parametrize(
    "case, code, en, zh",
    [
        pytest.param(
            Case((REACH_80,), by_volumes({2021: 30, 2023: 60}), 2023, "", ()),
            "projected_reaches_target",
            "rate 60.0% in 2023; at 15.0 points a year it reaches 90.0% by 2025 >= 80.0%",
            "2023年数字化率60.0%；按每年15.0个百分点的进度，到2025年可达90.0%，不低于目标80.0%",
            id="projected-reaches-target",
        ),
        pytest.param(
            Case((REACH_80, GROWTH_10PP), by_volumes({2022: 40, 2023: 44}), 2023, "", ()),
            "projected_short",
            "rate 44.0% in 2023; at 4.0 points a year it reaches 52.0% by 2025, 28.0 points short"
            " of 80.0%; reaching it needs 18.0 points a year (about 180 volumes a year)",
            "2023年数字化率44.0%；按每年4.0个百分点的进度，到2025年只能达到52.0%，距目标80.0%差28.0"
            "个百分点；需每年提高18.0个百分点（约每年180卷）",
            id="projected-short-states-gap-and-requirement",
        ),
        pytest.param(
            Case((REACH_80, GROWTH_10PP), by_volumes({2022: 40, 2023: 44}), 2023, "", ()),
            "fallback_growth_not_met",
            "2022-2023: growth 4.0 points a year (target: at least 10.0 percentage points a year);"
            " the minimum-growth fallback is not met either",
            "2022—2023年数字化率年均增长4.0个百分点（目标：每年至少增长10.0个百分点），也未满足最低增速要求",
            id="fallback-in-points",
        ),
        pytest.param(
            Case((REACH_80, GROWTH_10REL), by_volumes({2022: 50, 2023: 54}), 2023, "", ()),
            "fallback_growth_not_met",
            "2022-2023: growth 8.0% a year relative (target: at least 10.0% relative growth a year);"
            " the minimum-growth fallback is not met either",
            "2022—2023年数字化率年均相对增长8.0%（目标：每年相对增长至少10.0%），也未满足最低增速要求",
            id="fallback-relative",
        ),
        pytest.param(
            Case((GROWTH_10REL,), by_volumes({2022: 0, 2023: 1}), 2023, "", ()),
            "growth_met",
            "2022-2023: growth from 0.0% to 1.0% (target: at least 10.0% relative growth a year), met",
            "2022—2023年数字化率从0.0%变为1.0%（目标：每年相对增长至少10.0%），已达到最低增速",
            id="relative-growth-from-zero",
        ),
        pytest.param(
            Case((CATALOG_QUOTA,), catalog({2022: 100_000, 2023: 600_000}), 2023, "", ()),
            "quota_short",
            "500,000 catalog entries added in 2023 < quota 640,000, 140,000 short",
            "2023年新增目录条目500,000，未达定额640,000，差140,000",
            id="quota-counts-with-thousands-separators",
        ),
        pytest.param(
            Case((REACH_80,), with_report({}, YearFigures(2023, 0, 0)), 2023, "", ()),
            "zero_denominator",
            "the 2023 report has zero holdings by volumes, so it gives no rate",
            "2023年报表按卷计的馆藏为0，无法计算数字化率",
            id="zero-holdings-names-year-and-basis",
        ),
    ],
)
def test_reason_text(case, code, en, zh) -> None:
    assert reasons_of(case)[code] == (en, zh)


def test_render_reason_refuses_an_unknown_language() -> None:
    [reason] = first_rule(Case((REACH_80,), by_volumes({2023: 90}), 2023, "", ())).reasons
    with pytest.raises(ValueError, match="unknown language"):
        render_reason(reason, "fr")


def test_status_labels_name_every_status() -> None:
    assert set(STATUS_LABELS) == set(STATUSES_WORST_FIRST)
    assert {status: label["zh"] for status, label in STATUS_LABELS.items()} == {
        "achieved": "已达标",
        "on_track": "进度正常",
        "at_risk": "存在风险",
        "off_track": "进度滞后",
        "missed": "未达标",
        "no_data": "未报送",
        "insufficient_data": "数据不足",
        "not_started": "规划未开始",
    }


def test_no_param_is_both_a_number_and_a_label() -> None:
    """_words formats a param as a number or names it by a label, never both."""
    assert not set(NUMBER_FORMATS) & set(reasons._LABELS)
