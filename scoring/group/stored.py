"""A workshop's figures as plain JSON and back, so that they can be kept when the answers are not.

A retention rule deletes the raw answers of old workshops; what the dashboard, the reports
and the comparisons show is kept in this form. The group's own result is not stored: it is
scored again from the group's answer set, which is part of the figures.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from scoring.answers import parse_answers
from scoring.engine import score_response
from scoring.group.results import DimensionStat, GroupResult, IndexStats, QuestionStat, RiskStat, RoleGap
from scoring.model import Questionnaire


def group_to_dict(group: GroupResult) -> dict[str, Any]:
    """JSON-ready figures (everything but the group's result, which is scored again on reading)."""
    data = asdict(group)
    data.pop("group_result", None)
    data["maturity_distribution"] = [[level, count] for level, count in group.maturity_distribution.items()]
    for question in data["questions"]:
        question["distribution"] = [[key, count] for key, count in question["distribution"].items()]
    return data


def group_from_dict(q: Questionnaire, data: dict[str, Any]) -> GroupResult:
    """The figures `group_to_dict` kept, read back against the questionnaire they were made with."""
    index = IndexStats(**data["index"]) if data.get("index") else None
    answers = data.get("group_answers") or {}
    suppressed = bool(data["suppressed"])
    return GroupResult(
        respondents=int(data["respondents"]),
        suppressed=suppressed,
        threshold=int(data["threshold"]),
        roles=[(key, count) for key, count in data.get("roles", [])],
        teams=[(key, count) for key, count in data.get("teams", [])],
        index=index,
        maturity_distribution={int(level): count for level, count in data.get("maturity_distribution", [])},
        band_distribution=dict(data.get("band_distribution", {})),
        dimensions=[DimensionStat(**item) for item in data.get("dimensions", [])],
        questions=[_question(item) for item in data.get("questions", [])],
        disagreements=list(data.get("disagreements", [])),
        role_gaps=[RoleGap(**item) for item in data.get("role_gaps", [])],
        risks=[RiskStat(**item) for item in data.get("risks", [])],
        group_answers=dict(answers),
        group_result=None if suppressed else score_response(q, parse_answers(q, answers)),
        answered_by_agreed=list(data.get("answered_by_agreed", [])),
    )


def _question(item: dict[str, Any]) -> QuestionStat:
    fields = dict(item)
    fields["distribution"] = {key: count for key, count in item["distribution"]}
    return QuestionStat(**fields)
