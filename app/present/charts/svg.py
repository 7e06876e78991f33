"""Drawing SVG by hand (xml.etree): a document, a plot area with its scales, and the marks.

- The font stack covers Chinese on Linux, Windows and macOS, so archive names render
  wherever the picture is opened; sans-serif is the last resort.
- Text is stripped of characters XML cannot hold, so any archive name gives valid SVG.
- Status colours are data (STATUS_COLOURS), from green (achieved) through amber and
  orange to red (missed), and greys for missing data.
"""

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from app.domain.vocabulary import Status

FONT_STACK = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, WenQuanYi Micro Hei, sans-serif"
INK, MUTED, GRID = "#212121", "#616161", "#e0e0e0"
RATE_COLOUR, TARGET_COLOUR, GROWTH_COLOUR = "#1565c0", "#c62828", "#6a1b9a"
STATUS_COLOURS: dict[str, str] = {
    Status.achieved: "#2e7d32",
    Status.not_started: "#90caf9",
    Status.on_track: "#66bb6a",
    Status.at_risk: "#f9a825",
    Status.off_track: "#ef6c00",
    Status.insufficient_data: "#78909c",
    Status.no_data: "#9e9e9e",
    Status.missed: "#c62828",
}
NO_STATUS_COLOUR = "#bdbdbd"


# Characters XML 1.0 does not allow (control characters, lone surrogates): left out of any text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(content: str) -> str:
    """The text without the characters an XML document cannot hold."""
    return _NOT_XML.sub("", content)


def document(width: int, height: int, title: str) -> ET.Element:
    """An <svg> root with a white background, the font stack, and a <title>."""
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "width": str(width),
            "height": str(height),
            "viewBox": f"0 0 {width} {height}",
            "font-family": FONT_STACK,
            "font-size": "12",
            "fill": INK,
        },
    )
    ET.SubElement(root, "title").text = xml_safe(title)
    ET.SubElement(root, "rect", {"x": "0", "y": "0", "width": str(width), "height": str(height), "fill": "#ffffff"})
    return root


def to_text(root: ET.Element) -> str:
    """The document as UTF-8 SVG text with its XML declaration."""
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


@dataclass(frozen=True, slots=True)
class Plot:
    """A plot area in pixels and the data ranges it shows (y grows upwards)."""

    left: float
    top: float
    width: float
    height: float
    x_min: float
    x_max: float
    y_min: float = 0.0
    y_max: float = 100.0

    def x(self, value: float) -> float:
        span = (self.x_max - self.x_min) or 1
        return round(self.left + (value - self.x_min) / span * self.width, 1)

    def y(self, value: float) -> float:
        span = (self.y_max - self.y_min) or 1
        return round(self.top + self.height - (value - self.y_min) / span * self.height, 1)

    @property
    def bottom(self) -> float:
        return self.top + self.height

    @property
    def right(self) -> float:
        return self.left + self.width


def text(parent: ET.Element, x: float, y: float, content: str, **attributes: str) -> ET.Element:
    """A text mark; attributes with underscores become hyphenated (text_anchor -> text-anchor)."""
    element = ET.SubElement(parent, "text", {"x": str(round(x, 1)), "y": str(round(y, 1)), **_svg_names(attributes)})
    element.text = xml_safe(content)
    return element


def line(parent: ET.Element, x1: float, y1: float, x2: float, y2: float, stroke: str, **attributes: str) -> ET.Element:
    """A straight line."""
    points = {"x1": x1, "y1": y1, "x2": x2, "y2": y2}
    return ET.SubElement(
        parent,
        "line",
        {**{name: str(round(value, 1)) for name, value in points.items()}, "stroke": stroke, **_svg_names(attributes)},
    )


def polyline(parent: ET.Element, points: list[tuple[float, float]], stroke: str, **attributes: str) -> ET.Element:
    """A line through the points."""
    path = " ".join(f"{round(x, 1)},{round(y, 1)}" for x, y in points)
    return ET.SubElement(
        parent, "polyline", {"points": path, "fill": "none", "stroke": stroke, **_svg_names(attributes)}
    )


def rect(
    parent: ET.Element, x: float, y: float, width: float, height: float, fill: str, **attributes: str
) -> ET.Element:
    """A filled rectangle."""
    box = {"x": x, "y": y, "width": max(width, 0), "height": max(height, 0)}
    return ET.SubElement(
        parent,
        "rect",
        {**{name: str(round(value, 1)) for name, value in box.items()}, "fill": fill, **_svg_names(attributes)},
    )


def circle(parent: ET.Element, x: float, y: float, radius: float, fill: str, **attributes: str) -> ET.Element:
    """A dot."""
    return ET.SubElement(
        parent,
        "circle",
        {"cx": str(round(x, 1)), "cy": str(round(y, 1)), "r": str(radius), "fill": fill, **_svg_names(attributes)},
    )


def group(parent: ET.Element, css_class: str) -> ET.Element:
    """A named group of marks (class="..."), so that each part of a chart can be found."""
    return ET.SubElement(parent, "g", {"class": css_class})


def legend(parent: ET.Element, x: float, y: float, entries: list[tuple[str, dict[str, str]]]) -> None:
    """A legend: a short line (or swatch, with "fill") in each entry's style, then its label."""
    for index, (label, style) in enumerate(entries):
        row_y = y + index * 20
        if "fill" in style:
            rect(parent, x, row_y - 9, 18, 10, style["fill"])
        else:
            line(parent, x, row_y - 4, x + 18, row_y - 4, **style)
        text(parent, x + 24, row_y, label, fill=MUTED)


def percent(value: float) -> str:
    """A rate as people read it: one decimal and a percent sign."""
    return f"{value:.1f}%"


def _svg_names(attributes: dict[str, str]) -> dict[str, str]:
    return {name.replace("_", "-"): value for name, value in attributes.items()}
