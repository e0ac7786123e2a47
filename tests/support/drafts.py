"""Questionnaire texts for authoring: the shipped pulse, the next version of it, and one with a mistake."""

from __future__ import annotations

import html
import re

from assessment.db import session
from assessment.models import QuestionnaireDraft
from assessment.services.authoring import content_hash
from tests.support.client import Client
from tests.support.questionnaires import PULSE_PATH

PULSE = PULSE_PATH.read_text(encoding="utf-8")
# A changed pulse: the next version (the shipped one is 2), a reworded question, and one mistake
# (a severity the format does not know).
VERSION_2 = PULSE.replace("version: 2\n", "version: 3\n", 1).replace(
    "How has activity developed since launch?", "How has activity changed since the launch?"
)
ERROR_LINE = VERSION_2.splitlines().index("    severity: critical") + 1
WITH_ERROR = VERSION_2.replace("    severity: critical\n", "    severity: catastrophic\n", 1)


def new_draft(client: Client, text: str, name: str = "pulse-v2.yaml") -> str:
    """A new draft from pasted text, as the authoring page makes it; returns the draft's URL."""
    created = client.post("/authoring/drafts", {"source": text, "name": name})
    assert created.status_code == 302, created.get_data(as_text=True)[:2000]
    return created.headers["Location"]


def save(client, url, text):
    """Save a draft as the editor does: with the hash of the saved text the page was opened on."""
    base = re.search(r'name="base_hash" type="hidden" value="([0-9a-f]{64})"', client.get(url).get_data(as_text=True))
    return client.post(url, {"source": text, "base_hash": base.group(1)})


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def checked_hash(client, url):
    draft_id = int(url.rsplit("/", 1)[1])
    with client.application.app_context():
        return content_hash(session().get(QuestionnaireDraft, draft_id).source)
