"""The workshop's group PDF: one statistic leads, and the report is in one language throughout."""

import re

import pytest

from assessment.db import session
from assessment.models import Workshop
from assessment.services.group import workshop_group
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.pdfs import pdf_text
from tests.support.survey import participate


def german_workshop(app, anna) -> int:
    created = anna.post("/organisations", {"name": "ACME"})
    organisation_id = int(created.headers["Location"].rsplit("/", 1)[1])
    made = anna.post(
        f"/organisations/{organisation_id}/workshops",
        {"title": "Auftakt", "questionnaire": "executive-pulse", "locale": "de", "threshold": "3"},
    )
    workshop_id = int(made.headers["Location"].rsplit("/", 1)[1])
    token = re.search(r"/w/([A-Za-z0-9_-]+)", anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)).group(1)
    for pages in (with_role(PULSE_IT_LED, "it"), with_role(PULSE_IT_LED, "it"), with_role(PULSE_HR_LED, "hr")):
        participate(app, token, pages)
    return workshop_id


@pytest.mark.slow
def test_german_workshop_report_is_german_from_an_english_interface(app, anna):
    workshop_id = german_workshop(app, anna)
    text = pdf_text(anna.get(f"/workshops/{workshop_id}/report.pdf").data)  # anna's interface is English
    assert "workshop-bericht" in text.lower() and "Seite 1 /" in text
    assert "Gruppenergebnis" in text and "Hoch" in text
    for english in (
        "High ",
        "Everyone",
        "Other",
        "reported by",
        "from more than",
        "revised 2019",
        "Page 1 /",
        "participants",
        "Executive summary",
    ):
        assert english not in text, english
    asked = pdf_text(anna.get(f"/workshops/{workshop_id}/report.pdf?lang=en").data)
    assert "Executive summary" in asked and "Zusammenfassung" not in asked


@pytest.mark.slow
def test_group_result_leads_and_the_mean_is_named_with_why_it_differs(app, anna):
    workshop_id = german_workshop(app, anna)
    with app.app_context():
        group = workshop_group(session(), session().get(Workshop, workshop_id))
        index, mean = round(group.group_result.readiness_index), round(group.index.mean)
    text = pdf_text(anna.get(f"/workshops/{workshop_id}/report.pdf?lang=en").data)
    assert "Every figure in this report is the group result" in text and f"(index {index})" in text
    assert f"The mean of the participants' own indexes is {mean}" in text
    assert "It differs because it averages people" in text
    assert f"{index} / 100" in text


@pytest.mark.slow
def test_follow_up_report_leads_with_the_change_since_its_baseline(app, anna, workshop):
    from tests.support.pdf_layout import page_texts
    from tests.support.workshops import new_workshop

    base_id, _code, base_token = workshop
    for _ in range(3):
        participate(app, base_token, with_role(PULSE_IT_LED, "it"))
    follow_id, follow_token = new_workshop(anna, base_id, title="Six months on", baseline=base_id)
    for _ in range(3):
        participate(app, follow_token, with_role(PULSE_HR_LED, "hr"))
    with app.app_context():
        before, after = (
            round(workshop_group(session(), session().get(Workshop, wid)).group_result.readiness_index)
            for wid in (base_id, follow_id)
        )
    first = " ".join(page_texts(anna.get(f"/workshops/{follow_id}/report.pdf").data)[0].split())
    change = f"{after - before:+d}" if after != before else "±0"
    assert "Since “Kick-off” of" in first and f"index {before} → {after} ({change})" in first, first[:800]
    baseline_first = " ".join(page_texts(anna.get(f"/workshops/{base_id}/report.pdf").data)[0].split())
    assert "Since “" not in baseline_first
