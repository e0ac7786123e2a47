"""Survey campaigns through the pages, against a real SMTP server on loopback (jobs in-process)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy
from sqlalchemy import select, update

from assessment.db import session, utcnow
from assessment.models import Response
from assessment.models_campaigns import Campaign
from assessment.models_campaigns import CampaignInvitation as Invitation
from tests.support.answers import PULSE_HR_LED
from tests.support.campaigns import (
    add_people,
    launch,
    new_campaign,
    new_organisation,
    opt_out_link,
    personal_link,
)
from tests.support.client import Client
from tests.support.mail import parts


@pytest.fixture
def app_settings(mail_server):
    return mail_server.settings()


@pytest.fixture
def campaign(anna):
    campaign_id = new_campaign(anna, new_organisation(anna))
    assert add_people(anna, campaign_id).status_code == 302
    return campaign_id


def invitations(app) -> dict[str, Invitation]:
    with app.app_context():
        return {i.email: i for i in session().scalars(select(Invitation))}


def answer_by_link(app, path: str, pages=PULSE_HR_LED) -> tuple[Client, str]:
    """A person opens their personal link in a fresh browser, answers every page and submits."""
    person = Client(app.test_client())
    opened = person.get(path)
    assert opened.status_code == 302, opened.get_data(as_text=True)[:500]
    token = opened.headers["Location"].split("/")[2]
    for number, answers in enumerate(pages):
        assert person.post(f"/r/{token}/page/{number}", {**answers, "action": "next"}).status_code == 302
    assert person.post(f"/r/{token}/submit").status_code == 302
    return person, token


def test_invitations_go_to_everyone_in_their_language(app, anna, campaign, mail_server):
    assert launch(anna, campaign).status_code == 302
    messages = mail_server.wait_for(3)
    assert sorted(str(m["To"]) for m in messages) == [
        "Ada Lovelace <ada@example.org>",
        "Bernd Brot <bernd@example.org>",
        "Clara Zetkin <clara@example.org>",
    ]
    ada, bernd = mail_server.to("ada@example.org")[0], mail_server.to("bernd@example.org")[0]
    assert ada["Subject"] == "ACME: your invitation to the readiness survey"
    assert bernd["Subject"] == "ACME: Ihre Einladung zur Umfrage zur Bereitschaft"
    assert bernd["Content-Language"] == "de"
    text, html = parts(bernd)
    assert "Hallo Bernd Brot," in text and "anonym" in text and "Hanna Hansen, HR" in text
    assert '<html lang="de">' in html and "Umfrage öffnen" in html
    text, html = parts(ada)
    assert "Hello Ada Lovelace," in text and "Open the survey" in html
    for message in messages:
        assert message["From"] == '"Hanna Hansen, HR" <survey@readiness.test>'
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert opt_out_link(message) in parts(message)[0]
    links = {personal_link(m) for m in messages}
    assert len(links) == 3
    sent = invitations(app)
    assert all(i.invited_at is not None and i.reminders_sent == 0 for i in sent.values())
    page = anna.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert "3 invitations sent" in page


def test_a_personal_link_leads_to_one_response_and_marks_it_finished(app, anna, campaign, mail_server):
    launch(anna, campaign)
    link = personal_link(mail_server.to("clara@example.org")[0])
    person, token = answer_by_link(app, link)
    assert person.get(link).headers["Location"] == f"/r/{token}"  # the same response again, now its results
    people = invitations(app)
    assert people["clara@example.org"].finished and not people["ada@example.org"].finished
    with app.app_context():
        response = session().scalars(select(Response).where(Response.token == token)).one()
        assert (response.team, response.locale, response.submitted) == ("Sales", "de", True)
    assert Client(app.test_client()).get("/i/not-a-link").status_code == 404


def test_finished_is_marked_when_the_link_is_opened_again_on_another_device(app, anna, campaign, mail_server):
    launch(anna, campaign)
    link = personal_link(mail_server.to("ada@example.org")[0])
    person = Client(app.test_client())
    token = person.get(link).headers["Location"].split("/")[2]
    other_device = Client(app.test_client())  # the resume link, without the invitation's cookie
    for number, answers in enumerate(PULSE_HR_LED):
        other_device.post(f"/r/{token}/page/{number}", {**answers, "action": "next"})
    assert other_device.post(f"/r/{token}/submit").status_code == 302
    assert not invitations(app)["ada@example.org"].finished
    person.get(link)
    assert invitations(app)["ada@example.org"].finished


def test_reminders_go_to_those_who_have_not_finished_on_schedule(app, anna, campaign, mail_server, runner):
    launch(anna, campaign)
    mail_server.wait_for(3)
    answer_by_link(app, personal_link(mail_server.to("ada@example.org")[0]))
    assert "mail due: []" in runner.invoke(args=["jobs", "tick"]).output  # day 0: nothing due yet
    with app.app_context():
        session().execute(update(Invitation).values(invited_at=utcnow() - timedelta(days=3, minutes=1)))
        session().execute(update(Invitation).values(last_sent_at=utcnow() - timedelta(days=3, minutes=1)))
        session().commit()
    assert runner.invoke(args=["jobs", "tick"]).exit_code == 0
    reminders = mail_server.messages[3:]
    assert sorted(str(m["To"]).split("<")[1] for m in reminders) == ["bernd@example.org>", "clara@example.org>"]
    assert all(m["Subject"] == "Erinnerung: Umfrage zur Bereitschaft von ACME" for m in reminders)
    assert "Erinnerung" in parts(reminders[0])[0] or "erinnern" in parts(reminders[0])[0].lower()
    runner.invoke(args=["jobs", "tick"])
    assert len(mail_server.messages) == 5  # the second reminder waits for day 7
    assert invitations(app)["bernd@example.org"].reminders_sent == 1


def test_nobody_who_opted_out_gets_mail_again(app, anna, campaign, mail_server, runner):
    launch(anna, campaign)
    message = mail_server.to("bernd@example.org")[0]
    stranger = Client(app.test_client())
    path = opt_out_link(message)
    page = stranger.get(path, headers={"Accept-Language": "de"})
    assert (
        page.status_code == 200
        and "Send me no more e-mail" in page.get_data(as_text=True)
        or "Keine" in page.get_data(as_text=True)
    )
    assert invitations(app)["bernd@example.org"].finished is False
    # RFC 8058 one-click: a mail client posts this body, with no cookie and no CSRF token
    done = stranger.post(path, data={"List-Unsubscribe": "One-Click"}, csrf=False)
    assert done.status_code == 200
    assert stranger.post(path[:-3] + "xyz", data={}, csrf=False).status_code == 404  # a damaged token does nothing
    with app.app_context():
        long_ago = utcnow() - timedelta(days=8)
        session().execute(update(Invitation).values(invited_at=long_ago, last_sent_at=long_ago))
        session().commit()
    runner.invoke(args=["jobs", "tick"])
    assert len(mail_server.to("bernd@example.org")) == 1
    assert len(mail_server.to("ada@example.org")) == 2
    # a new campaign of another organisation does not write to Bernd either
    other = new_campaign(anna, new_organisation(anna, "Globex"))
    add_people(anna, other, "bernd@example.org\ndora@example.org")
    launch(anna, other)
    assert len(mail_server.to("bernd@example.org")) == 1 and len(mail_server.to("dora@example.org")) == 1
    page = anna.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert re.search(r"Opted out</th>.*?<td class=\"num\">1</td>", page, re.S)


def test_refusals_at_send_time_are_recorded_and_shown(app, anna, campaign, mail_server, runner):
    mail_server.recorder.refuse["ada@example.org"] = "550 5.1.1 <ada@example.org>: mailbox unknown"
    mail_server.recorder.refuse["bernd@example.org"] = "450 4.2.1 mailbox busy, try later"
    launch(anna, campaign)
    assert [str(m["To"]) for m in mail_server.messages] == ["Clara Zetkin <clara@example.org>"]
    people = invitations(app)
    assert people["ada@example.org"].bounced_at is not None and "mailbox unknown" in people["ada@example.org"].failure
    assert people["bernd@example.org"].bounced_at is None and people["bernd@example.org"].invited_at is None
    page = anna.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert "550 5.1.1" in page and "450 4.2.1" in page and "will be tried again" in page
    del mail_server.recorder.refuse["bernd@example.org"]
    runner.invoke(args=["jobs", "tick"])
    assert len(mail_server.to("bernd@example.org")) == 1 and not mail_server.to("ada@example.org")


def test_bounces_recorded_from_a_mailbox_and_a_pasted_list(app, anna, campaign, mail_server, runner, tmp_path):
    launch(anna, campaign)
    mbox = tmp_path / "bounces.mbox"
    mbox.write_text(DSN.replace("\n", "\r\n").replace("\r\n", "\n"))
    result = runner.invoke(args=["campaign", "bounces", str(mbox)])
    assert result.exit_code == 0, result.output
    assert "1 invitation(s) marked as bounced" in result.output
    pasted = anna.post(f"/campaigns/{campaign}/bounces", {"addresses": "clara@example.org 550 no such user\nnonsense"})
    assert pasted.status_code == 302
    people = invitations(app)
    assert "5.1.1" in people["ada@example.org"].failure and people["ada@example.org"].bounced_at is not None
    assert people["clara@example.org"].failure == "550 no such user"
    assert people["bernd@example.org"].bounced_at is None
    page = anna.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert "ada@example.org" in page and "bounced" in page


def test_response_rates_by_unit_and_role_and_unit_answers_only_from_the_threshold(app, anna, campaign, mail_server):
    launch(anna, campaign)
    answer_by_link(app, personal_link(mail_server.to("clara@example.org")[0]))
    answer_by_link(app, personal_link(mail_server.to("bernd@example.org")[0]))
    page = anna.get(f"/campaigns/{campaign}").get_data(as_text=True)
    assert "<strong>2</strong> of 3 invited have finished (67 %)" in page
    finance = re.search(r"<th scope=\"row\">Finance</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r"<td class=\"num\">([^<]*)</td>", finance)[:3] == ["2", "1", "50 %"]
    managers = re.search(r"<th scope=\"row\">manager</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r"<td class=\"num\">([^<]*)</td>", managers)[:3] == ["2", "1", "50 %"]
    with app.app_context():
        workshop_id = session().scalars(select(Campaign.workshop_id)).one()
    dashboard = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "Response rates" in dashboard and "Finance" in dashboard  # the rate is shown
    figures = anna.get(f"/workshops/{workshop_id}/dashboard.json").get_data(as_text=True)
    assert "Sales" not in figures and "Finance" not in figures  # one answer per unit: below the threshold of 3


def test_campaign_answers_are_never_tied_to_names(app, anna, campaign, mail_server):
    launch(anna, campaign)
    _person, token = answer_by_link(app, personal_link(mail_server.to("clara@example.org")[0]))
    with app.app_context():
        workshop_id = session().scalars(select(Campaign.workshop_id)).one()
        response = session().scalars(select(Response).where(Response.token == token)).one()
        stored = repr(session().execute(sqlalchemy.text("SELECT * FROM invitations")).all())
        assert response.token == token and token not in stored
    # nothing in the invitations table refers to a response
    assert {fk.column.table.name for fk in Invitation.__table__.foreign_keys} == {"campaigns"}
    assert {c.name for c in Invitation.__table__.columns}.isdisjoint({"response_id", "response_token", "token"})
    for url in (
        f"/workshops/{workshop_id}/export.csv",
        f"/workshops/{workshop_id}/export.json",
        f"/workshops/{workshop_id}/dashboard.json",
    ):
        body = anna.get(url).get_data(as_text=True)
        assert anna.get(url).status_code == 200, url
        for secret in ("Clara", "Zetkin", "clara@example.org"):
            assert secret not in body, (url, secret)
    results = Client(app.test_client()).get(f"/r/{token}/results").get_data(as_text=True)
    assert "Clara" not in results and "clara@example.org" not in results


def test_invitation_workshops_have_no_code_and_are_another_owners_404(app, anna, campaign, client):
    with app.app_context():
        workshop = session().scalars(select(Campaign)).one().workshop
        code, link = workshop.join_code, workshop.link_token
    stranger = Client(app.test_client())
    assert stranger.post("/join", {"code": code}).status_code == 404
    assert stranger.get(f"/w/{link}").status_code == 404
    bert = Client(app.test_client())
    bert.post("/login", {"email": "bert@example.org", "password": "correct horse battery"})
    assert bert.get(f"/campaigns/{campaign}").status_code == 404
    assert bert.post(f"/campaigns/{campaign}/launch").status_code == 404
    assert bert.post(f"/campaigns/{campaign}/people", {"pasted": "x@example.org"}).status_code == 404


def test_hostile_lists_add_nobody_and_say_why(app, anna, mail_server):
    campaign_id = new_campaign(anna, new_organisation(anna))
    hostile = (
        "name,email,unit,role,language\n"
        '"=HYPERLINK(""http://evil"")",eve@example.org,Sales,x,en\n'
        '"Mallory","mallory@example.org\r\nBcc: all@example.org",Sales,x,en\n'
        "Trudy,trudy@example.org,Sales,x,fr\n"
        "Eve again,EVE@example.org,Sales,x,en\n"
    )
    page = add_people(anna, campaign_id, hostile)
    assert page.status_code == 422
    text = page.get_data(as_text=True)
    assert (
        "line 3:" in text
        and "line 4: the questionnaire has no language" in text
        and "line 5: eve@example.org is listed twice" in text
    )
    assert not invitations(app)
    fine = add_people(
        anna, campaign_id, '"=HYPERLINK(""http://evil"")",eve@example.org,"Sales\r\nBcc: x@example.org",x,en'
    )
    assert fine.status_code == 302
    launch(anna, campaign_id)
    message = mail_server.wait_for(1)[0]
    assert message["Bcc"] is None and len(mail_server.messages) == 1
    assert '=HYPERLINK("http://evil")' in parts(message)[0]  # plain text, as written: no mail client runs it
    assert "&#34;http://evil&#34;" in parts(message)[1] or "&quot;http://evil&quot;" in parts(message)[1]


def test_the_list_in_german(app, anna, mail_server):
    campaign_id = new_campaign(anna, new_organisation(anna), locale="de")
    added = add_people(
        anna, campaign_id, "Name;E-Mail-Adresse;Abteilung;Rolle;Sprache\nGerd Groß;gerd@example.org;Einkauf;Leitung;\n"
    )
    assert added.status_code == 302
    person = invitations(app)["gerd@example.org"]
    assert (person.name, person.unit, person.role, person.locale) == ("Gerd Groß", "Einkauf", "Leitung", "de")


def test_an_executive_mails_themselves_their_resume_link(app, survey, mail_server):
    token = survey.start()
    sent = survey.client.post(f"/r/{token}/email-link", {"email": "exec@example.org", "back": f"/r/{token}/page/0"})
    assert sent.status_code == 302 and sent.headers["Location"] == f"/r/{token}/page/0"
    message = mail_server.wait_for(1)[0]
    assert str(message["To"]) == "exec@example.org" and message["List-Unsubscribe"]
    text, html = parts(message)
    assert f"/r/{token}" in text and f"/r/{token}" in html
    with app.app_context():  # the address is nowhere in the database
        for table in ("responses", "invitations", "mail_opt_outs"):
            rows = session().execute(sqlalchemy.text(f"SELECT * FROM {table}")).all()
            assert "exec@example.org" not in repr(rows)
    injected = survey.client.post(f"/r/{token}/email-link", {"email": "a@example.org\r\nBcc: all@example.org"})
    assert injected.status_code == 302 and len(mail_server.messages) == 1
    assert "e-mail address such as" in survey.client.get(f"/r/{token}/page/0").get_data(as_text=True)
    survey.client.post(f"/r/{token}/email-link", {"email": "exec@example.org"})  # the third this hour
    assert survey.client.post(f"/r/{token}/email-link", {"email": "exec@example.org"}).status_code == 429
    assert len(mail_server.messages) == 2


DSN = """From MAILER-DAEMON Tue Dec  1 12:00:00 2026
From: Mail Delivery System <MAILER-DAEMON@mx.example.org>
To: survey@readiness.test
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; ada@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

Final-Recipient: rfc822; bernd@example.org
Action: delayed
Status: 4.4.1

--B--
"""
