"""Action plans: made from a result, edited by several people, never silently overwritten.

Every item carries a revision. A change names the revision its author saw; if the item
changed since, nothing is written and the caller shows both versions (PlanConflict). The
order of items has its own revision on the plan, so two people reordering or adding at the
same time are detected the same way. Every accepted change is logged with who and when.
The plan's progress against a follow-up and its values for the exports are in `plan_progress`.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from assessment.db import changed_rows, utcnow
from assessment.models import (
    PLAN_STATUSES,
    ActionChange,
    ActionItem,
    ActionPlan,
    Organisation,
    Response,
    User,
    Workshop,
)
from assessment.services.group import workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.responses import result_of, result_summary
from assessment.services.teams import CONSULTANT, plan_for
from scoring import Questionnaire, ReadinessResult

log = logging.getLogger(__name__)
EDITABLE = ("title", "owner", "due_date", "status", "success_measure")
HORIZONS = (30, 60, 90)


class PlanConflict(Exception):
    """Someone changed the item (or the order) after the author loaded it."""

    def __init__(self, item: ActionItem | None, attempted: dict[str, Any]):
        super().__init__("changed by someone else")
        self.item = item
        self.attempted = attempted


def owned_plan(session: Session, user: User, plan_id: int) -> ActionPlan | None:
    """The plan if it is the consultant's team's; None otherwise."""
    return plan_for(session, user, plan_id, CONSULTANT)


def plans_of(session: Session, organisation: Organisation) -> list[ActionPlan]:
    return list(
        session.scalars(
            select(ActionPlan).where(ActionPlan.organisation_id == organisation.id).order_by(ActionPlan.created_at)
        )
    )


def create_plan(
    session: Session,
    organisation: Organisation,
    q: Questionnaire,
    version_id: int,
    result: ReadinessResult,
    title: str,
    start: date,
    user: User,
    locale: str,
    workshop: Workshop | None = None,
    response: Response | None = None,
) -> ActionPlan:
    """A plan with the result's recommended actions in priority order (severity, gap, horizon)."""
    plan = ActionPlan(
        organisation_id=organisation.id,
        organisation=organisation,
        workshop_id=workshop.id if workshop else None,
        response_id=response.id if response else None,
        questionnaire_version_id=version_id,
        title=title.strip()[:200],
        locale=locale,
        start_date=start,
        source_summary=result_summary(result),
        created_by=user.id,
    )
    session.add(plan)
    for position, action in enumerate(result.actions):
        spec = q.actions[action.id]
        plan.items.append(
            ActionItem(
                position=position,
                action_key=action.id,
                title=q.text(spec.title, locale)[:300],
                owner=q.text(spec.owner_role, locale)[:200],
                horizon=action.horizon,
                due_date=start + timedelta(days=action.horizon),
                success_measure=q.text(spec.success_measure, locale),
                severity=action.severity,
                reasons="; ".join(_reason(q, kind, ref, locale) for kind, ref in action.reasons),
                dimensions=_dimensions_of(q, action.reasons),
                updated_by=user.id,
            )
        )
    session.flush()
    _log(session, plan, None, user, "created", None, f"{len(plan.items)} actions")
    log.info("action plan %s created with %d actions", plan.id, len(plan.items))
    return plan


def _reason(q: Questionnaire, kind: str, ref: str, locale: str) -> str:
    if kind == "risk":
        return q.text(q.risk_factors[ref].title, locale)
    return q.text(q.dimensions[ref].title, locale)


def _dimensions_of(q: Questionnaire, reasons: tuple[tuple[str, str], ...]) -> list[str]:
    found: list[str] = []
    for kind, ref in reasons:
        dimension = ref if kind == "gap" else q.risk_factors[ref].dimension
        if dimension and dimension not in found:
            found.append(dimension)
    return found


def plan_from_workshop(session: Session, workshop: Workshop, user: User, start: date) -> ActionPlan:
    group = workshop_group(session, workshop)
    if group.suppressed or group.group_result is None:
        raise ValueError("too few responses")
    q = compiled(workshop.questionnaire_version)
    return create_plan(
        session,
        workshop.organisation,
        q,
        workshop.questionnaire_version_id,
        group.group_result,
        f"{workshop.title}",
        start,
        user,
        workshop.locale,
        workshop=workshop,
    )


def plan_from_response(
    session: Session, organisation: Organisation, response: Response, user: User, start: date
) -> ActionPlan:
    q, _answers, result = result_of(response)
    title = response.label or organisation.name
    return create_plan(
        session,
        organisation,
        q,
        response.questionnaire_version_id,
        result,
        title,
        start,
        user,
        response.locale,
        response=response,
    )


def _log(
    session: Session, plan: ActionPlan, item: ActionItem | None, user: User, what: str, old: Any, new: Any
) -> None:
    session.add(
        ActionChange(
            plan_id=plan.id,
            item_id=item.id if item else None,
            user_id=user.id,
            field=what,
            old_value=None if old is None else str(old),
            new_value=None if new is None else str(new),
        )
    )


def check_changes(changes: dict[str, Any]) -> dict[str, Any]:
    """Validated edits (ValueError with a sentence for the person otherwise)."""
    clean: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE:
            raise ValueError(f"'{name}' cannot be changed")
        if name == "status" and value not in PLAN_STATUSES:
            raise ValueError("unknown status")
        if name in ("title", "owner") and not (value or "").strip():
            raise ValueError(f"the {name} must not be empty")
        if name == "due_date" and not isinstance(value, date):
            raise ValueError("the due date is not a date")
        if name == "success_measure" and value is None:
            value = ""  # a form sent without the field: an empty measure, never a missing one
        if name == "title" and isinstance(value, str):  # typed in a text area that wraps: one line in every export
            value = " ".join(value.split())
        clean[name] = value.strip() if isinstance(value, str) else value
    return clean


def automatic_due_date(plan: ActionPlan, item: ActionItem) -> date:
    """The due date an item has unless one is set by hand: the plan's start plus the item's horizon."""
    return plan.start_date + timedelta(days=item.horizon)


def due_changes(plan: ActionPlan, item: ActionItem, posted: date | None, follow_start: bool) -> dict[str, Any]:
    """What an edit of the due date means: a changed date is set by hand; otherwise "follow the start" is kept
    or chosen."""
    if posted is not None and posted != item.due_date:
        return {"due_date": posted}
    if follow_start and item.due_date_set:
        return {"due_date": automatic_due_date(plan, item), "due_date_set": False}
    return {}


def due_before_start(plan: ActionPlan) -> list[ActionItem]:
    """Items whose hand-set due date falls before the plan starts: worth a warning."""
    return [i for i in plan.items if i.due_date_set and i.due_date < plan.start_date]


def update_item(
    session: Session, item: ActionItem, changes: dict[str, Any], seen_revision: int, user: User
) -> list[str]:
    """Apply the changes that differ; PlanConflict when the item moved on since `seen_revision`."""
    automatic = changes.pop("due_date_set", True) is False  # the due date goes back to following the start
    changes = check_changes(changes)
    changed = {k: v for k, v in changes.items() if getattr(item, k) != v}
    if automatic and item.due_date_set:
        changed["due_date_set"] = False
    if not changed:
        return []
    values: dict[str, Any] = dict(changed, revision=ActionItem.revision + 1, updated_at=utcnow(), updated_by=user.id)
    if "due_date" in changed and not automatic:
        values["due_date_set"] = True
    changed_count = changed_rows(
        session,
        update(ActionItem)
        .where(ActionItem.id == item.id, ActionItem.revision == seen_revision)
        .values(**values)
        .execution_options(synchronize_session=False),
    )
    if changed_count != 1:
        session.refresh(item)
        raise PlanConflict(item, changes)
    old = {k: getattr(item, k) for k in changed}
    session.refresh(item)
    for name, new in changed.items():
        if name != "due_date_set":  # the due date's own change is what the history shows
            _log(session, item.plan, item, user, name, old[name], new)
    return list(changed)


def _bump_order(session: Session, plan: ActionPlan, seen: int) -> None:
    changed = changed_rows(
        session,
        update(ActionPlan)
        .where(ActionPlan.id == plan.id, ActionPlan.order_revision == seen)
        .values(order_revision=ActionPlan.order_revision + 1)
        .execution_options(synchronize_session=False),
    )
    if changed != 1:
        session.refresh(plan)
        raise PlanConflict(None, {})
    session.refresh(plan, ["order_revision"])


def add_item(session: Session, plan: ActionPlan, fields: dict[str, Any], seen_order: int, user: User) -> ActionItem:
    horizon = int(fields.get("horizon") or 30)
    if horizon not in HORIZONS:
        raise ValueError("the horizon is 30, 60 or 90 days")
    fields = check_changes({k: v for k, v in fields.items() if k in EDITABLE})
    _bump_order(session, plan, seen_order)
    item = ActionItem(
        plan_id=plan.id,
        position=max((i.position for i in plan.items), default=-1) + 1,
        title=fields.get("title", "")[:300],
        owner=fields.get("owner", "")[:200],
        horizon=horizon,
        due_date=fields.get("due_date") or plan.start_date + timedelta(days=horizon),
        due_date_set="due_date" in fields,
        success_measure=fields.get("success_measure", ""),
        status=fields.get("status", "planned"),
        severity="medium",
        reasons="",
        dimensions=[],
        updated_by=user.id,
    )
    plan.items.append(item)
    session.flush()
    _log(session, plan, item, user, "added", None, item.title)
    return item


def move_item(session: Session, plan: ActionPlan, item: ActionItem, step: int, seen_order: int, user: User) -> None:
    items = list(plan.items)
    index = items.index(item)
    target = index + step
    if not 0 <= target < len(items):
        return
    _bump_order(session, plan, seen_order)
    items[index], items[target] = items[target], items[index]
    for position, each in enumerate(items):
        each.position = position
    session.flush()
    _log(session, plan, item, user, "position", index + 1, target + 1)


def remove_item(session: Session, plan: ActionPlan, item: ActionItem, seen_order: int, user: User) -> None:
    """Take the item off the plan; it is kept (removed_at) so that `restore_item` can undo this."""
    _bump_order(session, plan, seen_order)
    _log(session, plan, item, user, "removed", item.title, None)
    item.removed_at = utcnow()
    session.flush()
    session.expire(plan, ["items"])


def removed_items(session: Session, plan: ActionPlan) -> list[ActionItem]:
    """Items taken off the plan, newest first: each can be put back."""
    query = select(ActionItem).where(ActionItem.plan_id == plan.id, ActionItem.removed_at.is_not(None))
    return list(session.scalars(query.order_by(ActionItem.removed_at.desc(), ActionItem.id.desc())))


def restore_item(session: Session, plan: ActionPlan, item_id: int, seen_order: int, user: User) -> ActionItem | None:
    """Put a removed item back where it was (or last, if the list is shorter now); None if there is no such item."""
    item = session.get(ActionItem, item_id)
    if item is None or item.plan_id != plan.id or item.removed_at is None:
        return None
    _bump_order(session, plan, seen_order)
    items = list(plan.items)
    place = min(sum(1 for i in items if i.position < item.position), len(items))
    items.insert(place, item)
    item.removed_at = None
    for position, each in enumerate(items):
        each.position = position
    session.flush()
    session.expire(plan, ["items"])
    _log(session, plan, item, user, "restored", None, item.title)
    return item


def set_start_date(session: Session, plan: ActionPlan, start: date, user: User) -> None:
    """Move the plan's start; due dates not set by hand follow it."""
    if start == plan.start_date:
        return
    _log(session, plan, None, user, "start_date", plan.start_date, start)
    plan.start_date = start
    for item in plan.items:
        if not item.due_date_set:
            item.due_date = start + timedelta(days=item.horizon)
            item.revision += 1
    session.flush()


def changes_of(session: Session, plan: ActionPlan, limit: int = 200) -> list[tuple[ActionChange, str]]:
    rows = session.execute(
        select(ActionChange, User.name)
        .join(User, User.id == ActionChange.user_id, isouter=True)
        .where(ActionChange.plan_id == plan.id)
        .order_by(ActionChange.changed_at.desc(), ActionChange.id.desc())
        .limit(limit)
    ).all()
    return [(change, name or "") for change, name in rows]
