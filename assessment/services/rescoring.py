"""Scoring stored responses again, a batch at a time: their summaries and facts, on their own version.

For when the scoring of a version's responses has to be redone (an engine fix, facts stored
before there were facts): the background job calls `rescore_batch` per batch and commits
between batches, so progress shows and a stopped job loses at most one batch.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from assessment.models import SUBMITTED, QuestionnaireVersion, Response
from assessment.services.aggregates import replace_facts
from assessment.services.questionnaires import compiled
from assessment.services.responses import result_summary, stored_answers
from scoring import score_response


def find_version(session: Session, questionnaire_id: str, version: int) -> QuestionnaireVersion | None:
    return session.scalar(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.questionnaire_id == questionnaire_id, QuestionnaireVersion.version == version
        )
    )


def submitted_ids(session: Session, version_id: int) -> list[int]:
    """The submitted responses of a version, oldest first."""
    query = select(Response.id).where(Response.questionnaire_version_id == version_id, Response.status == SUBMITTED)
    return list(session.scalars(query.order_by(Response.id)))


def rescore_batch(session: Session, version: QuestionnaireVersion, ids: list[int]) -> int:
    """Score these responses again: summary, index and facts, their workshops' cells following (old facts out, new in).

    The submission's full result stays as it was submitted (the audit snapshot). Returns how many were scored.
    """
    q = compiled(version)
    responses = list(
        session.scalars(
            select(Response).where(
                Response.id.in_(ids), Response.questionnaire_version_id == version.id, Response.status == SUBMITTED
            )
        )
    )
    for response in responses:
        result = score_response(q, stored_answers(q, response.answers))
        response.summary = result_summary(result)
        response.readiness_index = result.readiness_index
    session.flush()
    replace_facts(session, q, responses)
    return len(responses)
