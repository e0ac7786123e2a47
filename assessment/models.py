"""Persistent records, declared once with typed SQLAlchemy 2 mappings.

Schema changes go through Alembic revisions in `assessment/migrations/versions/`. The records of
campaigns (`models_campaigns`), imports (`models_imports`) and peer benchmarks (`models_benchmarks`)
are in sibling modules; the migrations' environment and the tests' cleanup import all four.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from assessment.db import Base, utcnow

IN_PROGRESS = "in_progress"
SUBMITTED = "submitted"
ROOM = "room"  # a workshop anyone with the code or link joins
INVITATION = "invitation"  # a campaign's workshop: only personal links lead into it


class QuestionnaireVersion(Base):
    """One published version of a questionnaire file; responses stay pinned to it."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("questionnaire_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(Text, deferred=True)  # read only to compile or edit (services.questionnaires)
    title: Mapped[str] = mapped_column(String(300))
    listed: Mapped[bool] = mapped_column(default=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[str | None] = mapped_column(String(200))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id"), index=True
    )  # None: everyone's (shipped, admins')


class Response(Base):
    """One respondent's answers; `token` is the unguessable resume link."""

    __tablename__ = "responses"
    __table_args__ = (
        Index("ix_responses_workshop_status", "workshop_id", "status"),
        # a dashboard poll's "anything new?" (count and newest submission) from the index alone
        Index("ix_responses_workshop_submitted", "workshop_id", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"), index=True)
    role: Mapped[str | None] = mapped_column(String(64))  # a choice id of the file's own role question
    team: Mapped[str | None] = mapped_column(String(80))
    label: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    answers: Mapped[dict[str, Any]] = mapped_column(default=dict)
    current_page: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    result: Mapped[dict[str, Any] | None]  # the full explained result at submission (an audit snapshot)
    summary: Mapped[dict[str, Any] | None]  # index, level, band, dimension scores, risk ids: what aggregates read
    readiness_index: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(16), default="web")
    import_batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"), index=True)
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None]

    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": revision}  # optimistic lock: concurrent saves retry

    @property
    def submitted(self) -> bool:
        return self.status == SUBMITTED

    @property
    def submitted_on(self) -> date | None:
        """The day it was submitted; None while it is in progress."""
        return self.submitted_at.date() if self.submitted_at is not None else None


class Team(Base):
    """A consultancy: its consultants share its organisations."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class User(Base):
    """Someone who signs in; passwords are stored as scrypt hashes.

    A consultant belongs to a team; a client person has no team and reaches organisations
    through memberships; an administrator manages teams and accounts.
    """

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(300))
    is_admin: Mapped[bool] = mapped_column(default=False)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    disabled_at: Mapped[datetime | None]

    team: Mapped[Team | None] = relationship()

    @property
    def is_consultant(self) -> bool:
        return self.team_id is not None


class Organisation(Base):
    """A client company; its team's consultants and the client people invited to it see it.

    Industry and size band (ids from `scoring.benchmark`) let its results be compared with
    peers of the same kind; both are optional.
    """

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)  # who created it
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(40))
    size_band: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    team: Mapped[Team] = relationship()
    workshops: Mapped[list[Workshop]] = relationship(back_populates="organisation", order_by="Workshop.created_at")


CLIENT_ROLES = ("viewer", "editor")  # reads reports and plans; also edits the plans


class Membership(Base):
    """A client person's access to one organisation, with a role."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("organisation_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()


class Invitation(Base):
    """A one-time link that makes an account (or adds access to one): a client to an
    organisation, or a consultant to a team. Only the link's SHA-256 is stored."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(16))  # viewer, editor (client), consultant
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation | None] = relationship()
    team: Mapped[Team | None] = relationship()


class UserSession(Base):
    """A signed-in browser: the cookie holds a random key whose SHA-256 is `token_hash`.

    Ending the row ends the session at once, whatever copies of the cookie exist.
    """

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    address: Mapped[str] = mapped_column(String(64), default="")
    agent: Mapped[str] = mapped_column(String(200), default="")

    user: Mapped[User] = relationship()


class AuditEvent(Base):
    """Who changed or deleted what, and when. Kept when the thing (or the person) is gone."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(index=True)  # no foreign key: the account may be deleted
    actor: Mapped[str] = mapped_column(String(254))  # e-mail, "participant" or "system"
    action: Mapped[str] = mapped_column(String(60))
    target_type: Mapped[str] = mapped_column(String(30))
    target_id: Mapped[int | None]
    target_name: Mapped[str] = mapped_column(String(300), default="")
    organisation_id: Mapped[int | None] = mapped_column(index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class Heartbeat(Base):
    """One row that `/healthz` writes, so that a full disk or a read-only database shows."""

    __tablename__ = "heartbeats"

    id: Mapped[int] = mapped_column(primary_key=True)
    beat_at: Mapped[datetime] = mapped_column(default=utcnow)


class Workshop(Base):
    """One assessment run with many anonymous participants, pinned to a questionnaire version."""

    __tablename__ = "workshops"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    title: Mapped[str] = mapped_column(String(200))
    join_code: Mapped[str] = mapped_column(String(12), unique=True)
    link_token: Mapped[str] = mapped_column(String(64), unique=True)
    locale: Mapped[str] = mapped_column(String(8), default="en")
    anonymity_threshold: Mapped[int] = mapped_column(default=3)
    opens_at: Mapped[datetime | None]
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    baseline_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"))
    mode: Mapped[str] = mapped_column(String(16), default=ROOM, server_default=ROOM)  # room or invitation
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    purged_at: Mapped[datetime | None]  # raw answers deleted by the retention rule
    retained: Mapped[dict[str, Any] | None]  # the group figures kept when the raw answers were deleted

    organisation: Mapped[Organisation] = relationship(back_populates="workshops")
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")

    def is_open(self, now: datetime) -> bool:
        if self.closed_at is not None:
            return False
        if self.opens_at is not None and now < self.opens_at:
            return False
        return self.closes_at is None or now < self.closes_at


class AgreedAnswer(Base):
    """The answer a workshop agreed on after discussing a question, with a short note."""

    __tablename__ = "agreed_answers"
    __table_args__ = (UniqueConstraint("workshop_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshops.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[dict[str, Any]] = mapped_column()  # {"answer": <JSON form>}
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


PLAN_STATUSES = ("planned", "in_progress", "done", "dropped")


class ActionPlan(Base):
    """An action plan made from one result (a response or a workshop), edited by HR and consultants."""

    __tablename__ = "action_plans"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    workshop_id: Mapped[int | None] = mapped_column(ForeignKey("workshops.id"), index=True)
    response_id: Mapped[int | None] = mapped_column(ForeignKey("responses.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    title: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8), default="en")
    start_date: Mapped[date]
    source_summary: Mapped[dict[str, Any]]  # index, level, band, dimension scores of the result it came from
    order_revision: Mapped[int] = mapped_column(default=1)  # bumps when items are added, moved or removed
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    organisation: Mapped[Organisation] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship(lazy="joined")
    items: Mapped[list[ActionItem]] = relationship(
        back_populates="plan",
        order_by="ActionItem.position",
        cascade="all, delete-orphan",
        primaryjoin="and_(ActionPlan.id == ActionItem.plan_id, ActionItem.removed_at.is_(None))",
    )


class ActionItem(Base):
    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    position: Mapped[int]
    action_key: Mapped[str | None] = mapped_column(String(64))  # the questionnaire's action id; None if added
    title: Mapped[str] = mapped_column(String(300))
    owner: Mapped[str] = mapped_column(String(200))
    horizon: Mapped[int]
    due_date: Mapped[date]
    due_date_set: Mapped[bool] = mapped_column(default=False)  # chosen by hand, not start date + horizon
    success_measure: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    severity: Mapped[str] = mapped_column(String(16), default="medium")
    reasons: Mapped[str] = mapped_column(Text, default="")
    dimensions: Mapped[list[str]] = mapped_column(default=list)
    revision: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    removed_at: Mapped[datetime | None]  # removed from the plan, kept so that the removal can be undone

    plan: Mapped[ActionPlan] = relationship(back_populates="items")


class ActionChange(Base):
    """Who changed what in a plan, and when."""

    __tablename__ = "action_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("action_plans.id"), index=True)
    item_id: Mapped[int | None]
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)


class QuestionnaireDraft(Base):
    """A questionnaire file being written or changed in the browser, before it is published."""

    __tablename__ = "questionnaire_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    published_version_id: Mapped[int | None] = mapped_column(ForeignKey("questionnaire_versions.id"))


class ApiToken(Base):
    """A revocable token for the read-only JSON API; only its SHA-256 is stored."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()
