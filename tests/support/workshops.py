"""Workshops made through the consultant's pages."""

from __future__ import annotations

import re

from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED
from tests.support.client import Client
from tests.support.survey import participate


def new_workshop(client: Client, beside: int, title: str = "Follow-up", baseline: int | None = None) -> tuple[int, str]:
    """Another workshop on the pulse in the organisation of workshop `beside`; returns (id, link token)."""
    page = client.get(f"/workshops/{beside}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    form = {"title": title, "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"}
    made = client.post(f"/organisations/{organisation_id}/workshops", {**form, "baseline": str(baseline or "")})
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    workshop_id = int(made.headers["Location"].rsplit("/", 1)[1])
    link = re.search(r"/w/([A-Za-z0-9_-]+)", client.get(f"/workshops/{workshop_id}").get_data(as_text=True)).group(1)
    return workshop_id, link


def compared_pair(app, client: Client, workshop: tuple[int, str, str]) -> tuple[int, int]:
    """Three IT-led participants in `workshop` (the baseline), then a follow-up of it with three
    HR-led ones; returns (baseline id, follow-up id)."""
    baseline_id, _, token = workshop
    for _ in range(3):
        participate(app, token, PULSE_IT_LED)
    follow_id, follow_token = new_workshop(client, baseline_id, baseline=baseline_id)
    for _ in range(3):
        participate(app, follow_token, PULSE_HR_LED)
    return baseline_id, follow_id
