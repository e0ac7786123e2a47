"""Finding 3 of issue 18: sessions live on the server, so ending one ends every copy of its cookie."""

import base64
import json
import zlib
from datetime import timedelta

from sqlalchemy import select, update

from assessment.db import session, utcnow
from assessment.models import User, UserSession
from tests.support.accounts import PASSWORD, sign_in
from tests.support.client import Client

COOKIE = "readiness_session"


def cookie_of(client: Client) -> str:
    return client.get_cookie(COOKIE, domain="localhost").value


def browser_with(app, cookie: str) -> Client:
    """Another browser holding a copy of the cookie (stolen, or a second tab restored)."""
    copy = Client(app.test_client())
    copy.set_cookie(COOKIE, cookie, domain="localhost")
    return copy


def signed_in(client: Client) -> bool:
    return client.get("/workshops").status_code == 200


def payload(cookie: str) -> dict:
    data = cookie.split(".")[0] if not cookie.startswith(".") else cookie.split(".")[1]
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    return json.loads(zlib.decompress(raw) if cookie.startswith(".") else raw)


def test_a_cookie_copied_before_sign_out_no_longer_works_after_it(app, anna):
    copy = browser_with(app, cookie_of(anna))
    assert signed_in(copy)
    assert anna.post("/logout").status_code == 302
    assert not signed_in(copy)
    assert not signed_in(anna)


def test_the_cookie_holds_nothing_of_the_password_hash(app, anna):
    cookie = cookie_of(anna)
    with app.app_context():
        stored = session().scalars(select(User.password_hash).where(User.email == "anna@example.org")).one()
    content = json.dumps(payload(cookie))
    assert not any(stored[i : i + 8] in content for i in range(len(stored) - 8))
    assert set(payload(cookie)) <= {"sid", "csrf_token", "_permanent", "_flashes"}


def _age_sessions(app, **ago: timedelta) -> None:
    with app.app_context():
        values = {column: utcnow() - delta for column, delta in ago.items()}
        session().execute(update(UserSession).values(**values))
        session().commit()


def test_a_session_ends_after_the_absolute_lifetime_even_while_used(app, anna):
    _age_sessions(app, created_at=timedelta(hours=12, minutes=1))
    assert not signed_in(anna)


def test_a_session_ends_after_being_unused_for_the_idle_lifetime(app, anna):
    _age_sessions(app, last_seen_at=timedelta(hours=2, minutes=1))
    assert not signed_in(anna)
    assert sign_in(anna).status_code == 302 and signed_in(anna)


def test_a_session_in_use_stays(app, anna):
    _age_sessions(app, created_at=timedelta(hours=11), last_seen_at=timedelta(hours=1, minutes=59))
    assert signed_in(anna)


def test_reading_pages_only_keeps_a_session_alive(app, anna):
    """GET requests write the session's last use at once (no request holds the write lock meanwhile)."""
    _age_sessions(app, last_seen_at=timedelta(hours=1, minutes=59))
    assert signed_in(anna)  # a GET only: nothing else commits
    with app.app_context():
        seen = session().scalars(select(UserSession.last_seen_at)).one()
    assert utcnow() - seen.replace(tzinfo=utcnow().tzinfo) < timedelta(minutes=1)


def test_changing_the_password_on_the_page_signs_out_every_other_browser(app, anna):
    other = Client(app.test_client())
    sign_in(other)
    changed = anna.post(
        "/account/password", {"current": PASSWORD, "new": "a new password 2027", "again": "a new password 2027"}
    )
    assert changed.status_code == 302
    assert not signed_in(other)
    assert signed_in(anna)
    assert sign_in(Client(app.test_client()), password="a new password 2027").status_code == 302


def test_the_password_page_checks_the_current_password_and_the_repetition(anna):
    wrong = anna.post("/account/password", {"current": "not my password", "new": "x" * 12, "again": "x" * 12})
    assert wrong.status_code == 422 and "This is not your current password." in wrong.get_data(as_text=True)
    differ = anna.post("/account/password", {"current": PASSWORD, "new": "x" * 12, "again": "y" * 12})
    assert differ.status_code == 422 and "are not the same" in differ.get_data(as_text=True)
    short = anna.post("/account/password", {"current": PASSWORD, "new": "short", "again": "short"})
    assert short.status_code == 422


def test_sign_out_everywhere_ends_every_session_of_the_account(app, anna):
    other = Client(app.test_client())
    sign_in(other)
    page = anna.get("/account").get_data(as_text=True)
    assert "this browser" in page
    assert anna.post("/account/sessions/end").status_code == 302
    assert not signed_in(other) and not signed_in(anna)


def test_the_command_line_password_change_ends_sessions_too(app, anna, runner):
    result = runner.invoke(args=["users", "set-password", "anna@example.org", "--password", "another password 1"])
    assert result.exit_code == 0, result.output
    assert not signed_in(anna)


def test_disabling_an_account_ends_its_sessions_and_sign_in(app, anna, runner):
    result = runner.invoke(args=["users", "disable", "anna@example.org"])
    assert result.exit_code == 0, result.output
    assert not signed_in(anna)
    assert sign_in(Client(app.test_client())).status_code == 401
    assert runner.invoke(args=["users", "enable", "anna@example.org"]).exit_code == 0
    assert sign_in(Client(app.test_client())).status_code == 302
