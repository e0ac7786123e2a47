"""Survey campaigns: a list of people invited by e-mail into a workshop in invitation mode.

The personal link's token `t` is HMAC(link secret, campaign and address): the server can
write it again into a reminder, and no table holds it. The invitation keeps SHA-256(t) to
find itself; the response's own token is another one-way function of t. With the database
alone, nothing leads from an invitation to a response (README, "What an administrator can link").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import INVITATION, Organisation, QuestionnaireVersion, User, Workshop
from assessment.models import Response as SurveyResponse
from assessment.models_campaigns import Campaign, MailOptOut
from assessment.models_campaigns import CampaignInvitation as Invitation
from assessment.services.invitees import Invitee
from assessment.services.responses import WorkshopClosed, find_response, start_response
from assessment.services.workshops import create_workshop

log = logging.getLogger(__name__)
INVITE, REMIND = "invitation", "reminder"


def _b64(digest: bytes) -> str:
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def link_token(secret: str, campaign_id: int, email: str) -> str:
    """The token of one person's personal link (43 characters, 256 bits)."""
    message = f"readiness-invitation\0{campaign_id}\0{email}".encode()
    return _b64(hmac.new(secret.encode(), message, hashlib.sha256).digest())


def link_hash(token: str) -> str:
    return hashlib.sha256(b"readiness-link\0" + token.encode()).hexdigest()


def response_token(token: str) -> str:
    """The resume token of the response an invitation leads to: derived, never stored beside it."""
    return _b64(hashlib.sha256(b"readiness-response\0" + token.encode()).digest())


def address_hash(email: str) -> str:
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()


# --- campaigns and their people -------------------------------------------------------------


def create_campaign(
    session: Session,
    organisation: Organisation,
    version: QuestionnaireVersion,
    title: str,
    *,
    sender_name: str,
    reminder_days: list[int],
    locale: str = "en",
    threshold: int = 3,
    closes_at: datetime | None = None,
    created_by: User | None = None,
) -> Campaign:
    workshop = create_workshop(session, organisation, version, title, threshold, closes_at=closes_at, locale=locale)
    workshop.mode = INVITATION
    campaign = Campaign(
        workshop_id=workshop.id,
        workshop=workshop,
        sender_name=" ".join(sender_name.split())[:200],
        reminder_days=sorted({d for d in reminder_days if 0 <= d <= 90})[:5],
        created_by=created_by.id if created_by else None,
    )
    session.add(campaign)
    session.flush()
    log.info("campaign %s created (workshop %s)", campaign.id, workshop.id)
    return campaign


def campaign_of_workshop(session: Session, workshop_id: int) -> Campaign | None:
    return session.scalars(select(Campaign).where(Campaign.workshop_id == workshop_id)).first()


def campaigns_of(session: Session, organisation: Organisation) -> list[Campaign]:
    return list(
        session.scalars(
            select(Campaign).join(Workshop).where(Workshop.organisation_id == organisation.id).order_by(Campaign.id)
        )
    )


def add_invitees(session: Session, campaign: Campaign, people: list[Invitee], secret: str) -> tuple[int, int]:
    """Add the people not yet on the list; returns (added, already listed)."""
    listed = set(session.scalars(select(Invitation.email).where(Invitation.campaign_id == campaign.id)))
    added = 0
    for person in people:
        if person.email in listed:
            continue
        listed.add(person.email)
        token = link_token(secret, campaign.id, person.email)
        session.add(
            Invitation(
                campaign_id=campaign.id,
                name=person.name,
                email=person.email,
                unit=person.unit,
                role=person.role,
                locale=person.locale,
                link_hash=link_hash(token),
            )
        )
        added += 1
    session.flush()
    return added, len(people) - added


def invitations_of(session: Session, campaign: Campaign) -> list[Invitation]:
    return list(
        session.scalars(select(Invitation).where(Invitation.campaign_id == campaign.id).order_by(Invitation.id))
    )


def launch(session: Session, campaign: Campaign) -> None:
    if campaign.launched_at is None:
        campaign.launched_at = utcnow()
        session.flush()


# --- the personal link ------------------------------------------------------------------------


def invitation_by_link(session: Session, token: str) -> Invitation | None:
    if not token or len(token) > 64:
        return None
    return session.scalars(select(Invitation).where(Invitation.link_hash == link_hash(token))).first()


def open_invitation(session: Session, invitation: Invitation, token: str) -> SurveyResponse:
    """The response this personal link leads to, started on the first visit."""
    found = find_response(session, response_token(token))
    if found is not None:
        if found.submitted and not invitation.finished:
            invitation.finished = True
            session.flush()
        return found
    campaign = session.get(Campaign, invitation.campaign_id)
    if campaign is None or not campaign.workshop.is_open(utcnow()):
        raise WorkshopClosed()
    workshop = campaign.workshop
    response = start_response(
        session,
        workshop.questionnaire_version,
        invitation.locale,
        label=workshop.organisation.name,
        workshop_id=workshop.id,
        team=invitation.unit or None,
    )
    response.token = response_token(token)
    try:
        session.flush()
    except IntegrityError:  # the same link opened twice at once: the other request made it
        session.rollback()
        again = find_response(session, response_token(token))
        if again is None:
            raise
        return again
    return response


def mark_finished(session: Session, token: str, response: SurveyResponse) -> bool:
    """Mark the invitation of a submitted response finished; `token` comes from the browser."""
    if not response.submitted or response_token(token) != response.token:
        return False
    changed = session.execute(update(Invitation).where(Invitation.link_hash == link_hash(token)).values(finished=True))
    return bool(getattr(changed, "rowcount", 0))


# --- who gets mail, and what happened to it ---------------------------------------------------


@dataclass(frozen=True)
class DueMail:
    invitation: Invitation
    kind: str  # invitation or reminder


def opted_out(session: Session, emails: list[str]) -> set[str]:
    hashes = {address_hash(e): e for e in emails}
    found = session.scalars(select(MailOptOut.address_hash).where(MailOptOut.address_hash.in_(list(hashes))))
    return {hashes[h] for h in found}


def due_mail(session: Session, campaign: Campaign, now: datetime, limit: int = 500) -> list[DueMail]:
    """Invitations not yet sent and reminders whose day has come; never to the finished,
    the bounced or anyone who opted out."""
    if campaign.launched_at is None or not campaign.workshop.is_open(now):
        return []
    rows = list(
        session.scalars(
            select(Invitation)
            .where(
                Invitation.campaign_id == campaign.id,
                Invitation.finished.is_(False),
                Invitation.bounced_at.is_(None),
                or_(
                    Invitation.invited_at.is_(None),
                    Invitation.reminders_sent < len(campaign.reminder_days),
                ),
            )
            .order_by(Invitation.id)
        )
    )
    due = [DueMail(row, kind) for row in rows if (kind := _due_kind(row, campaign.reminder_days, now)) is not None]
    blocked = opted_out(session, [d.invitation.email for d in due[: limit * 2]])
    return [d for d in due if d.invitation.email not in blocked][:limit]


def _due_kind(invitation: Invitation, reminder_days: list[int], now: datetime) -> str | None:
    if invitation.invited_at is None:
        return INVITE
    step = invitation.reminders_sent
    if step < len(reminder_days) and invitation.invited_at + timedelta(days=reminder_days[step]) <= now:
        if invitation.last_sent_at is None or invitation.last_sent_at < now - timedelta(hours=12):
            return REMIND
    return None


def record_sent(session: Session, invitation: Invitation, kind: str, now: datetime) -> None:
    if kind == INVITE:
        invitation.invited_at = now
    else:
        invitation.reminders_sent += 1
    invitation.last_sent_at = now
    invitation.failure = None
    session.flush()


def record_refusal(session: Session, invitation: Invitation, permanent: bool, reason: str, now: datetime) -> None:
    """A refusal at send time: permanent (5xx) counts as a bounce, temporary is tried again later."""
    invitation.failure = reason[:500]
    invitation.failures += 1
    if permanent:
        invitation.bounced_at = now
    session.flush()


def record_bounces(session: Session, bounces: list[tuple[str, str]]) -> int:
    """Mark every unfinished invitation to these addresses bounced; returns how many changed."""
    now = utcnow()
    changed = 0
    for email, reason in bounces:
        rows = session.scalars(
            select(Invitation).where(Invitation.email == email.lower(), Invitation.finished.is_(False))
        )
        for invitation in rows:
            if invitation.bounced_at is None:
                changed += 1
            invitation.bounced_at = now
            invitation.failure = (reason or "bounced")[:500]
    session.flush()
    return changed


def opt_out(session: Session, hashed_address: str) -> None:
    """Never send to this address again; asking twice changes nothing."""
    if session.scalars(select(MailOptOut.id).where(MailOptOut.address_hash == hashed_address)).first() is None:
        session.add(MailOptOut(address_hash=hashed_address))
        try:
            session.flush()
        except IntegrityError:
            session.rollback()


def is_opted_out(session: Session, email: str) -> bool:
    return bool(opted_out(session, [email]))


# --- response rates -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RateRow:
    group: str
    invited: int
    finished: int
    bounced: int
    opted_out: int

    @property
    def rate(self) -> float | None:
        reachable = self.invited - self.bounced
        return self.finished / reachable if reachable > 0 else None


@dataclass(frozen=True)
class CampaignRates:
    total: RateRow
    by_unit: list[RateRow]
    by_role: list[RateRow]
    sent: int
    failed: list[Invitation]


def response_rates(session: Session, campaign: Campaign) -> CampaignRates:
    """Invited, finished, bounced and opted out, overall and by unit and by role (counts only)."""
    rows = invitations_of(session, campaign)
    blocked = opted_out(session, [r.email for r in rows])

    def group(key: str, members: list[Invitation]) -> RateRow:
        return RateRow(
            key,
            len(members),
            sum(1 for m in members if m.finished),
            sum(1 for m in members if m.bounced_at is not None),
            sum(1 for m in members if m.email in blocked),
        )

    def by(attribute: str) -> list[RateRow]:
        groups: dict[str, list[Invitation]] = {}
        for row in rows:
            groups.setdefault(getattr(row, attribute) or "", []).append(row)
        return [group(key, members) for key, members in sorted(groups.items())]

    failed = [r for r in rows if r.failure]
    return CampaignRates(group("", rows), by("unit"), by("role"), sum(1 for r in rows if r.invited_at), failed)


def submitted_by_unit(session: Session, campaign: Campaign) -> dict[str, int]:
    """How many submitted responses each unit has (the response's team is its unit)."""
    rows = session.execute(
        select(SurveyResponse.team, func.count())
        .where(SurveyResponse.workshop_id == campaign.workshop_id, SurveyResponse.status == "submitted")
        .group_by(SurveyResponse.team)
    )
    return {team or "": count for team, count in rows}
