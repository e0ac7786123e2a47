"""A workshop's results as a PowerPoint deck and an XLSX workbook: opened with python-pptx and
openpyxl, checked slide by slide and sheet by sheet, and never showing a group under the threshold."""

import io
import re

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from tests.support.accounts import sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.port import PORT_ANSWERS, PORT_ID, publish_port
from tests.support.survey import participate

HIDDEN = ("Executive or senior leader", "Business unit or communications", "Board")  # labels of groups under 3


def fill(app, token, roles, team="Sales"):
    for role in roles:
        pages = with_role(PULSE_IT_LED if role == "it" else PULSE_HR_LED, role)
        participate(app, token, pages, team=team if role != "executive" else "Board")


def slides_of(data: bytes):
    return list(Presentation(io.BytesIO(data)).slides)


def texts_of_slide(slide) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
        if shape.has_chart:
            chart = shape.chart
            found += [str(c) for c in chart.plots[0].categories] + [s.name for s in chart.series]
    return found + [slide.notes_slide.notes_text_frame.text]


def every_cell(book) -> list[str]:
    return [str(c.value) for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]


@pytest.fixture
def room(app, anna, workshop):
    """Three IT people, three HR people, two from business and one executive (these three fold into "Other"),
    all in team Sales but the executive, in team Board."""
    workshop_id, _, token = workshop
    fill(app, token, ["it", "it", "it", "hr", "hr", "hr", "business", "business", "executive"])
    return workshop_id


def test_the_deck_has_the_slides_with_notes_and_a_native_chart(anna, room):
    response = anna.get(f"/workshops/{room}/results.pptx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert "attachment" in response.headers["Content-Disposition"]
    slides = slides_of(response.data)
    titles = [slide.shapes.title.text for slide in slides]
    assert titles == ["Kick-off", "Verdict", "Dimensions", "Failure risks", "Where groups differ most", "Actions"]
    for slide in slides:
        assert slide.notes_slide.notes_text_frame.text.strip(), slide.shapes.title.text
    charts = [shape.chart for shape in slides[2].shapes if shape.has_chart]
    assert len(charts) == 1 and charts[0].chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    series = {s.name: list(s.values) for s in charts[0].series}
    assert list(series) == ["All participants", "HR", "IT", "Other"]
    assert all(0 <= v <= 100 for values in series.values() for v in values if v is not None)
    verdict = " ".join(texts_of_slide(slides[1]))
    assert "Readiness index" in verdict and "Starting point" in verdict
    assert "ACME" in " ".join(texts_of_slide(slides[0])) and "9 participants" in " ".join(texts_of_slide(slides[0]))
    gaps = " ".join(texts_of_slide(slides[4]))
    assert "IT" in gaps and "HR" in gaps


def test_no_group_under_the_threshold_appears_in_the_deck_or_the_workbook(anna, room):
    deck = " ".join(
        text for slide in slides_of(anna.get(f"/workshops/{room}/results.pptx").data) for text in texts_of_slide(slide)
    )
    book = load_workbook(io.BytesIO(anna.get(f"/workshops/{room}/results.xlsx").data))
    cells = every_cell(book)
    for hidden in HIDDEN:
        assert hidden not in deck
        assert not [c for c in cells if hidden in c], hidden
    assert not {"executive", "business"} & set(cells)  # nor their ids as a cell
    assert "Other" in deck
    responses = book.worksheets[1]
    header = [c.value for c in responses[1]]
    roles = [row[header.index("role")] for row in responses.iter_rows(min_row=2, values_only=True)]
    assert sorted(roles) == ["hr", "hr", "hr", "it", "it", "it", "other", "other", "other"]
    teams = [row[header.index("team")] for row in responses.iter_rows(min_row=2, values_only=True)]
    # the Board of one is left out, and so is Sales: naming it would leave the Board member's
    # role-and-no-team set smaller than the threshold (the exports' subtraction rule)
    assert sorted(t or "" for t in teams) == [""] * 9


def test_the_workbook_has_one_sheet_per_view(anna, room):
    response = anna.get(f"/workshops/{room}/results.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Summary", "Responses", "Dimensions", "Questions", "Role groups", "Risks"]
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Participants"] == 9 and summary["Anonymity threshold"] == 3
    assert isinstance(summary["Readiness index of the group's answers"], int)
    assert summary["Indicative failure risk"] in ("Low", "Moderate", "High", "Critical")
    responses = list(book["Responses"].iter_rows(values_only=True))
    assert responses[0][:3] == ("respondent", "role", "team") and len(responses) == 10
    dimensions = list(book["Dimensions"].iter_rows(values_only=True))
    assert dimensions[0][:4] == ("Dimension", "Mean", "Spread", "Participants") and "IT" in dimensions[0]
    assert len(dimensions) == 1 + 9
    questions = list(book["Questions"].iter_rows(values_only=True))
    assert questions[0][:3] == ("Id", "Dimension", "Question") and {"owner", "workflow"} <= {q[0] for q in questions}
    groups = list(book["Role groups"].iter_rows(values_only=True))
    assert ("Role", "IT", 3) in groups and ("Role", "Other", 3) in groups and ("Team", "Sales", 8) in groups
    risks = list(book["Risks"].iter_rows(values_only=True))
    assert risks[0] == ("Risk", "Severity", "Participants", "Share of participants (%)") and len(risks) > 1


def test_fewer_people_than_the_threshold_give_the_count_only(app, anna, workshop):
    workshop_id, _, token = workshop
    fill(app, token, ["it", "hr"])
    slides = slides_of(anna.get(f"/workshops/{workshop_id}/results.pptx").data)
    assert [s.shapes.title.text for s in slides] == ["Kick-off", "Results held back"]
    assert "at least 3 people" in " ".join(texts_of_slide(slides[1]))
    book = load_workbook(io.BytesIO(anna.get(f"/workshops/{workshop_id}/results.xlsx").data))
    assert book.sheetnames == ["Summary", "Responses", "Role groups"]
    responses = list(book["Responses"].iter_rows(values_only=True))
    assert len(responses) == 2 and "at least 3 people" in responses[1][0]  # the header and the reason, no answers


def test_files_are_in_the_workshop_s_language(app, anna, workshop):
    workshop_id, _, _ = workshop
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    made = anna.post(
        f"/organisations/{organisation_id}/workshops",
        {"title": "Auftakt", "questionnaire": "executive-pulse", "locale": "de", "threshold": "3", "baseline": ""},
    )
    german = int(made.headers["Location"].rsplit("/", 1)[1])
    token = re.search(r"/w/([A-Za-z0-9_-]+)", anna.get(f"/workshops/{german}").get_data(as_text=True)).group(1)
    fill(app, token, ["it", "it", "it"])
    slides = slides_of(anna.get(f"/workshops/{german}/results.pptx").data)
    assert [s.shapes.title.text for s in slides][1:] == [
        "Urteil",
        "Dimensionen",
        "Misserfolgsrisiken",
        "Wo sich die Gruppen am stärksten unterscheiden",
        "Maßnahmen",
    ]
    assert "Geschäftsleitung" not in " ".join(texts_of_slide(slides[2]))
    assert "Alle Teilnehmenden" in texts_of_slide(slides[2])
    book = load_workbook(io.BytesIO(anna.get(f"/workshops/{german}/results.xlsx").data))
    assert book.sheetnames == ["Zusammenfassung", "Antworten", "Dimensionen", "Fragen", "Rollengruppen", "Risiken"]
    questions = [row[2] for row in book["Fragen"].iter_rows(min_row=2, values_only=True)]
    assert "Wer führt die Initiative im Alltag?" in questions


def test_hostile_text_is_written_as_text_never_as_a_formula(app, anna, workshop):
    workshop_id, _, token = workshop
    fill(app, token, ["it", "it", "it"], team='=HYPERLINK("http://x","y")\x07')
    book = load_workbook(io.BytesIO(anna.get(f"/workshops/{workshop_id}/results.xlsx").data))
    cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    hostile = [c for c in cells if c.value.startswith("=HYPERLINK")]
    assert hostile and all(c.data_type == "s" for c in hostile)
    deck = slides_of(anna.get(f"/workshops/{workshop_id}/results.pptx").data)
    assert len(deck) == 6


def test_only_the_workshop_s_consultant_gets_the_files(app, client, anna, room):
    anna.post("/logout")
    for path in ("results.pptx", "results.xlsx"):
        assert client.get(f"/workshops/{room}/{path}").status_code in (302, 401)
    sign_in(client, "bert@example.org")
    for path in ("results.pptx", "results.xlsx"):
        assert client.get(f"/workshops/{room}/{path}").status_code == 404
        assert client.get(f"/workshops/999999/{path}").status_code == 404


def test_a_model_on_its_own_scale_without_failure_risks_gets_its_scale_and_no_risk_slide(app, anna, workshop):
    """tests/data/port.yaml: shown on 0-3 with two decimals, no failure-risk model, so no band and no risk slide."""
    publish_port(app)
    workshop_id, _, _ = workshop
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    made = anna.post(
        f"/organisations/{organisation_id}/workshops",
        {"title": "Port", "questionnaire": PORT_ID, "locale": "en", "threshold": "3", "baseline": ""},
    )
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    ported = int(made.headers["Location"].rsplit("/", 1)[1])
    token = re.search(r"/w/([A-Za-z0-9_-]+)", anna.get(f"/workshops/{ported}").get_data(as_text=True)).group(1)
    for _n in range(3):
        participate(app, token, PORT_ANSWERS)
    slides = slides_of(anna.get(f"/workshops/{ported}/results.pptx").data)
    assert [s.shapes.title.text for s in slides] == [
        "Port",
        "Verdict",
        "Dimensions",
        "Where groups differ most",
        "Actions",
    ]
    verdict = " ".join(texts_of_slide(slides[1]))
    assert "0.44 of 3" in verdict and "(mean 0.44)" in verdict
    assert "failure risk" not in verdict.lower() and "Starting point" not in verdict
    book = load_workbook(io.BytesIO(anna.get(f"/workshops/{ported}/results.xlsx").data))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row[0]}
    assert summary["Readiness index of the group's answers"] == 0.44 and summary["Lowest"] == 0.44
    assert "Indicative failure risk" not in summary
