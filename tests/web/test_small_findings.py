"""Finding 8 of issue 18, the smaller holes, each reproduced: out-of-range ids, calendar injection,
forged log lines, a world-readable database, a health check that cannot see a full disk, typed
text lost on a failed save, saves into a closed workshop, the development server on the network,
and HSTS."""

import io
import logging
import os
import re
import stat
import subprocess
from datetime import date

import pytest
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from assessment.commands.db_cli import upgrade_database
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.drafts import new_draft
from tests.support.paths import ROOT
from tests.support.survey import participate

START = date(2027, 1, 4)

TYPED = "Quarterly town hall with the works council"


def disk_full(*_args, **_kwargs):
    raise OperationalError("COMMIT", {}, Exception("database or disk is full"))


@pytest.fixture
def plan_id(app, anna, workshop):
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, with_role(PULSE_IT_LED, "it"))
    made = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": START.isoformat()})
    return int(made.headers["Location"].rsplit("/", 1)[1])


# --- ids beyond what the database holds ---------------------------------------------------------


@pytest.mark.parametrize("number", [2**31, 2**63, 2**64 + 1, 10**30])
def test_an_id_too_large_for_the_database_is_not_found(anna, number):
    for url in (f"/workshops/{number}", f"/organisations/{number}", f"/plans/{number}", f"/plans/{number}/plan.csv"):
        assert anna.get(url).status_code == 404, url
    assert anna.post(f"/workshops/{number}/close").status_code == 404


def test_a_compare_with_an_id_too_large_is_not_found(anna, workshop):
    workshop_id, _, _ = workshop
    assert anna.get(f"/workshops/{workshop_id}/compare?with={2**64}").status_code == 404


# --- calendar export -----------------------------------------------------------------------------


def test_no_control_character_in_a_plan_can_start_a_calendar_line(app, anna, plan_id):
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    item = re.search(r'id="item-(\d+)"', page).group(1)
    revision = re.search(rf'name="item-{item}-revision" value="(\d+)"', page).group(1)
    hostile = "ok\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:forged\x0bx\x0cy\x85z\u2028w\x00\x1b"
    edit = {"title": "T\rDTSTART:19700101", "owner": "HR", "due_date": "2027-02-01", "status": "planned"}
    edit |= {"success_measure": hostile, "revision": revision}
    assert anna.post(f"/plans/{plan_id}/items/{item}", {f"item-{item}-{k}": v for k, v in edit.items()}).status_code
    calendar = anna.get(f"/plans/{plan_id}/plan.ics").get_data(as_text=True)
    lines = calendar.split("\r\n")
    assert calendar.count("BEGIN:VEVENT") == calendar.count("END:VEVENT")
    assert "SUMMARY:forged" not in lines and "DTSTART:19700101" not in lines
    assert not any(re.search(r"[\x00-\x08\x0a-\x1f\x7f\x85\u2028]", line) for line in lines)
    assert "forged" in calendar  # the text is kept, escaped, inside the description


# --- logs ----------------------------------------------------------------------------------------


def test_an_e_mail_with_a_newline_cannot_forge_a_log_line(app, client, consultant):
    handler = logging.getLogger("assessment").handlers[0]
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        forged = "x@example.org\n2026-12-01 10:00:00,000 INFO [abc] assessment.auth.routes: user 1 signed in"
        client.post("/login", {"email": forged, "password": "wrong password 1"})
    finally:
        handler.setStream(previous)
    lines = written.getvalue().splitlines()
    assert len(lines) == 1 and "failed sign-in for x@example.org\\n2026" in lines[0]


def test_every_log_record_is_one_line(app):
    handler = logging.getLogger("assessment").handlers[0]
    record = logging.LogRecord("assessment.x", logging.INFO, __file__, 1, "typed: %s", ("a\r\nb\x1b[2J\u2028c",), None)
    assert handler.filter(record)
    assert "\n" not in handler.format(record) and "\x1b" not in handler.format(record)


# --- the SQLite file -------------------------------------------------------------------------------


def test_the_sqlite_database_is_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "instance" / "readiness.db"
    old = os.umask(0o022)
    try:
        upgrade_database(f"sqlite:///{path}")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)  # an existing, too open file is closed again
    upgrade_database(f"sqlite:///{path}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- health ----------------------------------------------------------------------------------------


def test_health_reports_a_database_that_takes_no_writes(client, monkeypatch):
    assert client.get("/healthz").status_code == 200
    monkeypatch.setattr(Session, "commit", disk_full)
    response = client.get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "not writable"


# --- typed text on a failed save ------------------------------------------------------------------


def test_a_plan_edit_refused_by_a_full_disk_keeps_the_typed_text(app, anna, plan_id, monkeypatch):
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    item = re.search(r'id="item-(\d+)"', page).group(1)
    revision = re.search(rf'name="item-{item}-revision" value="(\d+)"', page).group(1)
    edit = {"title": TYPED, "owner": "HR", "due_date": "2027-02-01", "status": "planned", "revision": revision}
    monkeypatch.setattr(Session, "commit", disk_full)
    response = anna.post(f"/plans/{plan_id}/items/{item}", {f"item-{item}-{k}": v for k, v in edit.items()})
    assert response.status_code == 503
    assert TYPED in response.get_data(as_text=True) and "not saved yet" in response.get_data(as_text=True)


def test_a_new_action_refused_by_a_full_disk_keeps_the_typed_text(app, anna, plan_id, monkeypatch):
    monkeypatch.setattr(Session, "commit", disk_full)
    fields = {
        "title": TYPED,
        "owner": "Comms",
        "horizon": "60",
        "success_measure": "40 attendees",
        "order_revision": "1",
    }
    response = anna.post(f"/plans/{plan_id}/items", fields)
    assert response.status_code == 503 and TYPED in response.get_data(as_text=True)


def test_a_draft_save_refused_by_a_full_disk_keeps_the_typed_text(app, anna, monkeypatch):
    url = new_draft(anna, "format: 1\nid: x\n", name="x.yaml")
    base = re.search(r'name="base_hash" type="hidden" value="([0-9a-f]{64})"', anna.get(url).get_data(as_text=True))
    monkeypatch.setattr(Session, "commit", disk_full)
    response = anna.post(url, {"source": f"format: 1\ntitle: {TYPED}\n", "base_hash": base.group(1)})
    assert response.status_code == 503 and TYPED in response.get_data(as_text=True)


def test_a_new_draft_refused_by_a_full_disk_keeps_the_typed_text(anna, monkeypatch):
    monkeypatch.setattr(Session, "commit", disk_full)
    response = anna.post("/authoring/drafts", {"source": f"title: {TYPED}\n", "name": "x.yaml"})
    assert response.status_code == 503 and TYPED in response.get_data(as_text=True)


def test_a_new_organisation_refused_by_a_full_disk_keeps_the_typed_name(anna, monkeypatch):
    monkeypatch.setattr(Session, "commit", disk_full)
    response = anna.post("/organisations", {"name": TYPED})
    assert response.status_code == 503 and TYPED in response.get_data(as_text=True)


def test_a_new_workshop_refused_by_a_full_disk_keeps_the_typed_title(anna, monkeypatch):
    organisation = anna.post("/organisations", {"name": "ACME"}).headers["Location"].rsplit("/", 1)[1]
    monkeypatch.setattr(Session, "commit", disk_full)
    fields = {"title": TYPED, "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"}
    response = anna.post(f"/organisations/{organisation}/workshops", fields)
    assert response.status_code == 503 and TYPED in response.get_data(as_text=True)


# --- saving into a closed workshop ------------------------------------------------------------------


def test_closing_a_workshop_stops_saves_with_a_message_that_keeps_the_answers(app, anna, workshop):
    workshop_id, _, link = workshop
    participant = Client(app.test_client())
    token = participant.post(f"/w/{link}", {"team": ""}).headers["Location"].split("/")[2]
    assert participant.post(f"/r/{token}/page/0", {**PULSE_IT_LED[0], "action": "next"}).status_code == 302
    assert anna.post(f"/workshops/{workshop_id}/close").status_code == 302
    refused = participant.post(f"/r/{token}/page/1", {**PULSE_IT_LED[1], "action": "next"})
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert "This workshop has closed" in page
    assert re.search(r'<input[^>]* checked [^>]*value="it"', page)  # what they chose is still chosen
    with app.app_context():
        from assessment.db import session
        from assessment.services.responses import find_response

        assert "owner" not in find_response(session(), token).answers


# --- the development server -------------------------------------------------------------------------


def test_the_development_server_refuses_a_network_address_unless_told(tmp_path):
    env = dict(os.environ, HOST="0.0.0.0", READINESS_INSTANCE=str(tmp_path))  # noqa: S104
    env.pop("ALLOW_REMOTE", None)
    started = subprocess.run([str(ROOT / "scripts" / "start")], env=env, capture_output=True, text=True, timeout=30)
    assert started.returncode == 2
    assert "refusing to serve on 0.0.0.0" in started.stderr


# --- HSTS --------------------------------------------------------------------------------------------


def test_https_responses_carry_hsts_and_plain_ones_do_not(app, client):
    secure = app.test_client().get("/", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_signing_in_still_works_after_these_changes(app, consultant):
    assert sign_in(Client(app.test_client())).status_code == 302
