"""The links that e-mails carry: a person's invitation link and the opt-out link.

The invitation link leads to the person's own response (started on the first visit). The
browser keeps the link token in a cookie scoped to that response's pages, so the submission
can mark the invitation finished without the server ever storing which response it was.
"""

from __future__ import annotations

import logging

from flask import Blueprint, Response, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from assessment.db import session
from assessment.extensions import csrf
from assessment.mails import read_opt_out_token
from assessment.models_campaigns import Campaign
from assessment.services.campaigns import invitation_by_link, open_invitation, opt_out
from assessment.services.responses import WorkshopClosed
from assessment.survey.forms import ActionForm
from assessment.web_support import INVITE_COOKIE

bp = Blueprint("campaign_links", __name__)
log = logging.getLogger(__name__)
COOKIE_DAYS = 120


@bp.get("/i/<token>")
def personal_link(token: str) -> ResponseReturnValue:
    invitation = invitation_by_link(session(), token)
    if invitation is None:
        log.info("unknown invitation link opened")
        return render_template("campaigns/unknown_link.html"), 404
    g.locale = invitation.locale
    try:
        response = open_invitation(session(), invitation, token)
    except WorkshopClosed:
        campaign = session().get(Campaign, invitation.campaign_id)
        return render_template("workshops/closed.html", workshop=campaign.workshop if campaign else None), 410
    session().commit()
    target = url_for("survey.resume", token=response.token)
    reply: Response = redirect(target)  # type: ignore[assignment]  # werkzeug's redirect returns a Response
    reply.set_cookie(
        INVITE_COOKIE,
        token,
        max_age=COOKIE_DAYS * 86400,
        path=f"/r/{response.token}/",
        secure=request.is_secure,
        httponly=True,
        samesite="Lax",
    )
    return reply


@bp.route("/mail/opt-out/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients post "List-Unsubscribe=One-Click" without a form; the token is the proof
def opt_out_page(token: str) -> ResponseReturnValue:
    hashed = read_opt_out_token(token)
    if hashed is None:
        return render_template("campaigns/opt_out.html", invalid=True), 404
    if request.method == "GET":
        return render_template("campaigns/opt_out.html", form=ActionForm(), token=token)
    opt_out(session(), hashed)
    session().commit()
    log.info("an address opted out of e-mail")
    return render_template("campaigns/opt_out.html", done=True)
