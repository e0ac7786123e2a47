"""Print-only exhibits of a workshop as plain values: the dimension x role-group heatmap.

The groups are those the dashboard data already shows, so the anonymity threshold holds:
small groups were folded into "Other" or held back before they reach this module.
"""

from __future__ import annotations

from typing import Any

SHADES = 5  # heat-0 (lowest fifth of the scale) to heat-4


def _shade(value: float | None) -> int | None:
    return None if value is None else max(0, min(SHADES - 1, int(value // (100 / SHADES))))


def heatmap(dimensions: list[dict[str, Any]]) -> dict[str, Any]:
    """Columns (everyone, then each shown group) and one row of (mean, shade) cells per dimension."""
    keys: list[tuple[str, str]] = []
    for d in dimensions:
        for g in d["groups"]:
            if (g["key"], g["label"]) not in keys:
                keys.append((g["key"], g["label"]))
    rows = []
    for d in dimensions:
        means = {g["key"]: g["mean"] for g in d["groups"]}
        values = [d["mean"], *[means.get(key) for key, _label in keys]]
        rows.append({"title": d["title"], "cells": [(v, _shade(v)) for v in values]})
    return {"columns": [label for _key, label in keys], "rows": rows}
