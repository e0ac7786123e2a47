"""Every chart of the product, as Plotly figure dicts.

The results page hands them to Plotly.js as JSON; the PDF draws the same figures as SVG
(`reports.print_charts`, or kaleido with PDF_CHARTS=kaleido). Colours are a dark-to-light grey scale with a
single accent, and every value is also written as text, so charts survive black-and-white
printing and screen readers have the numbers in the table next to each chart.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from reports.result_presenter import ResultView

ACCENT = "#1f5f8b"
INK = "#222222"
GRID = "#bbbbbb"
BAND_SHADES = ["#f2f2f2", "#e0e0e0", "#cccccc", "#b3b3b3", "#999999"]
FONT = {"family": "DejaVu Sans, Arial, sans-serif", "size": 12, "color": INK}


def _wrapped(title: str, width: int = 28) -> str:
    """A label on lines of about `width` characters (Plotly's <br>), whole words kept: never cut."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _scale(view: ResultView) -> tuple[float, float]:
    return float(view.scale_min), float(view.scale_max)


def _level_bands(view: ResultView) -> list[tuple[float, float]]:
    """(start, end) of each maturity level on the display scale."""
    low, high = _scale(view)
    starts = view.level_starts or [low + (high - low) * i / 5 for i in range(5)]
    return list(zip(starts, [*starts[1:], high], strict=True))


def radar_figure(view: ResultView) -> dict[str, Any]:
    """Dimension scores on a radar over the display scale, with the maturity level boundaries as rings."""
    assessed = [d for d in view.dimensions if d.score is not None]
    labels = [_wrapped(d.title, 22) for d in assessed]
    scores = [d.value for d in assessed]
    low, high = _scale(view)
    return {
        "data": [
            {
                "type": "scatterpolar",
                "r": scores + scores[:1],
                "theta": labels + labels[:1],
                "fill": "toself",
                "fillcolor": "rgba(31,95,139,0.25)",
                "line": {"color": ACCENT, "width": 2},
                "marker": {"size": 6, "color": ACCENT},
                "name": _("Score"),
                "hovertemplate": "%{theta}: %{r}<extra></extra>",
            }
        ],
        "layout": {
            "polar": {
                "radialaxis": {
                    "range": [low, high],
                    "tickvals": sorted({start for start, _end in _level_bands(view)[1:]} | {high}),
                    "gridcolor": GRID,
                    "tickfont": {"size": 10},
                },
                "angularaxis": {"gridcolor": GRID, "tickfont": {"size": 13}},
            },
            "showlegend": False,
            "margin": {"l": 160, "r": 160, "t": 40, "b": 40},
            "font": FONT,
            "paper_bgcolor": "white",
        },
    }


def _level_shapes(view: ResultView) -> list[dict[str, Any]]:
    bands = _level_bands(view)
    return [
        {
            "type": "rect",
            "xref": "x",
            "yref": "paper",
            "x0": start,
            "x1": end,
            "y0": 0,
            "y1": 1,
            "fillcolor": BAND_SHADES[round(i * (len(BAND_SHADES) - 1) / max(1, len(bands) - 1))],
            "line": {"width": 0},
            "layer": "below",
        }
        for i, (start, end) in enumerate(bands)
    ]


def bars_figure(view: ResultView) -> dict[str, Any]:
    """Horizontal bars per dimension, values printed on the bars, level bands shaded behind."""
    return _bars(view, [d for d in view.dimensions if d.score is not None][::-1])


def groups_figure(view: ResultView) -> dict[str, Any]:
    """Horizontal bars per group of dimensions (business function, pillar), like the dimension bars."""
    return _bars(view, [g for g in view.groups if g.score is not None][::-1])


def _bars(view: ResultView, rows: list[Any]) -> dict[str, Any]:
    low, high = _scale(view)
    ticks = sorted({start for start, _end in _level_bands(view)} | {high})
    return {
        "data": [
            {
                "type": "bar",
                "orientation": "h",
                "x": [row.value for row in rows],
                "y": [_wrapped(row.title, 30) for row in rows],
                "text": [f"{row.score_display} · {_('level')} {row.level}" for row in rows],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": ACCENT, "line": {"color": INK, "width": 1}},
                "hovertemplate": "%{y}: %{x}<extra></extra>",
            }
        ],
        "layout": {
            "xaxis": {
                "range": [low, high + (high - low) * 0.15],
                "tickvals": ticks,
                "gridcolor": GRID,
                "title": {"text": _("Score")},
            },
            "yaxis": {"automargin": True},
            "shapes": _level_shapes(view),
            "showlegend": False,
            "margin": {"l": 10, "r": 110, "t": 20, "b": 50},
            "font": FONT,
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "height": 70 + 40 * max(1, len(rows)),
        },
    }


def result_charts(view: ResultView) -> dict[str, dict[str, Any]]:
    charts = {"radar": radar_figure(view), "bars": bars_figure(view)}
    if view.groups:
        charts["groups"] = groups_figure(view)
    return charts


def screen_result_charts(view: ResultView) -> dict[str, dict[str, Any]]:
    """The result charts for a web page: full titles, which the browser wraps to the width it has
    (print shortens them to fit the page)."""
    charts = result_charts(view)
    assessed = [d.title for d in view.dimensions if d.score is not None]
    charts["radar"]["data"][0]["theta"] = assessed + assessed[:1]
    charts["bars"]["data"][0]["y"] = assessed[::-1]
    if "groups" in charts:
        charts["groups"]["data"][0]["y"] = [g.title for g in view.groups if g.score is not None][::-1]
    return charts


GROUP_COLOURS = ["#1f5f8b", "#7a7a7a", "#c98b00", "#3d7a3d", "#8b1f4f", "#333333"]
GROUP_PATTERNS = ["", "/", ".", "x", "-", "+"]  # so groups stay apart when printed in black and white


def maturity_distribution_figure(maturity: list[dict[str, Any]]) -> dict[str, Any]:
    """How many respondents sit at each maturity level."""
    return {
        "data": [
            {
                "type": "bar",
                "x": [_wrapped(f"{m['level']} · {m['name']}", 12) for m in maturity],
                "y": [m["count"] for m in maturity],
                "text": [str(m["count"]) for m in maturity],
                "textposition": "outside",
                "cliponaxis": False,
                "marker": {"color": ACCENT, "line": {"color": INK, "width": 1}},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": {
            "yaxis": {"title": {"text": _("Respondents")}, "rangemode": "tozero", "gridcolor": GRID},
            "margin": {"l": 60, "r": 20, "t": 20, "b": 60},
            "font": FONT,
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "height": 320,
        },
    }


def dimension_groups_figure(dimensions: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean score per dimension for everyone, and per role group where groups are shown."""
    titles = [_wrapped(d["title"], 30) for d in dimensions][::-1]
    traces = [
        {
            "type": "bar",
            "orientation": "h",
            "name": _("Everyone"),
            "y": titles,
            "x": [d["mean"] for d in dimensions][::-1],
            "marker": {"color": INK},
        }
    ]
    keys: list[tuple[str, str]] = []
    for d in dimensions:
        for g in d["groups"]:
            if (g["key"], g["label"]) not in keys:
                keys.append((g["key"], g["label"]))
    for i, (key, label) in enumerate(keys):
        means = [next((g["mean"] for g in d["groups"] if g["key"] == key), None) for d in dimensions][::-1]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "name": label,
                "y": titles,
                "x": means,
                "marker": {
                    "color": GROUP_COLOURS[(i + 1) % len(GROUP_COLOURS)],
                    "pattern": {"shape": GROUP_PATTERNS[(i + 1) % len(GROUP_PATTERNS)]},
                },
            }
        )
    return {
        "data": traces,
        "layout": {
            "barmode": "group",
            "xaxis": {"range": [0, 100], "title": {"text": _("Mean score")}, "gridcolor": GRID},
            "yaxis": {"automargin": True},
            "legend": {"orientation": "h", "y": -0.15},
            "margin": {"l": 10, "r": 20, "t": 20, "b": 80},
            "font": FONT,
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "height": 140 + len(dimensions) * (16 + 10 * len(traces)),
        },
    }


def comparison_figure(dimensions: list[dict[str, Any]], before: str, after: str) -> dict[str, Any]:
    """Baseline and follow-up mean score per dimension, side by side (dimensions with both)."""
    rows = [d for d in dimensions if d["before"] is not None and d["after"] is not None][::-1]
    titles = [d["title"] for d in rows]

    def trace(name: str, key: str, colour: str, pattern: str) -> dict[str, Any]:
        return {
            "type": "bar",
            "orientation": "h",
            "name": name,
            "y": titles,
            "x": [d[key] for d in rows],
            "text": [str(d[key]) for d in rows],
            "textposition": "outside",
            "marker": {"color": colour, "line": {"color": INK, "width": 1}, "pattern": {"shape": pattern}},
            "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>",
        }

    return {
        "data": [trace(before, "before", "#b3b3b3", "/"), trace(after, "after", ACCENT, "")],
        "layout": {
            "barmode": "group",
            "xaxis": {"range": [0, 100], "title": {"text": _("Mean score")}, "gridcolor": GRID},
            "yaxis": {"automargin": True},
            "legend": {"orientation": "h", "y": -0.15, "traceorder": "reversed"},
            "margin": {"l": 10, "r": 20, "t": 20, "b": 80},
            "font": FONT,
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "height": 140 + 44 * max(1, len(rows)),
        },
    }


def question_distribution_figure(question: dict[str, Any]) -> dict[str, Any]:
    """How many participants gave each answer to one question (presenter mode)."""
    shown = question["distribution"]
    return {
        "data": [
            {
                "type": "bar",
                "x": [d["label"] for d in shown],
                "y": [d["count"] for d in shown],
                "text": [str(d["count"]) for d in shown],
                "textposition": "outside",
                "marker": {"color": ACCENT, "line": {"color": INK, "width": 1}},
                "hovertemplate": "%{x}: %{y}<extra></extra>",
            }
        ],
        "layout": {
            "yaxis": {
                "title": {"text": _("Participants")},
                "rangemode": "tozero",
                "gridcolor": GRID,
                "automargin": True,
            },
            "xaxis": {"automargin": True},
            "margin": {"l": 60, "r": 20, "t": 30, "b": 40},
            "font": {**FONT, "size": 16},
            "paper_bgcolor": "white",
            "plot_bgcolor": "white",
            "height": 380,
        },
    }
