"""A workshop's group figures for the pages, the JSON export and the API: the group service's
result through the presenter (services never import presenters, so the two meet here)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from assessment.models import Workshop
from assessment.services.group import workshop_group
from assessment.services.questionnaires import compiled
from reports.group_presenter import WorkshopFacts, dashboard_figures
from scoring.group import GroupResult


def workshop_facts(workshop: Workshop) -> WorkshopFacts:
    return WorkshopFacts(workshop.id, workshop.title, workshop.closed_at is not None)


def kept_group(session: Session, workshop: Workshop) -> GroupResult:
    """The workshop's figures for a page or the API, committing the counted cells the read rebuilt
    (a read that finds them behind rebuilds them; committed, the next poll finds them current)."""
    group = workshop_group(session, workshop)
    session.commit()
    return group


def workshop_figures(session: Session, workshop: Workshop, locale: str) -> dict[str, Any]:
    """What the dashboard shows, without its chart definitions."""
    q = compiled(workshop.questionnaire_version)
    return dashboard_figures(q, workshop_facts(workshop), kept_group(session, workshop), locale)
