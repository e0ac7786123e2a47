"""SVG text placed at one point, laid out and drawn as one run instead of letter by letter.

WeasyPrint 70 lays out and draws every letter of an SVG `<text>` or `<tspan>` on its own
(`weasyprint.svg.text.text`), so that per-letter `x`, `y`, `dx`, `dy` and `rotate` lists and
`letter-spacing` work. A report's two print charts carry about 700 letters, which cost
0.3-0.45 s of a report's 2.4 s. Their text never uses per-letter positions: each line is a
`<tspan>` with one `x` and one `y`. For such a run this draws the line with the layout the
original already makes of the whole text (one Pango layout instead of one per letter),
placed where the original would place its first letter; the letters then follow in the
order the original advances its cursor, so the run ends where the original's would, and
its bounding box (which `text-anchor` shifts by) is the same. Any other text goes to the
original unchanged. Kerning now applies inside a run, as it does in HTML text.

`install()` replaces the `text`, `tspan`, `textPath` and `a` handlers of WeasyPrint's SVG
drawing (and the name its drawing compares them with to apply `text-anchor`). It refuses any
WeasyPrint other than the one it was written against and leaves the original in place
(tests/reports/test_svg_text.py then fails, to say so).
"""

from __future__ import annotations

import logging
from math import inf
from typing import Any

log = logging.getLogger(__name__)

WRITTEN_FOR = "70.0"
PER_LETTER = ("letter-spacing", "textLength", "rotate")


def _single(node: Any, name: str) -> bool:
    """The attribute is absent or holds one value (a per-letter list has several)."""
    from weasyprint.svg.utils import normalize

    value = node.attrib.get(name)
    return value is None or len(normalize(value).split()) <= 1


def one_run(node: Any) -> bool:
    """Whether the original would place every letter after the first by its cursor alone."""
    if not node.text or any(node.get(name) for name in PER_LETTER):
        return False
    return all(_single(node, name) for name in ("x", "y", "dx", "dy"))


def install() -> bool:
    """Use the one-run drawing for SVG text; False (original kept) on another WeasyPrint."""
    import weasyprint
    from weasyprint import svg as weasy_svg

    if weasyprint.__version__ != WRITTEN_FOR:
        log.warning(
            "SVG text drawn letter by letter: written for WeasyPrint %s, found %s", WRITTEN_FOR, weasyprint.__version__
        )
        return False
    installed = weasy_svg.TAGS["text"]
    if getattr(installed, "original", None) is not None:
        return True  # installed already
    original = installed  # weasyprint.svg.text.text (the package's name `text` is this function)

    def text(svg: Any, node: Any, font_size: float) -> None:
        if one_run(node):
            _draw_run(svg, node, font_size)
        else:
            original(svg, node, font_size)

    text.original = original  # type: ignore[attr-defined]  # marks it installed; the test compares the two
    weasy_svg.text = text  # the drawing compares handlers with this name to find text (anchors)
    for tag in ("a", "text", "textPath", "tspan"):
        weasy_svg.TAGS[tag] = text
    return True


def _draw_run(svg: Any, node: Any, font_size: float) -> None:
    """`weasyprint.svg.text.text` (70.0) for a run with no per-letter position: one layout, one draw."""
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.text import TextBox
    from weasyprint.text.line_break import split_first_line

    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
    x, y = _first(node, "x", font_size, svg.inner_width), _first(node, "y", font_size, svg.inner_height)
    dx, dy = _first(node, "dx", font_size, svg.inner_width), _first(node, "dy", font_size, svg.inner_height)
    if x:  # as the original: a zero x does not reset the shift either
        svg.cursor_d_position[0] = 0
    if y:
        svg.cursor_d_position[1] = 0
    svg.cursor_d_position[0] += dx or 0
    svg.cursor_d_position[1] += dy or 0
    x = svg.cursor_position[0] if x is None else x
    y = svg.cursor_position[1] if y is None else y
    svg.cursor_position = x + width, y
    x_position = x + svg.cursor_d_position[0]
    y_position = y + svg.cursor_d_position[1] + _y_align(node, font_size, height)
    points = ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height))
    node.text_bounding_box = extend_bounding_box(node.text_bounding_box, points)

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    text_box = TextBox(layout, style)
    text_box.baseline = baseline
    emojis = draw_first_line(svg.stream, text_box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
    svg.stream.end_text()
    svg.stream.pop_state()
    draw_emojis(svg.stream, style, x, y, emojis)


def _style(svg: Any, node: Any, font_size: float) -> Any:
    """The font the original gives the text (its own simplified style, not the computed one)."""
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.svg.text import Style

    style = Style()
    style.update(INITIAL_VALUES)
    style.font_config = svg.font_config
    style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
    style["font_style"] = node.get("font-style", "normal")
    style["font_size"] = font_size
    if node.get("direction") in ("ltr", "rtl"):
        style["direction"] = node.get("direction")
    weight = node.get("font-weight", 400)
    try:
        style["font_weight"] = {"normal": 400, "bold": 700}.get(weight) or int(weight)
    except ValueError:
        style["font_weight"] = 400
    return style


def _first(node: Any, name: str, font_size: float, extent: float) -> float | None:
    from weasyprint.svg.utils import normalize, size

    value = node.attrib.get(name)
    return None if value is None else float(size(normalize(value).strip(), font_size, extent))


ASCENT, DESCENT = 0.8, 0.2  # of the font size, as the original takes them (not the font's own)
TOP = ("text-before-edge", "before_edge", "top", "hanging", "text-top")
BOTTOM = ("text-after-edge", "after_edge", "bottom", "text-bottom")


def _y_align(node: Any, font_size: float, height: float) -> float:
    """The original's vertical shift for `display-anchor` and `dominant-baseline`."""
    display_anchor = node.get("display-anchor")
    alignment = node.get("dominant-baseline", node.get("alignment-baseline"))
    if display_anchor in ("middle", "bottom", "top"):
        return {"middle": -height / 2, "bottom": -height, "top": 0.0}[display_anchor]
    if alignment in ("central", "middle"):
        return (ASCENT + DESCENT) * font_size / 2 - DESCENT * font_size
    if alignment in TOP:
        return ASCENT * font_size
    if alignment in BOTTOM:
        return -DESCENT * font_size
    return 0.0
