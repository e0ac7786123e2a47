"""Who may open which organisation: teams of consultants, and client people with a role.

A consultancy is a team; its consultants share its organisations. A client person is
invited to one organisation as a viewer (reads reports and plans) or an editor (also edits
the plans). Every lookup here answers None for anything else, so the pages answer 404.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from assessment.models import CLIENT_ROLES, ActionPlan, Membership, Organisation, Team, User, Workshop
from assessment.models_campaigns import Campaign

VIEWER, EDITOR, CONSULTANT = "viewer", "editor", "consultant"
RANK = {VIEWER: 1, EDITOR: 2, CONSULTANT: 3}


class TeamError(ValueError):
    """A team or membership change that cannot be made; the message says why."""


def role_on(session: Session, user: User, organisation: Organisation) -> str | None:
    """The person's role on the organisation: consultant (their team's), editor, viewer, or None."""
    if user.disabled_at is not None:
        return None
    if user.team_id is not None and organisation.team_id == user.team_id:
        return CONSULTANT
    query = select(Membership.role).where(Membership.organisation_id == organisation.id, Membership.user_id == user.id)
    return session.scalars(query).first()


def may(session: Session, user: User, organisation: Organisation, at_least: str) -> bool:
    role = role_on(session, user, organisation)
    return role is not None and RANK[role] >= RANK[at_least]


def organisation_for(session: Session, user: User, organisation_id: int, at_least: str) -> Organisation | None:
    organisation = session.get(Organisation, organisation_id)
    return organisation if organisation is not None and may(session, user, organisation, at_least) else None


def workshop_for(session: Session, user: User, workshop_id: int, at_least: str) -> Workshop | None:
    workshop = session.get(Workshop, workshop_id)
    return workshop if workshop is not None and may(session, user, workshop.organisation, at_least) else None


def plan_for(session: Session, user: User, plan_id: int, at_least: str) -> ActionPlan | None:
    plan = session.get(ActionPlan, plan_id)
    return plan if plan is not None and may(session, user, plan.organisation, at_least) else None


def campaign_for(session: Session, user: User, campaign_id: int, at_least: str) -> Campaign | None:
    campaign = session.get(Campaign, campaign_id)
    if campaign is None or workshop_for(session, user, campaign.workshop_id, at_least) is None:
        return None
    return campaign


def visible_organisations(session: Session, user: User) -> list[Organisation]:
    """The team's organisations and those the person was invited to, by name."""
    if user.disabled_at is not None:
        return []
    invited = select(Membership.organisation_id).where(Membership.user_id == user.id)
    condition: ColumnElement[bool] = Organisation.id.in_(invited)
    if user.team_id is not None:
        condition = or_(Organisation.team_id == user.team_id, condition)
    return list(session.scalars(select(Organisation).where(condition).order_by(Organisation.name, Organisation.id)))


def find_team(session: Session, name: str) -> Team | None:
    return session.scalars(select(Team).where(Team.name == " ".join(name.split()))).first()


def create_team(session: Session, name: str) -> Team:
    name = " ".join(name.split())[:200]
    if not name:
        raise TeamError("a team needs a name")
    if find_team(session, name) is not None:
        raise TeamError(f"a team called '{name}' exists already")
    team = Team(name=name)
    session.add(team)
    session.flush()
    return team


def team_of_their_own(session: Session, name: str, email: str) -> Team:
    """A new team for a consultant who joins without one: called after them (their e-mail if taken)."""
    name = " ".join(name.split()) or email
    return create_team(session, name if find_team(session, name) is None else f"{name} ({email})")


def rename_team(session: Session, team: Team, name: str) -> None:
    name = " ".join(name.split())[:200]
    other = find_team(session, name)
    if not name or (other is not None and other.id != team.id):
        raise TeamError("that name is empty or taken")
    team.name = name
    session.flush()


def teams(session: Session) -> list[Team]:
    return list(session.scalars(select(Team).order_by(Team.name)))


def team_members(session: Session, team: Team) -> list[User]:
    return list(session.scalars(select(User).where(User.team_id == team.id).order_by(User.name, User.email)))


def members_of(session: Session, organisation: Organisation) -> list[Membership]:
    query = select(Membership).where(Membership.organisation_id == organisation.id).order_by(Membership.created_at)
    return list(session.scalars(query))


def grant(session: Session, organisation: Organisation, user: User, role: str, by: User | None) -> Membership:
    """Give a client person a role on the organisation (or change it)."""
    if role not in CLIENT_ROLES:
        raise TeamError(f"unknown role '{role}'")
    if user.team_id is not None and user.team_id == organisation.team_id:
        raise TeamError("this person is a consultant of the organisation's team already")
    membership = session.scalars(
        select(Membership).where(Membership.organisation_id == organisation.id, Membership.user_id == user.id)
    ).first()
    if membership is None:
        membership = Membership(organisation_id=organisation.id, user_id=user.id, created_by=by.id if by else None)
        session.add(membership)
    membership.role = role
    session.flush()
    return membership


def membership_of(session: Session, organisation: Organisation, membership_id: int) -> Membership | None:
    membership = session.get(Membership, membership_id)
    return membership if membership is not None and membership.organisation_id == organisation.id else None


def team_organisations(session: Session, team: Team) -> int:
    return session.scalar(select(func.count(Organisation.id)).where(Organisation.team_id == team.id)) or 0
