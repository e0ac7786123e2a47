"""Campaigns made through the campaign owner's pages, and the links their e-mails carry."""

from __future__ import annotations

import re
from email.message import EmailMessage

from tests.support.client import Client
from tests.support.mail import parts

PEOPLE = """name,e-mail,unit,role,language
Ada Lovelace,ada@example.org,Finance,manager,en
Bernd Brot,bernd@example.org,Finance,employee,de
Clara Zetkin,clara@example.org,Sales,manager,de
"""


def new_organisation(client: Client, name: str = "ACME") -> int:
    created = client.post("/organisations", {"name": name})
    assert created.status_code == 302, created.get_data(as_text=True)[:1000]
    return int(created.headers["Location"].rsplit("/", 1)[1])


def new_campaign(client: Client, organisation_id: int, reminders: str = "3, 7", threshold: int = 3, **extra) -> int:
    form = {
        "title": "All managers 2027",
        "questionnaire": "executive-pulse",
        "locale": "en",
        "sender": "Hanna Hansen, HR",
        "reminders": reminders,
        "threshold": str(threshold),
        **extra,
    }
    made = client.post(f"/organisations/{organisation_id}/campaigns/new", form)
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    return int(made.headers["Location"].rsplit("/", 1)[1])


def add_people(client: Client, campaign_id: int, text: str = PEOPLE):
    return client.post(f"/campaigns/{campaign_id}/people", {"pasted": text})


def launch(client: Client, campaign_id: int):
    return client.post(f"/campaigns/{campaign_id}/launch")


def personal_link(message: EmailMessage) -> str:
    """The path of the personal link in a campaign mail (checked to be the same in both parts)."""
    text, html = parts(message)
    found = re.search(r"https?://[^/\s]+(/i/[A-Za-z0-9_-]+)", text).group(1)
    assert found in html
    return found


def opt_out_link(message: EmailMessage) -> str:
    header = message["List-Unsubscribe"]
    return re.search(r"<https?://[^/>]+(/mail/opt-out/[^>]+)>", header).group(1)
