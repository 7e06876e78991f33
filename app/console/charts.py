"""The server-side SVG charts (app.present.charts), made ready to sit inside a page.

Inside HTML a chart is an image to assistive technology: role="img", its <title>, and a
<desc> saying that its figures are in the table beside it (the page always shows that table)."""

import xml.etree.ElementTree as ET

from markupsafe import Markup

SVG_NAMESPACE = "http://www.w3.org/2000/svg"


def inline_svg(svg: str, chart_id: str, description: str) -> Markup:
    """The chart as an inline <svg role="img"> with an id'd <title> and a <desc>, without its XML declaration."""
    ET.register_namespace("", SVG_NAMESPACE)
    root = ET.fromstring(svg)
    title = root.find(f"{{{SVG_NAMESPACE}}}title")
    root.set("role", "img")
    if title is not None:
        title.set("id", f"{chart_id}-title")
        desc = ET.Element(f"{{{SVG_NAMESPACE}}}desc", {"id": f"{chart_id}-desc"})
        desc.text = description
        root.insert(list(root).index(title) + 1, desc)
        root.set("aria-labelledby", f"{chart_id}-title {chart_id}-desc")
    root.set("id", chart_id)
    return Markup(ET.tostring(root, encoding="unicode"))
