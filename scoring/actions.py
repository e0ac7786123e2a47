"""Recommended actions, in priority order: the vital few first.

Each triggered risk factor recommends its actions at the risk's severity (and so do the
risks it absorbed, at theirs), so the share of high and critical actions follows the
evidence behind the risks, not the number of questions. A dimension recommends its own
actions only where it is really weak: a score under 30 (medium priority) or under 50
(low), or a current state two scale points or more below its target while the score is
under 75 (low). An action whose `unless` condition holds is left out: the answers show it
is already in place. Order: severity, then the gap weighted by the dimension's importance
(Gartner's maturity-vs-importance scoring), then the shorter horizon.
"""

from __future__ import annotations

from typing import Any

from scoring.format.schema import SEVERITIES
from scoring.results import DimensionResult, RecommendedAction, TriggeredRisk

VERY_WEAK = 30.0
WEAK = 50.0
BIG_GAP = 2.0
GAP_CEILING = 75.0
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def recommend_actions(
    q: Any, risks: list[TriggeredRisk], dimensions: list[DimensionResult], shown: dict[str, Any]
) -> tuple[list[RecommendedAction], tuple[str, ...]]:
    """The actions in priority order, and those left out because the answers show them in place."""
    plan = q.plan
    top_weight = plan.top_weight
    weighted: dict[str | None, float] = {d.id: (d.shortfall or 0.0) * d.weight / top_weight for d in dimensions}
    found: dict[str, list[Any]] = {}  # action id -> [rank, weighted gap, reasons]
    risk_actions = plan.risk_actions
    for risk in risks:
        dimension, action_ids, rank = risk_actions[risk.id]
        _add(found, action_ids, rank, weighted.get(dimension, 0.0), ("risk", risk.id))
        for absorbed in risk.absorbed:
            dimension, action_ids, rank = risk_actions[absorbed]
            _add(found, action_ids, rank, weighted.get(dimension, 0.0), ("risk", absorbed))
    for dim in dimensions:
        severity = _weakness(dim)
        if severity:
            _add(found, plan.dimension_actions[dim.id], _RANK[severity], weighted[dim.id], ("gap", dim.id))
    in_place = _in_place(plan.unless, found, shown)
    horizons = plan.action_horizons
    keyed = sorted(
        (-rank, -gap, horizons[action_id], action_id, reasons)
        for action_id, (rank, gap, reasons) in found.items()
        if action_id not in in_place
    )
    actions = [
        RecommendedAction(action_id, SEVERITIES[-rank], horizon, -gap, tuple(reasons))
        for rank, gap, horizon, action_id, reasons in keyed
    ]
    return actions, in_place


def _in_place(unless: dict[str, Any], found: dict[str, list[Any]], shown: dict[str, Any]) -> tuple[str, ...]:
    """The found actions whose `unless` test holds on the answers shown."""
    if not unless:
        return ()
    return tuple(action_id for action_id in found if action_id in unless and unless[action_id](shown))


def _add(
    found: dict[str, list[Any]], action_ids: tuple[str, ...], rank: int, gap: float, reason: tuple[str, str]
) -> None:
    for action_id in action_ids:
        entry = found.get(action_id)
        if entry is None:
            found[action_id] = [rank, gap, [reason]]
        else:
            if rank > entry[0]:
                entry[0] = rank
            if gap > entry[1]:
                entry[1] = gap
            entry[2].append(reason)


def _weakness(dim: DimensionResult) -> str | None:
    """The priority a dimension's own actions get: only real weakness counts."""
    score = dim.score
    if score is None:
        return None
    if score < VERY_WEAK:
        return "medium"
    if score < WEAK or (dim.gap is not None and dim.gap >= BIG_GAP and score < GAP_CEILING):
        return "low"
    return None
