"""Answering a questionnaire through its pages, as a respondent or a workshop participant does."""

from __future__ import annotations

from tests.support.answers import PULSE_IT_LED
from tests.support.client import Client


class Survey:
    """Drives a questionnaire through its pages the way a respondent does."""

    def __init__(self, client: Client):
        self.client = client

    def start(self, questionnaire: str = "executive-pulse", label: str = "") -> str:
        response = self.client.post("/start", {"questionnaire": questionnaire, "label": label})
        assert response.status_code == 302, response.get_data(as_text=True)
        return response.headers["Location"].split("/")[2]

    def answer(self, token: str, pages: list[dict], start: int = 0) -> None:
        for number, answers in enumerate(pages, start):
            response = self.client.post(f"/r/{token}/page/{number}", {**answers, "action": "next"})
            assert response.status_code == 302, (number, response.get_data(as_text=True)[:2000])

    def submit(self, token: str):
        return self.client.post(f"/r/{token}/submit")

    def complete(self, pages: list[dict] = PULSE_IT_LED, label: str = "") -> str:
        token = self.start(label=label)
        self.answer(token, pages)
        assert self.submit(token).status_code == 302
        return token


def participate(app, token, pages, team=""):
    """A participant in a fresh browser session: join by link, answer, submit."""
    participant = Client(app.test_client())
    joined = participant.post(f"/w/{token}", {"team": team})
    assert joined.status_code == 302, joined.get_data(as_text=True)[:1000]
    response_token = joined.headers["Location"].split("/")[2]
    for number, answers in enumerate(pages):
        assert participant.post(f"/r/{response_token}/page/{number}", {**answers, "action": "next"}).status_code == 302
    assert participant.post(f"/r/{response_token}/submit").status_code == 302
    return participant, response_token
