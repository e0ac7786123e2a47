"""Records of survey campaigns by e-mail: the campaign, the people on its list, and the addresses that
asked for no more e-mail. The campaign's responses are in its workshop (`models`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.db import Base, utcnow
from assessment.models import Workshop


class Campaign(Base):
    """A survey sent by e-mail to a list of people; the answers are collected in its own workshop.

    The workshop (mode "invitation") holds the responses, so dashboards, reports, exports and the
    anonymity rules are the workshops' own; the campaign holds the mailing: people, schedule, state.
    """

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), unique=True)
    sender_name: Mapped[str] = mapped_column(String(200))
    reminder_days: Mapped[list[int]] = mapped_column(default=list)  # days after the invitation, e.g. [3, 7]
    launched_at: Mapped[datetime | None]  # invitations go out from then on (new people too)
    base_url: Mapped[str] = mapped_column(String(300), default="")  # where links in its mails point (PUBLIC_URL wins)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    workshop: Mapped[Workshop] = relationship(lazy="joined")


class CampaignInvitation(Base):
    """One person on a campaign's list. `link_hash` is the SHA-256 of their personal link's token.

    Nothing here points at a response: the response's own token is derived from the link token,
    which only the e-mail holds (README, "What an administrator can link").
    """

    __tablename__ = "campaign_invitations"
    __table_args__ = (UniqueConstraint("campaign_id", "email"), Index("ix_campaign_invitations_email", "email"))

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    unit: Mapped[str] = mapped_column(String(80), default="")
    role: Mapped[str] = mapped_column(String(80), default="")
    locale: Mapped[str] = mapped_column(String(8), default="en")
    link_hash: Mapped[str] = mapped_column(String(64), unique=True)
    invited_at: Mapped[datetime | None]  # when the invitation was accepted by the mail server
    last_sent_at: Mapped[datetime | None]
    reminders_sent: Mapped[int] = mapped_column(default=0)
    finished: Mapped[bool] = mapped_column(default=False)  # a flag, never a time: times would link
    bounced_at: Mapped[datetime | None]
    failure: Mapped[str | None] = mapped_column(String(500))  # the last refusal or bounce, as the server said it
    failures: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MailOptOut(Base):
    """An address that asked for no more e-mail from this service, kept as its SHA-256 only."""

    __tablename__ = "mail_opt_outs"

    id: Mapped[int] = mapped_column(primary_key=True)
    address_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
