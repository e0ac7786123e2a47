"""Who is signed in, and what they may open: shared by every blueprint.

The signed-in person comes from a server-side session (`services.sessions`): the cookie
holds only a random key. What they may open follows `assessment.permissions`: each route's
least role, checked against the person's kind of account (`login_required`) and against
their role on the organisation an id in the URL belongs to (`organisation_or_404` and its
siblings). Anything they may not see gives 404, exactly like an id that does not exist.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import timedelta
from typing import ParamSpec, TypeVar

from flask import abort, current_app, g, has_request_context, redirect, request, session, url_for
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from assessment.db import session as db_session
from assessment.models import ActionPlan, Organisation, User, Workshop
from assessment.models_campaigns import Campaign
from assessment.permissions import ADMIN, AUTHOR, CONSULTANT, ORGANISATION_LEVELS, level_of
from assessment.services.sessions import Lifetimes, live_session
from assessment.services.teams import campaign_for, may, organisation_for, plan_for, workshop_for

T = TypeVar("T")
P = ParamSpec("P")
log = logging.getLogger(__name__)
SESSION_KEY = "sid"  # the cookie's name for the server-side session's secret


def lifetimes() -> Lifetimes:
    config = current_app.config
    return Lifetimes(
        idle=timedelta(seconds=config["SESSION_IDLE_SECONDS"]),
        absolute=timedelta(seconds=config["SESSION_ABSOLUTE_SECONDS"]),
    )


def current_user() -> User | None:
    """The person signed in on this request (or the API token's owner), or None."""
    if "user" not in g:
        g.user = None
        database = db_session()
        fresh = not database.in_transaction()
        row = live_session(database, session.get(SESSION_KEY), lifetimes())
        if fresh:
            _record_session_use(database)
        if row is not None:
            g.user = row.user
            g.user_session = row
    signed_in: User | None = g.user
    return signed_in


def _record_session_use(database: Session) -> None:
    """Write a session's last use (or its end) at once, so GET-only browsing (a watched dashboard)
    keeps it alive and no long request (a PDF) holds SQLite's write lock meanwhile. A failed write
    only logs: the request goes on, and its own saves meet the same failure with their own message."""
    try:
        database.commit()
    except SQLAlchemyError as error:
        database.rollback()
        log.warning("session use not recorded: %s", error.__class__.__name__)


def signed_in_user() -> User:
    """The signed-in user, for views behind `login_required` (which has made sure there is one)."""
    user = current_user()
    if user is None:
        raise LookupError("nobody is signed in: is the view behind login_required?")
    return user


def kind_allows(user: User, level: str) -> bool:
    """Whether this kind of account may use a route of `level` at all (organisations are checked apart)."""
    if level == ADMIN:
        return user.is_admin
    if level == CONSULTANT:
        return user.team_id is not None
    if level == AUTHOR:
        return user.team_id is not None or user.is_admin
    return True


def login_required(view: Callable[P, T]) -> Callable[P, T | Response]:
    """Signed in, with an account that may use this route (see `assessment.permissions`)."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T | Response:
        user = current_user()
        if user is None:
            return redirect(url_for("auth.login", next=request.full_path))
        if not kind_allows(user, level_of(request.endpoint)):
            abort(404)
        return view(*args, **kwargs)

    return wrapped


def route_level() -> str:
    """The role on the organisation that this request's route needs (consultant when unlisted)."""
    level = level_of(request.endpoint) if has_request_context() else CONSULTANT
    return level if level in ORGANISATION_LEVELS else CONSULTANT


def organisation_or_404(organisation_id: int) -> Organisation:
    return _or_404(organisation_for, organisation_id)


def workshop_or_404(workshop_id: int) -> Workshop:
    return _or_404(workshop_for, workshop_id)


def plan_or_404(plan_id: int) -> ActionPlan:
    return _or_404(plan_for, plan_id)


def campaign_or_404(campaign_id: int) -> Campaign:
    return _or_404(campaign_for, campaign_id)


def _or_404(lookup: Callable[[Session, User, int, str], T | None], object_id: int) -> T:
    user = current_user()
    found = lookup(db_session(), user, object_id, route_level()) if user is not None else None
    if found is None:
        abort(404)
    return found


def user_may(organisation: Organisation, level: str) -> bool:
    """For templates: whether the signed-in person has at least `level` on the organisation."""
    user = current_user()
    return user is not None and may(db_session(), user, organisation, level)
