"""Print charts drawn as SVG in Python from the same Plotly figure dicts the web page uses: no browser.

Starting Chromium for kaleido cost about two seconds per worker and 0.1 s per chart; drawing
the few chart kinds a report prints (radar, horizontal bars, vertical bars) takes milliseconds.
Every text is escaped, labels keep the line breaks `reports.charts` chose (whole words, never
cut), axis titles and values are written out, and colours come from the figure unchanged.
"""

from __future__ import annotations

import math
from typing import Any
from xml.sax.saxutils import escape

FONT_FAMILY = "DejaVu Sans, Arial, sans-serif"
CHAR_WIDTH = 0.56  # DejaVu Sans: average advance per character, as a share of the font size
LEGEND_STEP = 1.4  # legend lines apart, in font sizes


class UnsupportedChart(ValueError):
    """A figure this module does not draw (a report only prints radar and bar charts)."""


def figure_svg(figure: dict[str, Any], width: int, height: int) -> str:
    """One figure as an SVG document of `width` x `height` pixels."""
    traces = figure.get("data", [])
    kind = traces[0].get("type") if len(traces) == 1 else None
    layout = figure.get("layout", {})
    if traces and all(t.get("type") == "bar" and t.get("orientation") == "h" for t in traces):
        body = _hbars(traces, layout, width, height)  # one series, or grouped (baseline and follow-up)
    elif kind == "scatterpolar":
        body = _radar(traces[0], layout, width, height)
    elif kind == "bar":
        body = _vbars(traces[0], layout, width, height)
    else:
        raise UnsupportedChart(f"cannot draw a print chart of {len(traces)} traces of type {kind}")
    font = layout.get("font", {})
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{escape(font.get("family", FONT_FAMILY))}" '
        f'font-size="{font.get("size", 12)}" fill="{_colour(font.get("color", "#222222"))}">'
        f'<rect width="{width}" height="{height}" fill="white"/>{body}</svg>'
    )


def _colour(value: Any) -> str:
    return escape(str(value), {'"': "&quot;"})


def _lines(label: Any) -> list[str]:
    """A label's lines as `reports.charts._wrapped` broke them, each escaped."""
    return [escape(part) for part in str(label).split("<br>")] or [""]


def _text_width(lines: list[str], size: float) -> float:
    return max((len(line) for line in lines), default=0) * size * CHAR_WIDTH


def _text(x: float, y: float, label: Any, size: float, anchor: str = "middle", middle: bool = True) -> str:
    """A (multi-line) label at (x, y); `middle`: the block is centred on y, else it starts there."""
    lines = _lines(label)
    step = size * 1.2
    top = y - step * (len(lines) - 1) / 2 if middle else y
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{top + i * step + size * 0.35:.1f}">{line}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text text-anchor="{anchor}" font-size="{size}">{spans}</text>'


def _number(value: float) -> str:
    return f"{value:g}"


def _radar(trace: dict[str, Any], layout: dict[str, Any], width: int, height: int) -> str:
    polar = layout.get("polar", {})
    radial, angular = polar.get("radialaxis", {}), polar.get("angularaxis", {})
    low, high = radial.get("range", [0, 100])
    labels, values = trace["theta"][:-1], trace["r"][:-1]
    size = angular.get("tickfont", {}).get("size", 12)
    label_width = max((_text_width(_lines(label), size) for label in labels), default=0)
    line_count = max((len(_lines(label)) for label in labels), default=1)
    radius = max(40.0, min(height / 2 - 14 - line_count * size * 1.2, width / 2 - label_width - 24))
    cx, cy = width / 2, height / 2
    grid = _colour(radial.get("gridcolor", "#bbbbbb"))

    def point(i: int, value: float) -> tuple[float, float]:
        angle = math.pi / 2 - 2 * math.pi * i / max(1, len(labels))  # first at the top, clockwise
        share = (float(value) - low) / (high - low) if high > low else 0
        return cx + radius * share * math.cos(angle), cy - radius * share * math.sin(angle)

    parts = []
    between = math.pi / 2 - math.pi / max(1, len(labels))  # tick values between the first two spokes
    for tick in radial.get("tickvals", []):
        r = radius * (float(tick) - low) / (high - low)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="none" stroke="{grid}"/>')
        x, y = cx + (r - 2) * math.cos(between), cy - (r - 2) * math.sin(between)
        parts.append(_text(x, y + 6, _number(tick), radial.get("tickfont", {}).get("size", 10), "end"))
    for i, label in enumerate(labels):
        x, y = point(i, high)
        parts.append(f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="{grid}"/>')
        parts.append(_radar_label(x - cx, y - cy, cx, cy, radius, label, size))
    outline = " ".join(f"{x:.1f},{y:.1f}" for x, y in (point(i, v) for i, v in enumerate(values)))
    line, marker = trace.get("line", {}), trace.get("marker", {})
    parts.append(
        f'<polygon points="{outline}" fill="{_colour(trace.get("fillcolor", "none"))}" '
        f'stroke="{_colour(line.get("color", "#1f5f8b"))}" stroke-width="{line.get("width", 2)}"/>'
    )
    for i, value in enumerate(values):
        x, y = point(i, value)
        dot = marker.get("size", 6) / 2
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{dot}" fill="{_colour(marker.get("color", "#1f5f8b"))}"/>')
    return "".join(parts)


def _radar_label(dx: float, dy: float, cx: float, cy: float, radius: float, label: Any, size: float) -> str:
    """A dimension's name just outside the outer ring, on the side its spoke points to."""
    unit_x, unit_y = dx / radius, dy / radius
    x, y = cx + dx + unit_x * 10, cy + dy + unit_y * 10
    anchor = "start" if unit_x > 0.15 else "end" if unit_x < -0.15 else "middle"
    lines = len(_lines(label))
    if unit_y < -0.7:  # above the chart: the block ends at the ring
        y -= size * 1.2 * (lines - 1) / 2 + 4
    elif unit_y > 0.7:
        y += size * 1.2 * (lines - 1) / 2 + 4
    return _text(x, y, label, size, anchor)


def _axis_range(axis: dict[str, Any], values: list[float]) -> tuple[float, float]:
    if "range" in axis:
        low, high = axis["range"]
        return float(low), float(high)
    top = max([float(v) for v in values if v is not None] or [1.0])
    return 0.0, max(1.0, top * 1.15)


def _ticks(axis: dict[str, Any], low: float, high: float) -> list[float]:
    if "tickvals" in axis:
        return [float(t) for t in axis["tickvals"]]
    step = 10 ** math.floor(math.log10(max(1e-9, (high - low) / 5)))
    for factor in (1, 2, 5, 10):
        if (high - low) / (step * factor) <= 6:
            step *= factor
            break
    return [low + step * i for i in range(int((high - low) / step) + 1)]


def _title(axis: dict[str, Any]) -> str:
    title = axis.get("title", {})
    return str(title.get("text", "")) if isinstance(title, dict) else str(title)


def _bar_style(trace: dict[str, Any]) -> str:
    marker = trace.get("marker", {})
    edge = marker.get("line", {})
    return (
        f'fill="{_colour(marker.get("color", "#1f5f8b"))}" stroke="{_colour(edge.get("color", "none"))}" '
        f'stroke-width="{edge.get("width", 0)}"'
    )


def _hbars(traces: list[dict[str, Any]], layout: dict[str, Any], width: int, height: int) -> str:
    """Rows from the bottom up (as Plotly orders categories), values and labels written out; several
    traces share each row (the first on top) and are named in a legend under the axis title."""
    axis, margin = layout.get("xaxis", {}), layout.get("margin", {})
    size = layout.get("font", {}).get("size", 12)
    labels = traces[0]["y"]
    texts = [text for trace in traces for text in trace.get("text", [])]
    label_width = max((_text_width(_lines(label), size) for label in labels), default=0)
    left = margin.get("l", 10) + label_width + 8
    value_width = max((_text_width(_lines(text), size) for text in texts), default=0)
    right = width - max(margin.get("r", 20), value_width + 10)  # the longest value label fits beside a full bar
    legend = len(traces) > 1
    top = margin.get("t", 20)
    legend_lines = (3.0 + LEGEND_STEP * len(traces)) if legend else 2.6  # one line per trace under the axis title
    bottom = height - max(margin.get("b", 50), legend_lines * size + 8)
    low, high = _axis_range(axis, [v for trace in traces for v in trace["x"]])

    def x_of(value: float) -> float:
        return float(left + (right - left) * (float(value) - low) / (high - low))

    parts = [_band(shape, x_of, top, bottom) for shape in layout.get("shapes", []) if shape.get("xref") == "x"]
    grid = _colour(axis.get("gridcolor", "#bbbbbb"))
    for tick in _ticks(axis, low, high):
        x = x_of(tick)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="{grid}"/>')
        parts.append(_text(x, bottom + size, _number(tick), size))
    parts.append(_text((left + right) / 2, bottom + 2.3 * size, _title(axis), size))
    band = (bottom - top) / max(1, len(labels))
    slot = band * 0.8 / len(traces)
    for i, label in enumerate(labels):
        middle = bottom - band * (i + 0.5)
        parts.append(_text(left - 8, middle, label, size, "end"))
        for j, trace in enumerate(traces):
            value = trace["x"][i]
            if value is None:
                continue
            y = middle - band * 0.4 + slot * j
            end = x_of(value)
            parts.append(
                f'<rect x="{x_of(low):.1f}" y="{y:.1f}" width="{max(0.0, end - x_of(low)):.1f}" '
                f'height="{slot:.1f}" {_bar_style(trace)}/>'
            )
            trace_texts = trace.get("text", [])
            if i < len(trace_texts):
                parts.append(_text(end + 5, y + slot / 2, trace_texts[i], size, "start"))
    if legend:  # each trace on a line of its own: the names hold workshop titles, often long
        x = margin.get("l", 10)
        for k, trace in enumerate(traces):
            y = bottom + (3.6 + LEGEND_STEP * k) * size
            name = _fitted(str(trace.get("name", "")), width - x - size - 8, size)
            swatch = f'x="{x:.1f}" y="{y - size / 2:.1f}" width="{size}" height="{size}"'
            parts.append(f"<rect {swatch} {_bar_style(trace)}/>")
            parts.append(_text(x + size + 4, y, name, size, "start"))
    return "".join(parts)


def _fitted(text: str, room: float, size: float) -> str:
    """`text`, cut with an ellipsis where it would run past `room` (the table beside the chart has it whole)."""
    fits = max(1, int(room / (size * CHAR_WIDTH)))
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def _band(shape: dict[str, Any], x_of: Any, top: float, bottom: float) -> str:
    """A level band behind the bars (x in data units, y across the whole plot)."""
    x0, x1 = x_of(shape["x0"]), x_of(shape["x1"])
    return (
        f'<rect x="{x0:.1f}" y="{top}" width="{max(0.0, x1 - x0):.1f}" height="{bottom - top:.1f}" '
        f'fill="{_colour(shape.get("fillcolor", "#eeeeee"))}"/>'
    )


def _vbars(trace: dict[str, Any], layout: dict[str, Any], width: int, height: int) -> str:
    """Categories left to right, counts above the bars, the y axis titled."""
    axis, margin = layout.get("yaxis", {}), layout.get("margin", {})
    size = layout.get("font", {}).get("size", 12)
    labels, values, texts = trace["x"], trace["y"], trace.get("text", [])
    line_count = max((len(_lines(label)) for label in labels), default=1)
    left, right = margin.get("l", 60), width - margin.get("r", 20)
    top = margin.get("t", 20) + size * 1.4
    bottom = height - max(margin.get("b", 40), line_count * size * 1.2 + 10)
    low, high = _axis_range(axis, values)

    def y_of(value: float) -> float:
        return float(bottom - (bottom - top) * (float(value) - low) / (high - low))

    grid = _colour(axis.get("gridcolor", "#bbbbbb"))
    parts = []
    counts = all(isinstance(v, int) for v in values)
    for tick in _ticks(axis, low, high):
        if counts and tick != int(tick):
            continue  # no half respondents
        y = y_of(tick)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{right}" y2="{y:.1f}" stroke="{grid}"/>')
        parts.append(_text(left - 6, y, _number(tick), size, "end"))
    title_x, title_y = left - 6 - _text_width(["0000"], size) - size, (top + bottom) / 2
    parts.append(
        f'<g transform="rotate(-90 {title_x:.1f} {title_y:.1f})">{_text(title_x, title_y, _title(axis), size)}</g>'
    )
    band = (right - left) / max(1, len(labels))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        middle = left + band * (i + 0.5)
        parts.append(_text(middle, bottom + size * 0.9, label, size, "middle", middle=False))
        if value is None:
            continue
        y = y_of(value)
        parts.append(
            f'<rect x="{middle - band * 0.4:.1f}" y="{y:.1f}" width="{band * 0.8:.1f}" '
            f'height="{max(0.0, bottom - y):.1f}" {_bar_style(trace)}/>'
        )
        if i < len(texts):
            parts.append(_text(middle, y - size * 0.8, texts[i], size))
    return "".join(parts)
