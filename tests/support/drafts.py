"""Questionnaire texts for authoring: the shipped pulse, the next version of it, and one with a mistake."""

from __future__ import annotations

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
