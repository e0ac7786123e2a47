"""Sending a campaign's invitations and reminders, and the tick that finds what is due."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from flask import current_app

from assessment.db import session, utcnow
from assessment.jobqueue import enqueue, jobs, report_progress
from assessment.mailer import Mail, MailSettings, send_batch
from assessment.mails import campaign_mail
from assessment.models import Campaign
from assessment.services.campaigns import DueMail, due_mail, is_opted_out, record_refusal, record_sent

log = logging.getLogger(__name__)
BATCH = 200
SEND_TIMEOUT = 3600


def send_campaign(campaign_id: int) -> dict[str, Any]:
    """Send whatever is due for one campaign, committing after every message.

    A worker that dies mid-batch loses nothing: what was sent is recorded, the rest is still
    due when the job runs again (at worst the one message in flight goes out twice).
    """
    with jobs().lock(f"campaign-{campaign_id}", ttl=SEND_TIMEOUT) as mine:
        if not mine:
            return {"sent": 0, "refused": 0, "busy": True}
        campaign = session().get(Campaign, campaign_id)
        if campaign is None:
            return {"sent": 0, "refused": 0}
        return _send_all(campaign)


def _send_all(campaign: Campaign) -> dict[str, Any]:
    settings = MailSettings.of(current_app.config)
    sent = refused = 0
    while due := due_mail(session(), campaign, utcnow(), limit=BATCH):
        before = sent + refused
        total = before + len(due)
        for mail, refusal in send_batch(settings, _mails(campaign, due)):
            item = next(d for d in due if d.invitation.email == mail.to)
            if refusal is None:
                record_sent(session(), item.invitation, item.kind, utcnow())
                sent += 1
            else:
                log.warning("campaign %s: invitation %s refused: %s", campaign.id, item.invitation.id, refusal.reason)
                record_refusal(session(), item.invitation, refusal.permanent, refusal.reason, utcnow())
                refused += 1
            session().commit()
            report_progress(sent + refused, total)
        if sent + refused == before:
            break  # everything due was skipped (opted out a moment ago): nothing more to do now
    log.info("campaign %s: %d sent, %d refused", campaign.id, sent, refused)
    return {"sent": sent, "refused": refused}


def _mails(campaign: Campaign, due: list[DueMail]) -> Iterator[tuple[Mail, str]]:
    for item in due:
        if is_opted_out(session(), item.invitation.email):  # checked again right before sending
            continue
        yield campaign_mail(campaign, item.invitation, item.kind), campaign.sender_name


def tick() -> dict[str, Any]:
    """Start a sending job for every launched campaign that has mail due (reminders, late additions)."""
    now = utcnow()
    started = []
    for campaign in session().query(Campaign).filter(Campaign.launched_at.is_not(None)).all():
        if due_mail(session(), campaign, now, limit=1):
            enqueue(
                "assessment.tasks.mail.send_campaign",
                {"campaign_id": campaign.id},
                kind="campaign",
                description=f"campaign {campaign.id}: invitations and reminders",
                owner_id=campaign.created_by,
                scope=f"campaign:{campaign.id}",
                timeout=SEND_TIMEOUT,
            )
            started.append(campaign.id)
    return {"campaigns": started}
