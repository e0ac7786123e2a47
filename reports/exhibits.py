"""Print-only exhibits as plain values: a workshop's dimension x role-group heatmap (means, named
so), a follow-up's change since its baseline, and the severity x dimension risk matrix.

The heatmap's groups are those the dashboard data already shows, so the anonymity threshold holds:
small groups were folded into "Other" or held back before they reach this module.
"""

from __future__ import annotations

from typing import Any

from reports.numbers import locale_number
from reports.result_presenter import severity_label
from scoring import Questionnaire
from scoring.group import GroupResult

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


def change_since(q: Questionnaire, base: GroupResult, follow: GroupResult, locale: str) -> dict[str, Any] | None:
    """A follow-up against its baseline on the statistic that leads (the group result), rounded
    figures and their differences; None when either side has no group result. Dimensions match
    by id; one the baseline lacks is left out."""
    before, after = base.group_result, follow.group_result
    if before is None or after is None or before.readiness_index is None or after.readiness_index is None:
        return None
    was = {d.id: d.score for d in before.dimensions}
    rows: list[dict[str, Any]] = []
    for d in after.dimensions:
        old = was.get(d.id)
        if old is None or d.score is None:
            continue
        rows.append(
            {
                "title": q.text(q.dimensions[d.id].title, locale),
                "before": q.format_score(old, locale_number),
                "after": q.format_score(d.score, locale_number),
                "change": round(float(q.format_score(d.score)) - float(q.format_score(old)), q.scale.decimals),
            }
        )
    rows.sort(key=lambda row: -abs(row["change"]))
    index_before, index_after = q.format_score(before.readiness_index), q.format_score(after.readiness_index)
    return {
        "before": q.format_score(before.readiness_index, locale_number),
        "after": q.format_score(after.readiness_index, locale_number),
        "change": round(float(index_after) - float(index_before), q.scale.decimals),
        "level_before": before.maturity_level,
        "level_after": after.maturity_level,
        "dimensions": rows,
    }


SEVERITIES = ("critical", "high", "medium", "low")


def risk_matrix(risks: list[Any]) -> dict[str, Any]:
    """Severity x dimension for one result: how many risks of each severity each dimension carries.

    `risks` are `reports.result_presenter.RiskView`s (title, severity, dimension title)."""
    dimensions: list[str] = []
    for r in risks:
        if r.dimension not in dimensions:
            dimensions.append(r.dimension)
    counted = [
        (d, [sum(1 for r in risks if r.dimension == d and r.severity == s) for s in SEVERITIES]) for d in dimensions
    ]
    counted.sort(key=lambda pair: [-c for c in pair[1]])
    rows = [{"title": d, "counts": counts} for d, counts in counted]
    return {"severities": [(s, severity_label(s)) for s in SEVERITIES], "rows": rows}
