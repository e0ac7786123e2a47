"""Action plans: generation order, editing by several people, conflicts, exports, access control."""

import csv
import html
import io
import re
from datetime import date, timedelta

import pytest
from pypdf import PdfReader

from assessment.db import session
from assessment.models import ActionPlan
from scoring import parse_answers, score_response
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, answers_of, with_role
from tests.support.client import Client
from tests.support.plans import FormValues, item_form
from tests.support.questionnaires import pulse
from tests.support.survey import participate
from tests.support.workshops import new_workshop

START = date(2027, 1, 4)


@pytest.fixture
def plan_id(app, anna, workshop):
    workshop_id, _, token = workshop
    for _ in range(3):
        participate(app, token, with_role(PULSE_IT_LED, "it"))
    made = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": START.isoformat()})
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    return int(made.headers["Location"].rsplit("/", 1)[1])


def plan_of(app, plan_id):
    with app.app_context():
        plan = session().get(ActionPlan, plan_id)
        return plan, [
            (i.id, i.action_key, i.title, i.owner, i.status, i.due_date, i.revision, i.horizon) for i in plan.items
        ]


def test_plan_follows_the_group_result_priority_and_dates(app, plan_id):
    plan, items = plan_of(app, plan_id)
    q = pulse()
    answers = answers_of(PULSE_IT_LED)
    expected = [a.id for a in score_response(q, parse_answers(q, answers)).actions]
    assert [key for _, key, *_ in items] == expected
    assert all(due == START + timedelta(days=horizon) for *_, due, _, horizon in items)
    assert items[0][3] == "Executive sponsor" and items[0][4] == "planned"


def test_edit_owner_and_status_is_saved_and_logged(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    form = item_form(page, item_id)
    form[f"item-{item_id}-owner"] = "Maria Schmidt (HR)"
    form[f"item-{item_id}-status"] = "in_progress"
    response = anna.post(f"/plans/{plan_id}/items/{item_id}", form)
    assert response.status_code == 302
    _, items = plan_of(app, plan_id)
    assert items[0][3] == "Maria Schmidt (HR)" and items[0][4] == "in_progress" and items[0][6] == 2
    history = anna.get(f"/plans/{plan_id}/history").get_data(as_text=True)
    assert "Maria Schmidt (HR)" in history and "Anna" in history and "In progress" in history
    assert "in_progress" not in history and "<td>status</td>" not in history  # labels, not raw keys


def test_concurrent_edits_are_detected_not_overwritten(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    colleague = Client(app.test_client())
    sign_in(colleague)
    mine = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    theirs = item_form(colleague.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    mine[f"item-{item_id}-owner"] = "Anna's choice"
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", mine).status_code == 302
    theirs[f"item-{item_id}-owner"] = "Colleague's choice"
    late = colleague.post(f"/plans/{plan_id}/items/{item_id}", theirs)
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert "Someone else changed this action meanwhile" in page and "Colleague&#39;s choice" in page
    assert plan_of(app, plan_id)[1][0][3] == "Anna's choice"


def test_add_move_and_remove_items(app, anna, plan_id):
    plan, items = plan_of(app, plan_id)
    revision = plan.order_revision
    added = anna.post(
        f"/plans/{plan_id}/items",
        {
            "title": "Run a lunch-and-learn",
            "owner": "Comms",
            "horizon": "60",
            "success_measure": "40 attendees",
            "order_revision": revision,
        },
    )
    assert added.status_code == 302
    plan, items = plan_of(app, plan_id)
    assert items[-1][2] == "Run a lunch-and-learn" and items[-1][5] == START + timedelta(days=60)
    new_id = items[-1][0]
    assert (
        anna.post(
            f"/plans/{plan_id}/items/{new_id}/move", {"direction": "up", "order_revision": plan.order_revision}
        ).status_code
        == 302
    )
    _, moved = plan_of(app, plan_id)
    assert moved[-2][0] == new_id
    stale = anna.post(f"/plans/{plan_id}/items/{new_id}/move", {"direction": "up", "order_revision": revision})
    assert stale.status_code == 409
    plan, _ = plan_of(app, plan_id)
    assert (
        anna.post(f"/plans/{plan_id}/items/{new_id}/delete", {"order_revision": plan.order_revision}).status_code == 302
    )
    assert new_id not in [i[0] for i in plan_of(app, plan_id)[1]]


def test_start_date_moves_due_dates_not_set_by_hand(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[1][0]
    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    form[f"item-{item_id}-due_date"] = "2027-12-24"
    anna.post(f"/plans/{plan_id}/items/{item_id}", form)
    anna.post(f"/plans/{plan_id}/start", {"start_date": "2027-02-01"})
    _, items = plan_of(app, plan_id)
    assert items[0][5] == date(2027, 2, 1) + timedelta(days=items[0][7])
    assert items[1][5] == date(2027, 12, 24)


def test_bad_edits_are_refused(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    form[f"item-{item_id}-status"] = "finished-ish"
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", form).status_code == 422
    form[f"item-{item_id}-status"] = "done"
    form[f"item-{item_id}-owner"] = ""
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", form).status_code == 422
    assert plan_of(app, plan_id)[1][0][4] == "planned"


@pytest.mark.slow
def test_pdf_export_groups_by_horizon_and_shows_the_edit(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    form[f"item-{item_id}-owner"] = "Jürgen Weiß <CEO>"
    form[f"item-{item_id}-status"] = "done"
    anna.post(f"/plans/{plan_id}/items/{item_id}", form)
    pdf = anna.get(f"/plans/{plan_id}/plan.pdf")
    assert pdf.status_code == 200
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages))
    assert "Within 30 days" in text and "Within 60 days" in text and "Within 90 days" in text
    assert "Owner: Jürgen Weiß <CEO>" in text and "Status: Done" in text
    assert "READINESS INDEX 16 / 100" in text


def test_csv_export_opens_with_accents_and_parses(app, anna, plan_id):
    response = anna.get(f"/plans/{plan_id}/plan.csv")
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0]["owner"] == "Executive sponsor" and rows[0]["due_date"] == (START + timedelta(days=30)).isoformat()
    assert {r["status"] for r in rows} == {"planned"}


def test_ics_export_has_an_event_per_open_action(app, anna, plan_id):
    text = anna.get(f"/plans/{plan_id}/plan.ics").get_data(as_text=True)
    _, items = plan_of(app, plan_id)
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == len(items)
    assert f"DTSTART;VALUE=DATE:{(START + timedelta(days=30)):%Y%m%d}" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_other_consultant_gets_404_on_every_plan_url(app, plan_id):
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    for url in (
        f"/plans/{plan_id}",
        f"/plans/{plan_id}/plan.pdf",
        f"/plans/{plan_id}/plan.csv",
        f"/plans/{plan_id}/plan.ics",
        f"/plans/{plan_id}/history",
    ):
        assert bert.get(url).status_code == 404, url
    for url in (
        f"/plans/{plan_id}/items/{item_id}",
        f"/plans/{plan_id}/items/{item_id}/move",
        f"/plans/{plan_id}/items/{item_id}/delete",
        f"/plans/{plan_id}/items",
        f"/plans/{plan_id}/start",
    ):
        assert bert.post(url, {"order_revision": "1"}).status_code == 404, url
    assert plan_of(app, plan_id)[1] == items


def test_plan_from_an_individual_result_link(app, anna, workshop, survey, client):
    token = survey.complete(PULSE_HR_LED, label="Solo Exec")
    page = anna.get("/workshops").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    made = anna.post(
        f"/organisations/{organisation_id}/plans",
        {"source": f"http://localhost/r/{token}/results", "start_date": "2027-03-01"},
    )
    assert made.status_code == 302
    plan = anna.get(made.headers["Location"]).get_data(as_text=True)
    assert "Action plan" in plan and "Solo Exec" in plan
    bad = anna.post(f"/organisations/{organisation_id}/plans", {"source": "http://localhost/r/nope/results"})
    assert "does not lead to a submitted result" in anna.get(bad.headers["Location"]).get_data(as_text=True)


def test_progress_shows_done_actions_next_to_the_score_change(app, anna, workshop, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]  # name a business owner: the ownership dimension
    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    form[f"item-{item_id}-status"] = "done"
    anna.post(f"/plans/{plan_id}/items/{item_id}", form)
    workshop_id = workshop[0]
    _, follow_token = new_workshop(anna, workshop_id, title="Six months on", baseline=workshop_id)
    for _ in range(3):
        participate(app, follow_token, PULSE_HR_LED)
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "Progress since the plan" in page and "Six months on" in page
    row = re.search(r"Ownership and governance</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)/(\d+)</td>", page)
    before, after, done, total = map(int, row.groups())
    assert after > before and done == 1 and total >= 1


def test_the_conflict_shows_labels_and_both_versions_and_keeps_mine_with_one_click(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    colleague = Client(app.test_client())
    sign_in(colleague)
    mine = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    theirs = item_form(colleague.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    mine[f"item-{item_id}-owner"] = "Anna's choice"
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", mine).status_code == 302
    theirs[f"item-{item_id}-owner"] = "Colleague's choice"
    theirs[f"item-{item_id}-status"] = "done"
    late = colleague.post(f"/plans/{plan_id}/items/{item_id}", theirs)
    page = late.get_data(as_text=True)
    box = page.split('id="error-summary"')[1].split("</table>")[0]
    assert "Owner (a role or a person)" in box and "Status" in box
    assert not re.search(r'<th scope="row">(title|owner|due_date|status|success_measure)', box)  # no raw keys
    row = re.search(r'<tr class="differs">\s*<th scope="row">Owner.*?</tr>', box, re.S).group(0)
    assert "Anna&#39;s choice" in row and "Colleague&#39;s choice" in row
    assert re.search(r"<td>Planned</td>\s*<td>Done</td>", box)  # status labels, not ids
    assert f'href="/plans/{plan_id}#item-{item_id}">Take the saved version' in page
    keep = FormValues()
    keep.feed(page.split('id="error-summary"')[1])
    assert colleague.post(f"/plans/{plan_id}/items/{item_id}", keep.values).status_code == 302
    assert plan_of(app, plan_id)[1][0][3] == "Colleague's choice" and plan_of(app, plan_id)[1][0][4] == "done"


def test_remove_asks_first_and_can_be_undone_in_place(app, anna, plan_id):
    plan, items = plan_of(app, plan_id)
    second = items[1]
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert '<details class="confirm-remove">' in page and "Yes, remove it" in page
    removed = anna.post(f"/plans/{plan_id}/items/{second[0]}/delete", {"order_revision": plan.order_revision})
    assert removed.status_code == 302 and f"removed={second[0]}" in removed.headers["Location"]
    page = anna.get(removed.headers["Location"]).get_data(as_text=True)
    assert f"Removed: {html.escape(second[2])}" in page and "Undo" in page and 'id="removed"' in page
    assert second[0] not in [i[0] for i in plan_of(app, plan_id)[1]]
    csv_text = anna.get(f"/plans/{plan_id}/plan.csv").data.decode("utf-8-sig")
    assert second[2] not in csv_text
    plan, _ = plan_of(app, plan_id)
    stale = anna.post(f"/plans/{plan_id}/items/{second[0]}/restore", {"order_revision": plan.order_revision - 1})
    assert stale.status_code == 409
    back = anna.post(f"/plans/{plan_id}/items/{second[0]}/restore", {"order_revision": plan.order_revision})
    assert back.status_code == 302
    assert [i[0] for i in plan_of(app, plan_id)[1]] == [i[0] for i in items]
    history = anna.get(f"/plans/{plan_id}/history").get_data(as_text=True)
    assert "restored" in history
    assert (
        anna.post(
            f"/plans/{plan_id}/items/{second[0]}/restore", {"order_revision": plan.order_revision + 1}
        ).status_code
        == 404
    )


def test_titles_are_text_areas_and_stay_one_line(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id = items[0][0]
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert re.search(rf'<textarea[^>]*id="item-{item_id}-title"', page)
    assert re.search(r'<textarea[^>]*id="title"', page)  # the new action too
    form = item_form(page, item_id)
    form[f"item-{item_id}-title"] = "Name a business owner\r\nwith decision rights"
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", form).status_code == 302
    assert plan_of(app, plan_id)[1][0][2] == "Name a business owner with decision rights"


def test_a_hand_set_due_date_can_follow_the_start_again_and_warns_before_the_start(app, anna, plan_id):
    _, items = plan_of(app, plan_id)
    item_id, horizon = items[0][0], items[0][7]
    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    assert form.get(f"item-{item_id}-follow_start") == "y"
    form[f"item-{item_id}-due_date"] = "2026-12-01"  # before the plan starts on 2027-01-04
    saved = anna.post(f"/plans/{plan_id}/items/{item_id}", form)
    page = anna.get(saved.headers["Location"]).get_data(as_text=True)
    assert "is due before the plan starts" in page and f'id="item-{item_id}-early"' in page
    assert "Set by hand." in page
    moved = anna.post(f"/plans/{plan_id}/start", {"start_date": "2027-03-01"})
    assert "now fall before the start" in anna.get(moved.headers["Location"]).get_data(as_text=True)
    assert plan_of(app, plan_id)[1][0][5] == date(2026, 12, 1)  # set by hand: it stays
    form = item_form(anna.get(f"/plans/{plan_id}").get_data(as_text=True), item_id)
    form[f"item-{item_id}-follow_start"] = "y"  # ticked again, date untouched: it follows the start
    assert anna.post(f"/plans/{plan_id}/items/{item_id}", form).status_code == 302
    assert plan_of(app, plan_id)[1][0][5] == date(2027, 3, 1) + timedelta(days=horizon)
    anna.post(f"/plans/{plan_id}/start", {"start_date": "2027-04-01"})
    assert plan_of(app, plan_id)[1][0][5] == date(2027, 4, 1) + timedelta(days=horizon)
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert f'id="item-{item_id}-early"' not in page


def _group_scores(app, workshop_id):
    """The group result's dimension scores of a workshop, as the reader sees them."""
    from assessment.models import Workshop
    from assessment.services.group import workshop_group

    with app.app_context():
        workshop = session().get(Workshop, workshop_id)
        result = workshop_group(session(), workshop).group_result
        return {d.id: round(d.score) for d in result.dimensions if d.score is not None}


def test_progress_pdf_compares_the_group_result_of_the_linked_follow_up(app, anna, workshop, plan_id):
    workshop_id = workshop[0]
    linked_id, linked_token = new_workshop(anna, workshop_id, title="Six months on", baseline=workshop_id)
    for _ in range(3):
        participate(app, linked_token, PULSE_HR_LED)
    unlinked_id, unlinked_token = new_workshop(anna, workshop_id, title="Unrelated pulse")  # newer, no baseline
    for _ in range(3):
        participate(app, unlinked_token, with_role(PULSE_IT_LED, "it"))
    before, now = _group_scores(app, workshop_id), _group_scores(app, linked_id)
    pdf = anna.get(f"/plans/{plan_id}/plan.pdf")
    text = " ".join(PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text().split())
    assert "Six months on" in text and "Unrelated pulse" not in text
    assert "dimension scores of the group result" in text
    row = re.search(r"Ownership and governance (\d+) (\d+) ([+-]\d+|±0) (\d+)/(\d+)", text)
    assert row, text
    assert (int(row[1]), int(row[2])) == (before["ownership"], now["ownership"])
    assert row[3] == (
        "±0" if now["ownership"] == before["ownership"] else f"{now['ownership'] - before['ownership']:+d}"
    )


def test_plan_without_a_linked_follow_up_shows_no_progress(app, anna, workshop, plan_id):
    _, other_token = new_workshop(anna, workshop[0], title="Unrelated pulse")
    for _ in range(3):
        participate(app, other_token, PULSE_HR_LED)
    page = anna.get(f"/plans/{plan_id}").get_data(as_text=True)
    assert "Progress since the plan" not in page
