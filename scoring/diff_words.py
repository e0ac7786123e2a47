"""How a questionnaire diff words what it reports: values as an author would write them, a question's
place, a risk factor's or action's short description, why a question has no counterpart."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from scoring.format.schema import Action, Anchor, RiskFactor
from scoring.group.results import NotCompared, Reason
from scoring.model import Question

# Why a question has no counterpart in NEW (`match_question`'s reasons), as this report words it.
UNMATCHED = {
    Reason.DROPPED: "dropped in the new version",
    Reason.MAPPED_TO_MISSING: "mapped to '{target}', which is not in the follow-up questionnaire",
    Reason.NOT_IN_FOLLOW_UP: "not in the follow-up questionnaire",
}


def unmatched_reason(item: NotCompared) -> str:
    return UNMATCHED[item.reason].format(**item.params)


def key_name(key: Any) -> str:
    return str(key) if isinstance(key, int) else f"'{key}'"


def place(question: Question) -> str:
    return f"dimension '{question.dimension}'" if question.dimension else "the profile"


def severity_note(risk: RiskFactor) -> str:
    return f" (severity {risk.severity})"


def owner_note(action: Action) -> str:
    return f" (owner {show(action.owner_role)}, {action.horizon} days)"


def anchor_text(anchor: Anchor | None) -> str:
    if anchor is None:
        return "none"
    return f"band {anchor.band}, failure rate {show(anchor.failure_rate)}"


def plain(value: Any) -> Any:
    """A JSON-ready copy of a value (models become mappings)."""
    if isinstance(value, BaseModel):
        return value.model_dump()
    return value


def show(value: Any) -> str:
    """A value as an author would write it: 'none', 'yes', 70, risk-a, risk-b, {question: q3, equals: yes}."""
    if value is None or value == []:
        return "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(show(item) for item in value)
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key}: {flow(item)}" for key, item in value.items()) + "}"
    return str(value)


def flow(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(flow(item) for item in value) + "]"
    return show(value)
