"""An archive's progress chart: its yearly rate, the target, the projection and the growth path.

- The rate is a solid line with a dot per reported year (a year without a rate is a gap).
- The target is a horizontal dashed line at its value up to the plan's end year, where
  a dotted vertical line marks the deadline.
- The projection at the current pace is dashed, from the as-of year to the plan's end.
- The minimum-growth path, when a min_growth target applies, is dotted from the as-of
  year to the plan's end: the rate it asks for year by year.
"""

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from app.domain.reasons import BASIS_LABELS, STATUS_LABELS
from app.i18n import Text
from app.present.charts import labels
from app.present.charts.svg import (
    GRID,
    GROWTH_COLOUR,
    INK,
    MUTED,
    NO_STATUS_COLOUR,
    RATE_COLOUR,
    STATUS_COLOURS,
    TARGET_COLOUR,
    Plot,
    circle,
    document,
    group,
    legend,
    line,
    percent,
    polyline,
    text,
    to_text,
)

WIDTH, HEIGHT = 820, 460
PLOT = {"left": 64.0, "top": 84.0, "width": 500.0, "height": 320.0}
Point = tuple[int, float]


@dataclass(frozen=True, slots=True)
class ProgressChart:
    """What an archive's chart shows."""

    archive_name: str
    plan_label: str
    status: str | None
    as_of_year: int
    basis: str
    first_year: int
    last_year: int
    end_year: int
    rates: list[Point]
    target_pct: float | None = None
    projection: list[Point] = field(default_factory=list)
    growth_path: list[Point] = field(default_factory=list)
    growth_label: Text | None = None


def draw_progress(chart: ProgressChart, lang: str) -> str:
    """The chart as SVG text."""
    root = document(WIDTH, HEIGHT, f"{chart.archive_name} · {chart.plan_label}")
    plot = Plot(**PLOT, x_min=chart.first_year - 0.5, x_max=chart.last_year + 0.5)
    _heading(root, chart, lang)
    _axes(group(root, "axes"), plot, chart.first_year, chart.last_year)
    entries = [(labels.RATE.pick(lang), {"stroke": RATE_COLOUR, "stroke_width": "2.5"})]
    if chart.target_pct is not None:
        _target(group(root, "target"), plot, chart, lang)
        entries.append(
            (
                labels.TARGET.pick(lang).format(value=labels.number(chart.target_pct), year=chart.end_year),
                {"stroke": TARGET_COLOUR, "stroke_width": "2", "stroke_dasharray": "8 5"},
            )
        )
    projection_on_top = not chart.growth_path or chart.projection[-1:] >= chart.growth_path[-1:]
    if len(chart.projection) > 1:
        _path(group(root, "projection"), plot, chart.projection, RATE_COLOUR, "6 4", above=projection_on_top)
        entries.append(
            (labels.PROJECTION.pick(lang), {"stroke": RATE_COLOUR, "stroke_width": "2", "stroke_dasharray": "6 4"})
        )
    if len(chart.growth_path) > 1 and chart.growth_label is not None:
        _path(group(root, "growth-path"), plot, chart.growth_path, GROWTH_COLOUR, "2 4", above=not projection_on_top)
        entries.append(
            (chart.growth_label.pick(lang), {"stroke": GROWTH_COLOUR, "stroke_width": "2", "stroke_dasharray": "2 4"})
        )
    _rates(group(root, "rates"), plot, chart, lang)
    legend(group(root, "legend"), plot.right + 24, plot.top + 12, entries)
    return to_text(root)


def _heading(root: ET.Element, chart: ProgressChart, lang: str) -> None:
    text(root, 24, 34, chart.archive_name, font_size="20", font_weight="bold")
    text(root, WIDTH - 24, 34, chart.plan_label, font_size="13", fill=MUTED, text_anchor="end")
    status = STATUS_LABELS[chart.status][lang] if chart.status else "-"
    basis = BASIS_LABELS.get(chart.basis, {}).get(lang, chart.basis)
    subtitle = labels.SUBTITLE.pick(lang).format(status=status, year=chart.as_of_year, basis=basis)
    colour = STATUS_COLOURS.get(chart.status or "", NO_STATUS_COLOUR)
    text(root, 24, 58, subtitle, font_size="13", fill=colour, font_weight="bold")


def _axes(axes: ET.Element, plot: Plot, first_year: int, last_year: int) -> None:
    for rate in range(0, 101, 20):
        line(axes, plot.left, plot.y(rate), plot.right, plot.y(rate), GRID)
        text(axes, plot.left - 8, plot.y(rate) + 4, f"{rate}%", text_anchor="end", fill=MUTED)
    step = 1 + (last_year - first_year) // 14
    for year in range(first_year, last_year + 1):
        line(axes, plot.x(year), plot.bottom, plot.x(year), plot.bottom + 4, MUTED)
        if (last_year - year) % step == 0:
            text(axes, plot.x(year), plot.bottom + 18, str(year), text_anchor="middle", fill=MUTED)
    line(axes, plot.left, plot.bottom, plot.right, plot.bottom, MUTED)


def _target(layer: ET.Element, plot: Plot, chart: ProgressChart, lang: str) -> None:
    assert chart.target_pct is not None
    y, deadline = plot.y(chart.target_pct), plot.x(chart.end_year)
    line(layer, plot.left, y, deadline, y, TARGET_COLOUR, stroke_width="2", stroke_dasharray="8 5")
    line(layer, deadline, plot.top, deadline, plot.bottom, TARGET_COLOUR, stroke_width="1", stroke_dasharray="2 3")
    circle(layer, deadline, y, 5, TARGET_COLOUR)
    text(
        layer, deadline - 6, y - 8, percent(chart.target_pct), text_anchor="end", fill=TARGET_COLOUR, font_weight="bold"
    )
    text(
        layer,
        deadline - 4,
        plot.top - 6,
        labels.DEADLINE.pick(lang).format(year=chart.end_year),
        text_anchor="end",
        fill=TARGET_COLOUR,
        font_size="11",
    )


def _path(layer: ET.Element, plot: Plot, points: list[Point], colour: str, dashes: str, *, above: bool) -> None:
    """A dashed path and its end value, written above or below its end so two ends never overlap."""
    polyline(
        layer,
        [(plot.x(year), plot.y(rate)) for year, rate in points],
        colour,
        stroke_width="2",
        stroke_dasharray=dashes,
    )
    last_year, last_rate = points[-1]
    text(
        layer,
        plot.x(last_year) + 6,
        plot.y(last_rate) + (-6 if above else 14),
        percent(last_rate),
        fill=colour,
        font_size="11",
    )


def _rates(layer: ET.Element, plot: Plot, chart: ProgressChart, lang: str) -> None:
    if not chart.rates:
        text(
            layer,
            plot.left + plot.width / 2,
            plot.top + plot.height / 2,
            labels.NO_REPORT.pick(lang),
            text_anchor="middle",
            fill=MUTED,
            font_size="16",
        )
        return
    for run in _runs(chart.rates):
        if len(run) > 1:
            polyline(layer, [(plot.x(year), plot.y(rate)) for year, rate in run], RATE_COLOUR, stroke_width="2.5")
    for year, rate in chart.rates:
        circle(layer, plot.x(year), plot.y(rate), 3.5, RATE_COLOUR)
    year, rate = chart.rates[-1]
    text(layer, plot.x(year), plot.y(rate) + 20, percent(rate), text_anchor="middle", fill=INK, font_weight="bold")


def _runs(points: list[Point]) -> list[list[Point]]:
    """The points split where a year is missing, so that a gap is not drawn over."""
    runs: list[list[Point]] = []
    for point in points:
        if runs and point[0] == runs[-1][-1][0] + 1:
            runs[-1].append(point)
        else:
            runs.append([point])
    return runs
