"""`readiness users ...`: accounts are created, disabled and deleted by an administrator."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.db import session
from assessment.models import Team, User
from assessment.services.accounts import (
    AccountError,
    create_user,
    delete_user,
    disable_user,
    enable_user,
    find_user,
    set_password,
)
from assessment.services.api_tokens import revoke_all
from assessment.services.audit import SYSTEM, Target, record
from assessment.services.demo import create_demo
from assessment.services.sessions import end_sessions
from assessment.services.teams import TeamError, create_team, find_team


def _password(value: str | None) -> str:
    if value:
        return value
    if os.environ.get("READINESS_PASSWORD"):
        return os.environ["READINESS_PASSWORD"]
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _user(email: str) -> User:
    user = find_user(session(), email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    return user


def _team(name: str | None) -> Team | None:
    """The team called `name`, made when there is none yet."""
    if not name:
        return None
    team = find_team(session(), name)
    try:
        return team if team is not None else create_team(session(), name)
    except TeamError as exc:
        raise click.ClickException(str(exc)) from None


@click.group("users")
def users_group() -> None:
    """Accounts: consultants (in teams), client people and administrators."""


@users_group.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--admin", is_flag=True, help="Also an administrator.")
@click.option("--team", default=None, help="The consultancy (made if new); default: a team of their own.")
@click.option("--password", default=None, help="Better: leave out to be asked, or set READINESS_PASSWORD.")
@with_appcontext
def create_command(email: str, name: str, admin: bool, team: str | None, password: str | None) -> None:
    """Create a consultant account that can sign in and run workshops."""
    try:
        user = create_user(session(), email, name, _password(password), is_admin=admin, team=_team(team))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    record(session(), SYSTEM, "created account", Target("account", user.id, user.email), "command line")
    session().commit()
    click.echo(f"created user {user.id}: {user.email} (team {user.team.name if user.team else '-'})")


@users_group.command("set-password")
@click.argument("email")
@click.option("--password", default=None)
@with_appcontext
def set_password_command(email: str, password: str | None) -> None:
    """Change a password (signs the user out everywhere and revokes their API tokens)."""
    user = _user(email)
    try:
        set_password(session(), user, _password(password))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    revoked = revoke_all(session(), user)
    ended = end_sessions(session(), user)
    record(session(), SYSTEM, "changed password", Target("account", user.id, user.email), "command line")
    session().commit()
    click.echo(f"password changed for {user.email}; {ended} session(s) ended, {revoked} API token(s) revoked")


@users_group.command("disable")
@click.argument("email")
@with_appcontext
def disable_command(email: str) -> None:
    """Stop an account: it is signed out everywhere, cannot sign in, its API tokens stop working."""
    user = _user(email)
    disable_user(session(), user)
    ended = end_sessions(session(), user)
    record(session(), SYSTEM, "disabled account", Target("account", user.id, user.email), "command line")
    session().commit()
    click.echo(f"{user.email} disabled; {ended} session(s) ended")


@users_group.command("enable")
@click.argument("email")
@with_appcontext
def enable_command(email: str) -> None:
    """Let a disabled account sign in again."""
    user = _user(email)
    enable_user(session(), user)
    record(session(), SYSTEM, "enabled account", Target("account", user.id, user.email), "command line")
    session().commit()
    click.echo(f"{user.email} enabled")


@users_group.command("delete")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def delete_command(email: str, yes: bool) -> None:
    """Delete an account: its drafts, API tokens, sessions and client access go; its team's data stays."""
    user = _user(email)
    if not yes:
        click.confirm(f"Delete {user.email} with their drafts, API tokens and access?", abort=True)
    target = Target("account", user.id, user.email)
    delete_user(session(), user)
    record(session(), SYSTEM, "deleted account", target, "command line")
    session().commit()
    click.echo(f"{email} deleted")


@users_group.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def revoke_tokens_command(email: str) -> None:
    """Revoke every API token of a user (for instance when they leave)."""
    user = _user(email)
    revoked = revoke_all(session(), user)
    session().commit()
    click.echo(f"{revoked} API token(s) of {user.email} revoked")


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """List accounts."""
    for user in session().scalars(select(User).order_by(User.id)):
        kind = "consultant" if user.team_id is not None else "client"
        flags = ("\tadmin" if user.is_admin else "") + ("\tdisabled" if user.disabled_at else "")
        team = user.team.name if user.team else "-"
        click.echo(f"{user.id}\t{user.email}\t{user.name}\t{kind}\t{team}{flags}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo consultant, organisation and workshops (once)."""
    demo = create_demo(session())
    session().commit()
    state = "created" if demo.created else "already there"
    click.echo(f"demo data {state}: sign in at /login as {demo.email} with password '{demo.password}'")
