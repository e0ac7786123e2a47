"""Organisations, workshops, joining, closing and agreed answers."""

from __future__ import annotations

import logging
import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from assessment.db import utcnow
from assessment.models import (
    ROOM,
    SUBMITTED,
    AgreedAnswer,
    Organisation,
    QuestionnaireVersion,
    Response,
    User,
    Workshop,
)
from assessment.services.questionnaires import compiled
from assessment.services.responses import WorkshopClosed, new_token, start_response
from assessment.services.teams import CONSULTANT, organisation_for, visible_organisations, workshop_for
from scoring.answers import parse_value, to_jsonable

log = logging.getLogger(__name__)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: easy to read aloud and type
CODE_LENGTH = 6


def create_organisation(session: Session, owner: User, name: str) -> Organisation:
    """A new organisation of the consultant's team (ValueError for an account without a team)."""
    if owner.team_id is None:
        raise ValueError("only a consultant (a member of a team) creates organisations")
    organisation = Organisation(owner_id=owner.id, team_id=owner.team_id, name=name.strip())
    session.add(organisation)
    session.flush()
    return organisation


def organisations_of(session: Session, owner: User) -> list[Organisation]:
    """The organisations the person sees: their team's and those they were invited to."""
    return visible_organisations(session, owner)


def owned_organisation(session: Session, owner: User, organisation_id: int) -> Organisation | None:
    """The organisation if it is the consultant's team's; None otherwise (the caller answers 404 either way)."""
    return organisation_for(session, owner, organisation_id, CONSULTANT)


def owned_workshop(session: Session, owner: User, workshop_id: int) -> Workshop | None:
    """The workshop if it is the consultant's team's; None otherwise (the caller answers 404 either way)."""
    return workshop_for(session, owner, workshop_id, CONSULTANT)


def new_join_code(session: Session) -> str:
    for _ in range(20):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if session.scalars(select(Workshop.id).where(Workshop.join_code == code)).first() is None:
            return code
    raise RuntimeError("no free join code found")


def create_workshop(
    session: Session,
    organisation: Organisation,
    version: QuestionnaireVersion,
    title: str,
    threshold: int = 3,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    baseline: Workshop | None = None,
    locale: str = "en",
) -> Workshop:
    q = compiled(version)
    workshop = Workshop(
        organisation_id=organisation.id,
        organisation=organisation,
        questionnaire_version_id=version.id,
        questionnaire_version=version,
        title=title.strip(),
        join_code=new_join_code(session),
        link_token=new_token(24),
        anonymity_threshold=max(2, threshold),
        opens_at=opens_at,
        closes_at=closes_at,
        baseline_id=baseline.id if baseline else None,
        locale=locale if locale in q.locales else q.spec.default_locale,
    )
    session.add(workshop)
    session.flush()
    log.info("workshop %s created for organisation %s", workshop.id, organisation.id)
    return workshop


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())[:12]


def workshop_by_code(session: Session, code: str) -> Workshop | None:
    code = normalise_code(code)
    if len(code) != CODE_LENGTH:
        return None
    # a campaign's workshop (invitation mode) is reached only through personal links
    return session.scalars(select(Workshop).where(Workshop.join_code == code, Workshop.mode == ROOM)).first()


def workshop_by_link(session: Session, token: str) -> Workshop | None:
    """The open-room workshop of a join link, with its organisation and questionnaire version (the
    join page and the new response need all three: one query instead of three, per join)."""
    if not token or len(token) > 64:
        return None
    query = select(Workshop).options(joinedload(Workshop.organisation), joinedload(Workshop.questionnaire_version))
    return session.scalars(query.where(Workshop.link_token == token, Workshop.mode == ROOM)).first()


def join_workshop(session: Session, workshop: Workshop, locale: str, team: str | None = None) -> Response:
    if not workshop.is_open(utcnow()):
        raise WorkshopClosed()
    return start_response(
        session,
        workshop.questionnaire_version,
        locale,
        label=workshop.organisation.name,
        workshop_id=workshop.id,
        team=team,
    )


def close_workshop(session: Session, workshop: Workshop) -> bool:
    if workshop.closed_at is not None:
        return False
    workshop.closed_at = utcnow()
    session.flush()
    log.info("workshop %s closed", workshop.id)
    return True


def reopen_workshop(session: Session, workshop: Workshop) -> None:
    workshop.closed_at = None
    if workshop.closes_at is not None and workshop.closes_at <= utcnow():
        workshop.closes_at = None
    session.flush()


def submitted_responses(session: Session, workshop: Workshop) -> list[Response]:
    return list(
        session.scalars(
            select(Response)
            .where(Response.workshop_id == workshop.id, Response.status == SUBMITTED)
            .order_by(Response.id)
        )
    )


def agreed_answers(session: Session, workshop: Workshop) -> dict[str, AgreedAnswer]:
    rows = session.scalars(select(AgreedAnswer).where(AgreedAnswer.workshop_id == workshop.id))
    return {row.question_id: row for row in rows}


def record_agreed_answer(
    session: Session, workshop: Workshop, question_id: str, raw: Any, note: str | None, user: User
) -> AgreedAnswer:
    """Record (or replace) the group's agreed answer; ValueError when it is not a valid answer."""
    q = compiled(workshop.questionnaire_version)
    question = q.questions.get(question_id)
    if question is None or question.type == "text":
        raise ValueError("no such question")
    value = to_jsonable({question_id: parse_value(question, raw)})[question_id]
    row = agreed_answers(session, workshop).get(question_id)
    if row is None:
        row = AgreedAnswer(workshop_id=workshop.id, question_id=question_id)
        session.add(row)
    row.value = {"answer": value}
    row.note = (note or "").strip()[:500] or None
    row.recorded_by = user.id
    row.recorded_at = utcnow()
    session.flush()
    return row


def remove_agreed_answer(session: Session, workshop: Workshop, question_id: str) -> None:
    row = agreed_answers(session, workshop).get(question_id)
    if row is not None:
        session.delete(row)
        session.flush()


def earlier_workshops(session: Session, workshop: Workshop) -> list[Workshop]:
    """Other workshops of the same organisation created before this one (baseline candidates)."""
    return list(
        session.scalars(
            select(Workshop)
            .where(
                Workshop.organisation_id == workshop.organisation_id,
                Workshop.id != workshop.id,
                Workshop.created_at <= workshop.created_at,
            )
            .order_by(Workshop.created_at.desc())
        )
    )


def report_locale(workshop: Workshop, asked: str) -> str:
    """The language of a workshop's report (group or comparison): `asked` if its questionnaire is
    written in it, else the workshop's own; never one the questionnaire does not have."""
    return asked if asked in compiled(workshop.questionnaire_version).spec.locales else workshop.locale
