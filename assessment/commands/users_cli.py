"""`readiness users ...`: consultant accounts are created by an administrator."""

from __future__ import annotations

import os

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from assessment.db import session
from assessment.models import User
from assessment.services.accounts import AccountError, create_user, find_user, set_password
from assessment.services.api_tokens import revoke_all
from assessment.services.demo import create_demo


def _password(value: str | None) -> str:
    if value:
        return value
    if os.environ.get("READINESS_PASSWORD"):
        return os.environ["READINESS_PASSWORD"]
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@click.group("users")
def users_group() -> None:
    """Consultant accounts."""


@users_group.command("create")
@click.argument("email")
@click.option("--name", default="", help="Display name.")
@click.option("--admin", is_flag=True, help="Also an administrator.")
@click.option("--password", default=None, help="Better: leave out to be asked, or set READINESS_PASSWORD.")
@with_appcontext
def create_command(email: str, name: str, admin: bool, password: str | None) -> None:
    """Create an account that can sign in and run workshops."""
    try:
        user = create_user(session(), email, name, _password(password), is_admin=admin)
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    session().commit()
    click.echo(f"created user {user.id}: {user.email}")


@users_group.command("set-password")
@click.argument("email")
@click.option("--password", default=None)
@with_appcontext
def set_password_command(email: str, password: str | None) -> None:
    """Change a password (signs the user out everywhere and revokes their API tokens)."""
    user = find_user(session(), email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    try:
        set_password(session(), user, _password(password))
    except AccountError as exc:
        raise click.ClickException(str(exc)) from None
    revoked = revoke_all(session(), user)
    session().commit()
    click.echo(f"password changed for {user.email}; {revoked} API token(s) revoked")


@users_group.command("revoke-tokens")
@click.argument("email")
@with_appcontext
def revoke_tokens_command(email: str) -> None:
    """Revoke every API token of a user (for instance when they leave)."""
    user = find_user(session(), email)
    if user is None:
        raise click.ClickException(f"no user {email}")
    revoked = revoke_all(session(), user)
    session().commit()
    click.echo(f"{revoked} API token(s) of {user.email} revoked")


@users_group.command("list")
@with_appcontext
def list_command() -> None:
    """List accounts."""
    for user in session().scalars(select(User).order_by(User.id)):
        role = "\tadmin" if user.is_admin else ""
        click.echo(f"{user.id}\t{user.email}\t{user.name}{role}")


@click.command("demo")
@with_appcontext
def demo_command() -> None:
    """Create the demo consultant, organisation and workshops (once)."""
    demo = create_demo(session())
    session().commit()
    state = "created" if demo.created else "already there"
    click.echo(f"demo data {state}: sign in at /login as {demo.email} with password '{demo.password}'")
