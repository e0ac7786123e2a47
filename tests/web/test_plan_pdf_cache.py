"""Action plan PDFs go through the report cache: a second download is not rendered again, and an
edit to the plan or to the organisation's branding gives a new PDF that shows it."""

from __future__ import annotations

import re
from datetime import date

import pytest

import reports.pdf
from assessment.db import session
from assessment.models import ActionPlan
from tests.support.answers import PULSE_IT_LED, with_role
from tests.support.pdf_layout import page_texts
from tests.support.plans import item_form
from tests.support.survey import participate


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """Counts the PDFs WeasyPrint really lays out (each still rendered, so its text can be read)."""
    made: list[int] = []
    render = reports.pdf.html_to_pdf

    def counting(html: str) -> bytes:
        made.append(1)
        return render(html)

    monkeypatch.setattr(reports.pdf, "html_to_pdf", counting)
    return made


@pytest.fixture
def plan(app, anna, workshop) -> tuple[int, int, int]:
    """(plan id, its organisation id, its first item id)."""
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, with_role(PULSE_IT_LED, "it"))
    made = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": date(2027, 1, 4).isoformat()})
    plan_id = int(made.headers["Location"].rsplit("/", 1)[1])
    with app.app_context():
        stored = session().get(ActionPlan, plan_id)
        return plan_id, stored.organisation_id, stored.items[0].id


def text(pdf: bytes) -> str:
    return re.sub(r"\s+", " ", " ".join(page_texts(pdf)))


def test_a_plan_pdf_is_served_from_the_cache_until_the_plan_or_its_branding_changes(app, anna, plan, renders):
    plan_id, organisation_id, item_id = plan
    first = anna.get(f"/plans/{plan_id}/plan.pdf")
    again = anna.get(f"/plans/{plan_id}/plan.pdf")
    assert first.mimetype == "application/pdf" and again.data == first.data and len(renders) == 1

    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    form[f"item-{item_id}-owner"] = "Maria Schmidt (HR)"
    form[f"item-{item_id}-status"] = "in_progress"
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", form).status_code == 302
    edited = anna.get(f"/plans/{plan_id}/plan.pdf").data
    assert len(renders) == 2 and "Owner: Maria Schmidt (HR)" in text(edited) and "Status: In progress" in text(edited)
    assert "Maria Schmidt" not in text(first.data)

    saved = anna.post(
        f"/organisations/{organisation_id}/branding",
        {"confidentiality": "Strictly confidential: steering group"},
        content_type="multipart/form-data",
    )
    assert saved.status_code == 302
    branded = anna.get(f"/plans/{plan_id}/plan.pdf").data
    assert len(renders) == 3 and "Strictly confidential: steering group" in text(branded)
    letter = anna.get(f"/plans/{plan_id}/plan.pdf?size=Letter").data
    assert len(renders) == 4 and letter != branded
    assert anna.get(f"/plans/{plan_id}/plan.pdf").data == branded and len(renders) == 4
