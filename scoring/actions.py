"""Recommended actions, in priority order.

Each triggered risk factor recommends its actions at the risk's severity. A dimension
whose current state trails its target by a scale point or more, or that sits at maturity
level 1 or 2, recommends its own actions: high priority for a gap of two points or
level 1, medium otherwise. Order: severity, then the gap weighted by the dimension's
importance (Gartner's maturity-vs-importance scoring), then the shorter horizon.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from scoring.format.schema import SEVERITIES
from scoring.results import DimensionResult, RecommendedAction, TriggeredRisk

if TYPE_CHECKING:
    from scoring.model import Questionnaire

GAP_THRESHOLD = 1.0
BIG_GAP = 2.0
_RANK = {severity: rank for rank, severity in enumerate(SEVERITIES)}


def recommend_actions(
    q: Questionnaire, risks: list[TriggeredRisk], dimensions: list[DimensionResult]
) -> list[RecommendedAction]:
    plan = q.plan
    top_weight = plan.top_weight
    weighted: dict[str | None, float] = {d.id: (d.shortfall or 0.0) * d.weight / top_weight for d in dimensions}
    found: dict[str, list[Any]] = {}  # action id -> [rank, weighted gap, reasons]
    risk_actions = plan.risk_actions
    for risk in risks:
        dimension, action_ids = risk_actions[risk.id]
        _add(found, action_ids, _RANK[risk.severity], weighted.get(dimension, 0.0), ("risk", risk.id))
    for dim in dimensions:
        severity = _gap_severity(dim)
        if severity:
            _add(found, plan.dimension_actions[dim.id], _RANK[severity], weighted[dim.id], ("gap", dim.id))
    horizons = plan.action_horizons
    keyed = sorted(
        (-rank, -gap, horizons[action_id], action_id, reasons) for action_id, (rank, gap, reasons) in found.items()
    )
    return [
        RecommendedAction(action_id, SEVERITIES[-rank], horizon, -gap, tuple(reasons))
        for rank, gap, horizon, action_id, reasons in keyed
    ]


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


def _gap_severity(dim: DimensionResult) -> str | None:
    if dim.score is None:
        return None
    if (dim.gap is not None and dim.gap >= BIG_GAP) or dim.maturity_level == 1:
        return "high"
    if (dim.gap is not None and dim.gap >= GAP_THRESHOLD) or (
        dim.maturity_level is not None and dim.maturity_level <= 2
    ):
        return "medium"
    return None
