"""An action plan's progress and its plain values for the exports.

Progress sets the plan's baseline figures against the newest follow-up workshop, dimension by
dimension, with the actions done; `plan_view` is the plan as the PDF, CSV and calendar read it.
Editing the plan is in `plans`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.models import ActionPlan, Workshop
from assessment.services.group import workshop_group
from assessment.services.questionnaires import compiled
from scoring import Questionnaire
from scoring.model import NumberFormat, plain_number


@dataclass
class DimensionProgress:
    id: str
    title: str
    before: float | None
    after: float | None
    actions_done: int
    actions_total: int
    before_display: str = "–"
    after_display: str = "–"
    change_display: str = ""  # from the two figures as shown, so 41 -> 58 reads +17


@dataclass
class Progress:
    """The plan next to a later assessment of the same organisation."""

    later_title: str
    later_date: date
    dimensions: list[DimensionProgress] = field(default_factory=list)
    done: int = 0
    total: int = 0


def plan_progress(session: Session, plan: ActionPlan, number: NumberFormat = plain_number) -> Progress | None:
    """The plan's baseline workshop against its newest follow-up, on the same statistic both sides,
    its figures written by `number` (the page's locale; a decimal point by default).

    Before is the group result the plan was made from (agreed answers where recorded,
    typical answers elsewhere); now is the group result of the newest follow-up that names
    the plan's workshop as its baseline. A plan made from one response has no follow-up.
    """
    if plan.workshop_id is None:
        return None
    follow_ups = session.scalars(
        select(Workshop)
        .where(Workshop.baseline_id == plan.workshop_id, Workshop.organisation_id == plan.organisation_id)
        .order_by(Workshop.created_at.desc(), Workshop.id.desc())
    ).all()
    for workshop in follow_ups:
        group = workshop_group(session, workshop)
        if not group.suppressed and group.group_result is not None:
            return _progress(plan, workshop, {d.id: d.score for d in group.group_result.dimensions}, number)
    return None


def _progress(plan: ActionPlan, workshop: Workshop, after: dict[str, float | None], number: NumberFormat) -> Progress:
    q = compiled(plan.questionnaire_version)
    before = {d["id"]: d.get("score") for d in plan.source_summary.get("dimensions", [])}
    progress = Progress(workshop.title, workshop.created_at.date())
    for dimension in q.spec.dimensions:
        related = [i for i in plan.items if dimension.id in (i.dimensions or [])]
        was, now = before.get(dimension.id), after.get(dimension.id)
        progress.dimensions.append(
            DimensionProgress(
                dimension.id,
                q.text(dimension.title, plan.locale),
                was,
                now,
                sum(i.status == "done" for i in related),
                len(related),
                q.format_score(was, number),
                q.format_score(now, number),
                shown_change(q, was, now, number),
            )
        )
    progress.done = sum(i.status == "done" for i in plan.items)
    progress.total = len([i for i in plan.items if i.status != "dropped"])
    return progress


def shown_change(
    q: Questionnaire, before: float | None, after: float | None, number: NumberFormat = plain_number
) -> str:
    """The change between two scores as the reader sees them: the difference of the rounded figures."""
    shown_before, shown_after = q.display_score(before), q.display_score(after)
    if shown_before is None or shown_after is None:
        return ""
    decimals = q.scale.decimals
    change = round(round(shown_after, decimals) - round(shown_before, decimals), decimals)
    if change == 0:
        return "±0"
    return ("+" if change > 0 else "-") + number(abs(change), decimals)


def plan_view(
    plan: ActionPlan, progress: Progress | None = None, number: NumberFormat = plain_number
) -> dict[str, Any]:
    """The plan as plain values for the PDF, CSV and calendar exports (figures written by `number`)."""
    q = compiled(plan.questionnaire_version)
    summary = plan.source_summary or {}
    level = summary.get("maturity_level")
    return {
        "id": plan.id,
        "title": plan.title,
        "organisation": plan.organisation.name,
        "locale": plan.locale,
        "start_date": plan.start_date,
        "questionnaire": q.text(q.spec.title, plan.locale),
        "source": "workshop" if plan.workshop_id else "response",
        "index": summary.get("readiness_index"),
        "index_display": q.format_score(summary.get("readiness_index"), number),
        "scale_max": q.format_scale_max(number),
        "level": level,
        "top_level": q.levels[-1].level,
        "level_name": q.level_name(level, plan.locale) if level is not None else "",
        "band": (summary.get("risk_band") or {}).get("band"),
        "items": [
            {
                "position": n,
                "id": i.id,
                "title": i.title,
                "owner": i.owner,
                "horizon": i.horizon,
                "due_date": i.due_date,
                "status": i.status,
                "severity": i.severity,
                "success_measure": i.success_measure,
                "reasons": i.reasons,
                "updated_at": i.updated_at,
            }
            for n, i in enumerate(plan.items, 1)
        ],
        "progress": progress,
    }
