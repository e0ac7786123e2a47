"""Starting, saving, submitting and scoring one response."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessment.db import changed_rows, utcnow
from assessment.models import IN_PROGRESS, SUBMITTED, QuestionnaireVersion, Response, Workshop
from assessment.services.aggregates import record_submission
from assessment.services.questionnaires import compiled
from scoring import Questionnaire, ReadinessResult, parse_answers, score_response
from scoring.answers import to_jsonable, visible_controls

log = logging.getLogger(__name__)
TOKEN_BYTES = 32  # 256 bits of randomness in every resume link


class WorkshopClosed(Exception):
    """The workshop does not accept participants or submissions now."""


class AlreadySubmitted(Exception):
    """The response was submitted; it can no longer change."""


@dataclass(frozen=True)
class MissingAnswer:
    page: int
    question_id: str


class AnswersMissing(Exception):
    def __init__(self, missing: list[MissingAnswer]):
        super().__init__(f"{len(missing)} required answer(s) missing")
        self.missing = missing


def new_token(nbytes: int = TOKEN_BYTES) -> str:
    """A URL-safe secret that never starts with "-".

    People paste these into commands (`readiness report TOKEN`); one that
    began with "-" would be read as an option there.
    """
    while True:
        token = secrets.token_urlsafe(nbytes)
        if not token.startswith("-"):
            return token


def start_response(
    session: Session,
    version: QuestionnaireVersion,
    locale: str,
    label: str | None = None,
    workshop_id: int | None = None,
    team: str | None = None,
) -> Response:
    q = compiled(version)
    response = Response(
        token=new_token(),
        questionnaire_version_id=version.id,
        questionnaire_version=version,
        locale=locale if locale in q.locales else q.spec.default_locale,
        label=visible_controls((label or "").strip()) or None,
        workshop_id=workshop_id,
        team=visible_controls((team or "").strip()) or None,
        answers={},
    )
    session.add(response)
    session.flush()
    return response


def find_response(session: Session, token: str) -> Response | None:
    if not token or len(token) > 64:
        return None
    return session.scalars(select(Response).where(Response.token == token)).first()


def stored_answers(q: Questionnaire, stored: dict[str, Any] | None) -> dict[str, Any]:
    """Stored (JSON) answers in normalised form; a value that no longer parses is left out."""
    answers = {}
    for qid, value in (stored or {}).items():
        if qid in q.questions:
            try:
                answers.update(parse_answers(q, {qid: value}))
            except ValueError:
                log.warning("stored answer to %s of %s is no longer valid; ignored", qid, q.id)
    return {qid: answers[qid] for qid in q.questions if qid in answers}


def merge_answers(stored: dict[str, Any] | None, page_answers: dict[str, Any]) -> dict[str, Any]:
    """Stored (JSON) answers with one page's normalised answers applied; None clears an answer."""
    merged = dict(stored or {})
    for qid, value in page_answers.items():
        if value is None:
            merged.pop(qid, None)
        else:
            merged[qid] = to_jsonable({qid: value})[qid]
    return merged


def save_page(session: Session, response: Response, page: int, page_answers: dict[str, Any], next_page: int) -> None:
    """Store the answers of one page (None clears an answer) and move the bookmark to `next_page`.

    A workshop's response is saved only while the workshop is open (WorkshopClosed otherwise).

    The stored mapping is replaced, not mutated, so SQLAlchemy writes it; `revision` is the
    optimistic lock that makes a concurrent save of the same response retry instead of losing data.
    """
    if response.submitted:
        raise AlreadySubmitted()
    if response.workshop_id is not None:
        workshop = session.get(Workshop, response.workshop_id)
        if workshop is None or not workshop.is_open(utcnow()):
            raise WorkshopClosed()
    merged = merge_answers(response.answers, page_answers)
    response.answers = merged
    role = merged.get("role")
    response.role = role if isinstance(role, str) else None
    response.current_page = max(0, next_page)
    session.flush()


def missing_required(q: Questionnaire, answers: dict[str, Any], pages: range | None = None) -> list[MissingAnswer]:
    """Required questions that are shown (given the answers) but not answered."""
    shown = q.visible(answers)
    missing = []
    for qid, question in q.questions.items():
        if pages is not None and question.page not in pages:
            continue
        if question.required and qid not in shown and q.is_shown(qid, shown):
            missing.append(MissingAnswer(question.page, qid))
    return missing


def submitted_fields(result: ReadinessResult) -> dict[str, Any]:
    """What a submission stores beside the answers: its state, time and the frozen result."""
    return {
        "status": SUBMITTED,
        "submitted_at": utcnow(),
        "result": result.to_dict(),
        "summary": result_summary(result),
        "readiness_index": result.readiness_index,
    }


def submit_response(session: Session, response: Response) -> bool:
    """Score and freeze the response; False when it was already submitted (nothing changes).

    The status change is a conditional UPDATE, so a double click, a replayed post or two
    workers racing record the submission exactly once.
    """
    if response.submitted:
        return False
    if response.workshop_id is not None:
        workshop = session.get(Workshop, response.workshop_id)
        if workshop is None or not workshop.is_open(utcnow()):
            raise WorkshopClosed()
    q = compiled(response.questionnaire_version)
    answers = stored_answers(q, response.answers)
    missing = missing_required(q, answers)
    if missing:
        raise AnswersMissing(missing)
    result = score_response(q, answers)
    changed = changed_rows(
        session,
        update(Response)
        .where(Response.id == response.id, Response.status == IN_PROGRESS)
        .values(**submitted_fields(result), revision=Response.revision + 1)
        .execution_options(synchronize_session=False),
    )
    session.expire(response)
    if changed == 1:
        record_submission(session, response)
    return changed == 1


def result_summary(result: ReadinessResult) -> dict[str, Any]:
    """The few figures group views need, small enough to load a thousand at once.

    The same as `summary_of_dict(result.to_dict())`, without building the whole explained
    result first (re-scoring a version's responses spent most of its time there).
    """
    return {
        "readiness_index": _tenth(result.readiness_index),
        "maturity_level": result.maturity_level,
        "risk_band": {"band": result.risk_band.band if result.risk_band is not None else None},
        "dimensions": [{"id": d.id, "score": _tenth(d.score)} for d in result.dimensions],
        "risk_factors": [{"id": r.id} for r in result.risk_factors],
    }


def _tenth(value: float | None) -> float | None:
    """Rounded as `ReadinessResult.to_dict` rounds (floats only)."""
    return round(value, 1) if isinstance(value, float) else value


def summary_of_dict(data: dict[str, Any]) -> dict[str, Any]:
    """The same summary from a stored `ReadinessResult.to_dict()` (used by the migration too)."""
    return {
        "readiness_index": data.get("readiness_index"),
        "maturity_level": data.get("maturity_level"),
        "risk_band": {"band": (data.get("risk_band") or {}).get("band")},
        "dimensions": [{"id": d["id"], "score": d.get("score")} for d in data.get("dimensions", [])],
        "risk_factors": [{"id": r["id"]} for r in data.get("risk_factors", [])],
    }


def result_of(response: Response) -> tuple[Questionnaire, dict[str, Any], ReadinessResult]:
    """Re-score the response on the version it was answered on (always the same result)."""
    q = compiled(response.questionnaire_version)
    answers = stored_answers(q, response.answers)
    return q, answers, score_response(q, answers)
