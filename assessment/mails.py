"""The e-mails the app sends, written from templates in the recipient's language.

Every mail carries an opt-out link (also as `List-Unsubscribe` with one-click POST, RFC
8058); the link holds the signed SHA-256 of the address, never the address itself.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, g, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from assessment.mailer import Mail
from assessment.models_campaigns import Campaign
from assessment.models_campaigns import CampaignInvitation as Invitation
from assessment.services.campaigns import INVITE, address_hash, link_token
from assessment.services.questionnaires import compiled


def link_secret() -> str:
    """The key of personal campaign links: CAMPAIGN_LINK_SECRET, else derived from SECRET_KEY."""
    configured: str = current_app.config["CAMPAIGN_LINK_SECRET"]
    if configured:
        return configured
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, b"readiness campaign links", hashlib.sha256).hexdigest()


def _opt_out_serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.config["SECRET_KEY"]), salt="mail-opt-out")


def opt_out_token(email: str) -> str:
    return str(_opt_out_serializer().dumps(address_hash(email)))


def read_opt_out_token(token: str) -> str | None:
    """The address hash the token was made for, or None for a forged or damaged token."""
    try:
        value = _opt_out_serializer().loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, str) and len(value) == 64 else None


def path_for(endpoint: str, **values: Any) -> str:
    """A URL path without a request (the worker has none)."""
    return str(current_app.url_map.bind("localhost").build(endpoint, values))


def public_base(fallback: str) -> str:
    """Where links in mails point: PUBLIC_URL when set, else what the app was reached as."""
    base: str = current_app.config["PUBLIC_URL"] or fallback or "http://127.0.0.1:5000"
    return base.rstrip("/")


@contextmanager
def in_locale(locale: str) -> Iterator[None]:
    previous = g.get("locale")
    g.locale = locale  # select_locale reads it; it also makes `g` non-empty, which force_locale needs
    try:
        with force_locale(locale):
            yield
    finally:
        g.locale = previous


def campaign_mail(campaign: Campaign, invitation: Invitation, kind: str) -> Mail:
    base = public_base(campaign.base_url)
    workshop = campaign.workshop
    q = compiled(workshop.questionnaire_version)
    locale = invitation.locale if invitation.locale in q.locales else q.spec.default_locale
    link = path_for("campaign_links.personal_link", token=link_token(link_secret(), campaign.id, invitation.email))
    opt_out = base + path_for("campaign_links.opt_out_page", token=opt_out_token(invitation.email))
    values = {
        "name": invitation.name,
        "organisation": workshop.organisation.name,
        "sender": campaign.sender_name,
        "questionnaire": q.text(q.spec.title, locale),
        "link": base + link,
        "opt_out": opt_out,
        "closes_at": workshop.closes_at,
        "reminder": kind != INVITE,
    }
    with in_locale(locale):
        subject = (
            _("%(organisation)s: your invitation to the readiness survey", organisation=values["organisation"])
            if kind == INVITE
            else _("Reminder: %(organisation)s readiness survey", organisation=values["organisation"])
        )
        text = render_template("mail/invitation.txt", **values)
        html = render_template("mail/invitation.html", subject=subject, **values)
    return Mail(invitation.email, invitation.name, subject, text, html, locale, opt_out)


def resume_mail(address: str, link: str, questionnaire: str, locale: str, base: str) -> Mail:
    opt_out = public_base(base) + path_for("campaign_links.opt_out_page", token=opt_out_token(address))
    with in_locale(locale):
        subject = _("Your link to continue the readiness questionnaire")
        values = {"link": link, "questionnaire": questionnaire, "opt_out": opt_out}
        text = render_template("mail/resume.txt", **values)
        html = render_template("mail/resume.html", subject=subject, **values)
    return Mail(address, "", subject, text, html, locale, opt_out)
