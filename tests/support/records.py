"""Records made through the use-cases themselves, for tests that skip HTTP."""

from __future__ import annotations

from sqlalchemy.orm import Session

from assessment.models import QuestionnaireVersion, Response, Workshop
from assessment.services.questionnaires import compiled
from assessment.services.responses import save_page, start_response, submit_response
from assessment.services.workshops import join_workshop
from scoring import parse_answers
from tests.support.answers import PULSE_IT_LED, answers_of


def answered(
    session: Session, version: QuestionnaireVersion, pages: list[dict] = PULSE_IT_LED, workshop: Workshop | None = None
) -> Response:
    """A response with the pages' answers saved, not yet submitted (a workshop participant's when given)."""
    if workshop is not None:
        response = join_workshop(session, workshop, workshop.locale)
    else:
        response = start_response(session, version, "en")
    q = compiled(version)
    save_page(session, response, 0, parse_answers(q, answers_of(pages)), len(q.pages))
    return response


def submitted(
    session: Session, version: QuestionnaireVersion, pages: list[dict] = PULSE_IT_LED, workshop: Workshop | None = None
) -> Response:
    """A response answered and submitted."""
    response = answered(session, version, pages, workshop)
    assert submit_response(session, response)
    return response
