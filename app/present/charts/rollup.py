"""A rollup chart: each archive directly below one archive, its rate as a bar against its target.

- One row per child (in the order given): a bar of its own rate, coloured by its overall status;
  a dark tick at its own reach_rate target (targets may differ between children);
  a hollow diamond at the aggregate rate of its subtree when it has archives below it.
- A child without a rate gets no bar and says so; its status still shows.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from app.domain.reasons import BASIS_LABELS, STATUS_LABELS
from app.present.charts import labels
from app.present.charts.svg import (
    GRID,
    INK,
    MUTED,
    NO_STATUS_COLOUR,
    STATUS_COLOURS,
    Plot,
    document,
    group,
    legend,
    line,
    percent,
    rect,
    text,
    to_text,
)

WIDTH, ROW_HEIGHT, TOP, BOTTOM = 820, 34, 96, 64
NAME_WIDTH, STATUS_WIDTH = 190, 110
INSIDE_LABEL_MIN = 56  # a bar this long (px) carries its value inside, clear of the target tick


@dataclass(frozen=True, slots=True)
class ChildBar:
    """One child of the rollup."""

    name: str
    status: str | None
    rate_pct: float | None
    target_pct: float | None
    subtree_rate_pct: float | None  # None when it has no archive below it


@dataclass(frozen=True, slots=True)
class RollupChart:
    """What a rollup chart shows."""

    archive_name: str
    plan_label: str
    year: int
    basis: str
    aggregate_rate_pct: float | None
    children: list[ChildBar]


def draw_rollup(chart: RollupChart, lang: str) -> str:
    """The chart as SVG text."""
    rows = max(len(chart.children), 1)
    height = TOP + rows * ROW_HEIGHT + BOTTOM
    root = document(WIDTH, height, labels.ROLLUP_TITLE.en.format(name=chart.archive_name))
    plot = Plot(
        left=NAME_WIDTH,
        top=TOP,
        width=WIDTH - NAME_WIDTH - STATUS_WIDTH - 24,
        height=rows * ROW_HEIGHT,
        x_min=0,
        x_max=100,
    )
    _heading(root, chart, lang)
    _axis(group(root, "axes"), plot)
    bars = group(root, "bars")
    for index, child in enumerate(chart.children):
        _bar(bars, plot, plot.top + index * ROW_HEIGHT, child, lang)
    if not chart.children:
        text(
            bars,
            plot.left + plot.width / 2,
            plot.top + 22,
            labels.NO_CHILDREN.pick(lang),
            text_anchor="middle",
            fill=MUTED,
        )
    statuses = sorted({child.status for child in chart.children if child.status}, key=list(STATUS_COLOURS).index)
    entries = [(STATUS_LABELS[status][lang], {"fill": STATUS_COLOURS[status]}) for status in statuses]
    entries += [(labels.TARGET_SHORT.pick(lang), {"stroke": INK, "stroke_width": "3"})]
    _legend_row(
        group(root, "legend"),
        plot.bottom + 40,
        entries,
        any(c.subtree_rate_pct is not None for c in chart.children),
        lang,
    )
    return to_text(root)


def _heading(root: ET.Element, chart: RollupChart, lang: str) -> None:
    text(
        root, 24, 34, labels.ROLLUP_TITLE.pick(lang).format(name=chart.archive_name), font_size="20", font_weight="bold"
    )
    basis = BASIS_LABELS.get(chart.basis, {}).get(lang, chart.basis)
    aggregate = "-" if chart.aggregate_rate_pct is None else percent(chart.aggregate_rate_pct)
    subtitle = labels.ROLLUP_SUBTITLE.pick(lang).format(
        plan=chart.plan_label, year=chart.year, basis=basis, aggregate=aggregate
    )
    text(root, 24, 58, subtitle, font_size="13", fill=MUTED)


def _axis(axes: ET.Element, plot: Plot) -> None:
    for rate in range(0, 101, 20):
        line(axes, plot.x(rate), plot.top - 6, plot.x(rate), plot.bottom, GRID)
        text(axes, plot.x(rate), plot.top - 10, f"{rate}%", text_anchor="middle", fill=MUTED, font_size="11")


def _bar(bars: ET.Element, plot: Plot, top: float, child: ChildBar, lang: str) -> None:
    middle = top + ROW_HEIGHT / 2
    colour = STATUS_COLOURS.get(child.status or "", NO_STATUS_COLOUR)
    text(bars, plot.left - 10, middle + 4, child.name, text_anchor="end")
    if child.rate_pct is None:
        text(bars, plot.left + 6, middle + 4, labels.NO_RATE.pick(lang), fill=MUTED)
    else:
        end = plot.x(child.rate_pct)
        rect(bars, plot.left, top + 7, end - plot.left, ROW_HEIGHT - 14, colour)
        inside = end - plot.left > INSIDE_LABEL_MIN
        text(
            bars,
            end - 6 if inside else end + 6,
            middle + 4,
            percent(child.rate_pct),
            font_size="11",
            text_anchor="end" if inside else "start",
            fill="#ffffff" if inside else INK,
            font_weight="bold",
        )
    if child.target_pct is not None:
        line(
            bars,
            plot.x(child.target_pct),
            top + 3,
            plot.x(child.target_pct),
            top + ROW_HEIGHT - 3,
            INK,
            stroke_width="3",
            **{"class": "target"},
        )
    if child.subtree_rate_pct is not None:
        _diamond(bars, plot.x(child.subtree_rate_pct), middle)
    status = STATUS_LABELS[child.status][lang] if child.status else "-"
    text(bars, plot.right + 16, middle + 4, status, fill=colour, font_weight="bold")


def _diamond(parent: ET.Element, x: float, y: float) -> None:
    points = f"{x},{y - 6} {x + 6},{y} {x},{y + 6} {x - 6},{y}"
    ET.SubElement(parent, "polygon", {"points": points, "fill": "#ffffff", "stroke": INK, "stroke-width": "1.5"})


def _legend_row(
    layer: ET.Element, y: float, entries: list[tuple[str, dict[str, str]]], with_subtree: bool, lang: str
) -> None:
    x = 24.0
    for label, style in entries:
        legend(layer, x, y, [(label, style)])
        x += 44 + 13 * len(label)
    if with_subtree:
        _diamond(layer, x + 9, y - 4)
        text(layer, x + 24, y, labels.SUBTREE_AGGREGATE.pick(lang), fill=MUTED)
