"""Who is signed in, and what they may open: shared by the blueprints for consultants.

Every lookup goes through the owner, so another consultant's id in a URL gives 404, exactly
like an id that does not exist.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import abort, g, redirect, request, session, url_for
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from assessment.db import session as db_session
from assessment.models import ActionPlan, Campaign, Organisation, User, Workshop
from assessment.services.accounts import stamp_matches
from assessment.services.campaigns import owned_campaign
from assessment.services.plans import owned_plan
from assessment.services.workshops import owned_organisation, owned_workshop

T = TypeVar("T")
P = ParamSpec("P")


def current_user() -> User | None:
    if "user" not in g:
        g.user = None
        user_id = session.get("user_id")
        if user_id is not None:
            user = db_session().get(User, user_id)
            if user is not None and stamp_matches(user, session.get("stamp")):
                g.user = user
    signed_in: User | None = g.user
    return signed_in


def signed_in_user() -> User:
    """The signed-in user, for views behind `login_required` (which has made sure there is one)."""
    user = current_user()
    if user is None:
        raise LookupError("nobody is signed in: is the view behind login_required?")
    return user


def login_required(view: Callable[P, T]) -> Callable[P, T | Response]:
    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T | Response:
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)

    return wrapped


def organisation_or_404(organisation_id: int) -> Organisation:
    return _owned_or_404(owned_organisation, organisation_id)


def workshop_or_404(workshop_id: int) -> Workshop:
    return _owned_or_404(owned_workshop, workshop_id)


def plan_or_404(plan_id: int) -> ActionPlan:
    return _owned_or_404(owned_plan, plan_id)


def campaign_or_404(campaign_id: int) -> Campaign:
    return _owned_or_404(owned_campaign, campaign_id)


def _owned_or_404(lookup: Callable[[Session, User, int], T | None], object_id: int) -> T:
    user = current_user()
    found = lookup(db_session(), user, object_id) if user is not None else None
    if found is None:
        abort(404)
    return found
