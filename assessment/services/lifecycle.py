"""Renaming and deleting organisations, workshops and single responses; changing a workshop's
threshold and closing time; deleting old raw answers while keeping the figures.

Deleting says first what goes (`*_contents`). Action plans are HR's work: deleting a
workshop or a response keeps the plans made from them (they lose the link); deleting an
organisation deletes its plans with it. A threshold never goes down once answers are in,
so a change can never show a group that was hidden.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, delete, func, select, update
from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import (
    SUBMITTED,
    ActionChange,
    ActionItem,
    ActionPlan,
    AgreedAnswer,
    Invitation,
    Membership,
    Organisation,
    Response,
    Workshop,
)
from assessment.models_branding import BrandingRecord
from assessment.models_imports import ImportBatch
from assessment.services.aggregates import clear_cells, count_out
from assessment.services.group import workshop_group
from scoring.group.stored import group_to_dict

log = logging.getLogger(__name__)
THRESHOLD_RANGE = (2, 50)


class ChangeRefused(ValueError):
    """The change would break a promise (anonymity, or answers already deleted); the message says which."""


@dataclass(frozen=True)
class Contents:
    """What deleting something removes (and, for a workshop, the plans that stay)."""

    workshops: int = 0
    responses: int = 0
    plans: int = 0
    agreed_answers: int = 0
    imports: int = 0
    people: int = 0
    plans_kept: int = 0


def rename(session: Session, thing: Organisation | Workshop, name: str) -> str:
    """Give the organisation or workshop a new name; returns the old one."""
    name = " ".join(name.split())[:200]
    if not name:
        raise ChangeRefused("a name is needed")
    old = thing.name if isinstance(thing, Organisation) else thing.title
    if isinstance(thing, Organisation):
        thing.name = name
    else:
        thing.title = name
    session.flush()
    return old


def _count(session: Session, model: type, *conditions: ColumnElement[bool]) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions)) or 0


def workshop_contents(session: Session, workshop: Workshop) -> Contents:
    return Contents(
        responses=_count(session, Response, Response.workshop_id == workshop.id),
        agreed_answers=_count(session, AgreedAnswer, AgreedAnswer.workshop_id == workshop.id),
        imports=_count(session, ImportBatch, ImportBatch.workshop_id == workshop.id),
        plans_kept=_count(session, ActionPlan, ActionPlan.workshop_id == workshop.id),
    )


def organisation_contents(session: Session, organisation: Organisation) -> Contents:
    workshops = select(Workshop.id).where(Workshop.organisation_id == organisation.id)
    return Contents(
        workshops=_count(session, Workshop, Workshop.organisation_id == organisation.id),
        responses=_count(session, Response, Response.workshop_id.in_(workshops)),
        plans=_count(session, ActionPlan, ActionPlan.organisation_id == organisation.id),
        agreed_answers=_count(session, AgreedAnswer, AgreedAnswer.workshop_id.in_(workshops)),
        imports=_count(session, ImportBatch, ImportBatch.workshop_id.in_(workshops)),
        people=_count(session, Membership, Membership.organisation_id == organisation.id),
    )


def _forget_responses(session: Session, responses: Select[int], *, whole_workshop: int | None = None) -> None:
    """Delete the responses selected by `responses` (a select of ids); plans made from them stay.

    Their facts leave the dashboard's cells first: all of them when they are the whole of
    workshop `whole_workshop`, else counted out (`aggregates.count_out`).
    """
    if whole_workshop is not None:
        clear_cells(session, whole_workshop)
    else:
        count_out(session, Response.id.in_(responses))
    session.execute(update(ActionPlan).where(ActionPlan.response_id.in_(responses)).values(response_id=None))
    session.execute(delete(Response).where(Response.id.in_(responses)).execution_options(synchronize_session=False))


def delete_workshop(session: Session, workshop: Workshop) -> Contents:
    contents = workshop_contents(session, workshop)
    session.execute(update(ActionPlan).where(ActionPlan.workshop_id == workshop.id).values(workshop_id=None))
    session.execute(update(Workshop).where(Workshop.baseline_id == workshop.id).values(baseline_id=None))
    responses = select(Response.id).where(Response.workshop_id == workshop.id)
    _forget_responses(session, responses, whole_workshop=workshop.id)
    session.execute(delete(ImportBatch).where(ImportBatch.workshop_id == workshop.id))
    session.execute(delete(AgreedAnswer).where(AgreedAnswer.workshop_id == workshop.id))
    session.delete(workshop)
    session.flush()
    log.info("workshop %s deleted with %d responses", workshop.id, contents.responses)
    return contents


def delete_organisation(session: Session, organisation: Organisation) -> Contents:
    contents = organisation_contents(session, organisation)
    plans = select(ActionPlan.id).where(ActionPlan.organisation_id == organisation.id)
    session.execute(delete(ActionChange).where(ActionChange.plan_id.in_(plans)))
    session.execute(delete(ActionItem).where(ActionItem.plan_id.in_(plans)))
    session.execute(delete(ActionPlan).where(ActionPlan.organisation_id == organisation.id))
    for workshop in list(organisation.workshops):
        delete_workshop(session, workshop)
    session.execute(delete(Membership).where(Membership.organisation_id == organisation.id))
    session.execute(delete(Invitation).where(Invitation.organisation_id == organisation.id))
    session.execute(delete(BrandingRecord).where(BrandingRecord.organisation_id == organisation.id))
    session.delete(organisation)
    session.flush()
    session.expire_all()
    log.info("organisation %s deleted", organisation.id)
    return contents


def delete_response(session: Session, response: Response) -> None:
    """One person's answers, gone (by the consultant, or by the participant through their link)."""
    _forget_responses(session, select(Response.id).where(Response.id == response.id))
    session.flush()
    session.expire_all()


def change_threshold(session: Session, workshop: Workshop, threshold: int) -> None:
    """Raise it any time; lower it only while nobody has submitted (a lower one would show hidden groups)."""
    low, high = THRESHOLD_RANGE
    if not low <= threshold <= high:
        raise ChangeRefused(f"the threshold is between {low} and {high}")
    if threshold == workshop.anonymity_threshold:
        return
    if workshop.purged_at is not None:
        raise ChangeRefused("the answers were deleted; the figures kept were made with the old threshold")
    submitted = _count(session, Response, Response.workshop_id == workshop.id, Response.status == SUBMITTED)
    if threshold < workshop.anonymity_threshold and submitted:
        raise ChangeRefused("answers are in: a lower threshold would show groups that were hidden")
    workshop.anonymity_threshold = threshold
    session.flush()


def change_closing_time(session: Session, workshop: Workshop, closes_at: datetime | None) -> None:
    """A new automatic closing time (None: none). A workshop whose answers were deleted stays closed."""
    if workshop.purged_at is not None:
        raise ChangeRefused("the answers were deleted; this workshop stays closed")
    workshop.closes_at = closes_at
    session.flush()


def purge_answers(session: Session, workshop: Workshop, now: datetime | None = None) -> int:
    """Delete the workshop's raw answers, keeping its figures (`Workshop.retained`); how many went."""
    group = workshop_group(session, workshop)
    workshop.retained = group_to_dict(group)
    responses = select(Response.id).where(Response.workshop_id == workshop.id)
    count = _count(session, Response, Response.workshop_id == workshop.id)
    _forget_responses(session, responses, whole_workshop=workshop.id)
    session.execute(delete(ImportBatch).where(ImportBatch.workshop_id == workshop.id))
    workshop.purged_at = now or utcnow()
    session.flush()
    log.info("workshop %s: %d responses deleted, figures kept", workshop.id, count)
    return count


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter month)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    days = [31, 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28, 31, 30, 31, 30]
    days += [31, 31, 30, 31, 30, 31]
    return moment.replace(year=year, month=month + 1, day=min(moment.day, days[month]))


def due_for_retention(session: Session, months: int, now: datetime | None = None) -> list[Workshop]:
    """Workshops closed (by hand or by their closing time) more than `months` ago whose answers are still kept."""
    if months <= 0:
        return []
    cutoff = months_before(now or utcnow(), months)
    closed_by_time = Workshop.closed_at.is_(None) & Workshop.closes_at.is_not(None) & (Workshop.closes_at <= cutoff)
    query = select(Workshop).where(Workshop.purged_at.is_(None), (Workshop.closed_at <= cutoff) | closed_by_time)
    return list(session.scalars(query.order_by(Workshop.id)))


def apply_retention(session: Session, months: int, now: datetime | None = None) -> list[tuple[Workshop, int]]:
    """Delete the raw answers of every workshop due (`due_for_retention`); each with how many went."""
    return [(workshop, purge_answers(session, workshop, now)) for workshop in due_for_retention(session, months, now)]
