"""Faults: a busy or unreachable database, a process killed mid-submission."""

import os
import re
import subprocess
import sys
import textwrap

from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from assessment.db import session
from assessment.models import Response
from tests.support.answers import PULSE_IT_LED
from tests.support.paths import ROOT


def locked(*_args, **_kwargs):
    raise OperationalError("UPDATE responses ...", {}, Exception("database is locked"))


def stored(app, token):
    with app.app_context():
        return session().scalars(select(Response).where(Response.token == token)).one()


def test_busy_database_keeps_the_answers_on_the_page_and_a_retry_saves_them(app, client, survey, monkeypatch):
    token = survey.start()
    monkeypatch.setattr("assessment.survey.routes.save_page", locked)
    monkeypatch.setattr("assessment.web_support.time.sleep", lambda _s: None)
    busy = client.post(f"/r/{token}/page/0", {"role": "hr", "stage": "pilot", "action": "next"})
    assert busy.status_code == 503 and busy.headers["Retry-After"] == "5"
    page = busy.get_data(as_text=True)
    assert "your answers on this page are not saved yet" in page
    assert re.search(r'<input[^>]* checked [^>]*value="hr"', page)  # still filled in
    monkeypatch.undo()
    retry = client.post(f"/r/{token}/page/0", {"role": "hr", "stage": "pilot", "action": "next"})
    assert retry.status_code == 302
    assert stored(app, token).answers == {"role": "hr", "stage": "pilot"}


def test_unreachable_database_gives_a_retry_page_not_a_stack_trace(client, monkeypatch):
    monkeypatch.setattr("assessment.survey.routes.listed_versions", locked)
    response = client.get("/")
    assert response.status_code == 503 and response.headers["Retry-After"] == "5"
    text = response.get_data(as_text=True)
    assert "The service is busy" in text and "Traceback" not in text and "locked" not in text


def test_health_reports_an_unreachable_database(client, monkeypatch):
    from sqlalchemy.orm import Session

    monkeypatch.setattr(Session, "execute", locked)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from sqlalchemy.orm import Session
    from app import create_app
    from assessment.db import session
    from assessment.services.responses import find_response, submit_response

    app = create_app({"DATABASE_URL": sys.argv[1], "SECRET_KEY": "x"})
    with app.app_context():
        response = find_response(session(), sys.argv[2])
        Session.commit = lambda self: os.kill(os.getpid(), signal.SIGKILL)  # dies before the commit lands
        submit_response(session(), response)
        session().commit()
    """
)


def test_process_killed_mid_submission_leaves_a_consistent_database(app, client, survey, database_url, tmp_path):
    token = survey.start()
    survey.answer(token, PULSE_IT_LED)
    env = dict(os.environ, READINESS_INSTANCE=str(tmp_path / "killed"))
    killed = subprocess.run([sys.executable, "-c", KILLER, database_url, token], cwd=ROOT, env=env, timeout=60)
    assert killed.returncode == -9
    response = stored(app, token)
    assert response.status == "in_progress" and response.result is None and response.submitted_at is None
    assert response.answers["owner"] == "it"  # nothing accepted was lost
    assert client.get(f"/r/{token}/results").status_code == 302  # not shown as complete
    assert survey.submit(token).status_code == 302
    assert stored(app, token).submitted


def test_oversized_body_is_refused_with_a_clear_page(client):
    response = client.post("/start", {"questionnaire": "executive-pulse", "label": "x" * (3 * 1024 * 1024)})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


def test_successful_joins_from_one_address_are_not_throttled(app, client, survey):
    """A whole room behind one office address joins at once; only wrong codes are counted."""
    from assessment.services.accounts import create_user
    from tests.support.accounts import PASSWORD, sign_in

    with app.app_context():
        create_user(session(), "anna@example.org", "Anna", PASSWORD)
        session().commit()
    sign_in(client)
    organisation = client.post("/organisations", {"name": "Room"}).headers["Location"].rsplit("/", 1)[1]
    made = client.post(
        f"/organisations/{organisation}/workshops",
        {"title": "Big room", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"},
    )
    page = client.get(made.headers["Location"]).get_data(as_text=True)
    code = re.search(r'class="join-code"[^>]*>([A-Z0-9]{6})<', page).group(1)
    statuses = [client.post("/join", {"code": code}).status_code for _ in range(40)]
    assert set(statuses) == {302}
