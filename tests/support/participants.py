"""Workshop participants as the group service reads them, for the scoring tests."""

from __future__ import annotations

from scoring import parse_answers, score_response
from scoring.group import Participant
from tests.support.questionnaires import minimal


def person(answers, team=None, q=None, role="from answers"):
    """A participant as the service reads one: from the result stored with the response."""
    q = q or minimal()
    stored = score_response(q, parse_answers(q, answers)).to_dict()
    return Participant.from_result_dict(answers.get("role") if role == "from answers" else role, team, answers, stored)
