"""Sending a campaign's invitations and reminders, and the tick that finds what is due."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from typing import Any

from flask import current_app

from assessment.db import session, utcnow
from assessment.jobqueue import enqueue, jobs, report_progress
from assessment.mailer import Mail, MailSettings, send_batch
from assessment.mails import campaign_mail
from assessment.models_campaigns import Campaign
from assessment.services.campaigns import DueMail, due_mail, is_opted_out, record_refusal, record_sent

log = logging.getLogger(__name__)
BATCH = 200


def send_campaign(campaign_id: int) -> dict[str, Any]:
    """Send whatever is due for one campaign, committing after every message.

    A worker that dies mid-batch loses nothing: what was sent is recorded, the rest is still
    due when the job runs again (at worst the one message in flight goes out twice).
    """
    timeout = send_timeout()
    with jobs().lock(f"campaign-{campaign_id}", ttl=timeout) as mine:
        if not mine:
            return {"sent": 0, "refused": 0, "busy": True}  # another job is sending; the tick catches up
        campaign = session().get(Campaign, campaign_id)
        if campaign is None:
            return {"sent": 0, "refused": 0}
        outcome = _send_all(campaign, deadline=time.monotonic() + timeout / 2)
    if outcome.get("more"):
        start_sending(campaign_id, campaign.created_by)
    return outcome


def send_timeout() -> int:
    return int(current_app.config["JOB_MAIL_TIMEOUT"])


def start_sending(campaign_id: int, owner_id: int | None) -> str:
    """Queue a sending job for the campaign; returns its id."""
    return enqueue(
        "assessment.tasks.mail.send_campaign",
        {"campaign_id": campaign_id},
        kind="campaign",
        description=f"campaign {campaign_id}: invitations and reminders",
        owner_id=owner_id,
        scope=f"campaign:{campaign_id}",
        timeout=send_timeout(),
    )


def _send_all(campaign: Campaign, deadline: float) -> dict[str, Any]:
    """Send until nothing is due or half the job's time is used (then a follow-up job goes on).

    Each invitation is tried once per job: one refused for now (4xx) waits for the next tick.
    """
    settings = MailSettings.of(current_app.config)
    sent = refused = 0
    tried: set[int] = set()
    while due := [
        d for d in due_mail(session(), campaign, utcnow(), limit=BATCH + len(tried)) if d.invitation.id not in tried
    ]:
        if time.monotonic() > deadline:
            return {"sent": sent, "refused": refused, "more": True}
        due = due[:BATCH]
        total = sent + refused + len(due)
        by_address = {d.invitation.email: d for d in due}
        for mail, refusal in send_batch(settings, _mails(campaign, due, tried, deadline)):
            item = by_address[mail.to]
            if refusal is None:
                record_sent(session(), item.invitation, item.kind, utcnow())
                sent += 1
            else:
                log.warning("campaign %s: invitation %s refused: %s", campaign.id, item.invitation.id, refusal.reason)
                record_refusal(session(), item.invitation, refusal.permanent, refusal.reason, utcnow())
                refused += 1
            session().commit()
            report_progress(sent + refused, total)
    log.info("campaign %s: %d sent, %d refused", campaign.id, sent, refused)
    return {"sent": sent, "refused": refused}


def _mails(campaign: Campaign, due: list[DueMail], tried: set[int], deadline: float) -> Iterator[tuple[Mail, str]]:
    for item in due:
        if time.monotonic() > deadline:
            return  # the rest goes to the follow-up job
        tried.add(item.invitation.id)
        if is_opted_out(session(), item.invitation.email):  # checked again right before sending
            continue
        yield campaign_mail(campaign, item.invitation, item.kind), campaign.sender_name


def tick() -> dict[str, Any]:
    """Start a sending job for every launched campaign that has mail due (reminders, late additions)."""
    now = utcnow()
    started = []
    for campaign in session().query(Campaign).filter(Campaign.launched_at.is_not(None)).all():
        if due_mail(session(), campaign, now, limit=1):
            start_sending(campaign.id, campaign.created_by)
            started.append(campaign.id)
    return {"campaigns": started}
