"""Importing a CSV of answers into a workshop: dry run, confirm, all or nothing, once per file, access."""

import base64
import csv
import hashlib
import io
import re

import pytest
from sqlalchemy import select

from assessment.db import session
from assessment.models import Response
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.csv_files import PULSE_ANSWERS, csv_bytes
from tests.support.imports import confirm_fields, counts, import_file, upload
from tests.support.survey import participate as join_and_answer
from tests.support.workshops import new_workshop


def flat(pages: list[dict]) -> dict:
    """A participant's page answers as one CSV row of our own export's shape."""
    answers = {}
    for page in pages:
        for key, value in page.items():
            if key.endswith("__target"):
                answers[key[: -len("__target")]] += f"->{value}"
            else:
                answers[key] = value
    return answers


def test_dashboard_links_to_the_import(anna, workshop):
    workshop_id, _, _ = workshop
    assert f"/workshops/{workshop_id}/import" in anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    page = anna.get(f"/workshops/{workshop_id}/import").get_data(as_text=True)
    assert 'type="file"' in page and 'accept=".csv' in page


def test_dry_run_reports_unmatched_columns_and_values_and_stores_nothing(app, anna, workshop):
    workshop_id, _, _ = workshop
    header = [*PULSE_ANSWERS, "Start time"]
    good = [*PULSE_ANSWERS.values(), "2024-01-01"]
    bad = [{"owner": "the janitor", "wiifm": "9"}.get(k, v) for k, v in PULSE_ANSWERS.items()] + [""]
    response = upload(anna, workshop_id, csv_bytes([header, good, bad, good]))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert re.search(r"Start time — <span[^>]*>not matched, will be ignored", page)
    problems = re.findall(r"<tr><td>(\d+)</td><td>([^<]*)</td><td>([^<]*)</td>", page)
    assert problems == [("3", "owner", "the janitor"), ("3", "wiifm", "9")]
    assert "is not one of the choices" in page and "from 1 to 5" in page
    assert not confirm_fields(page) and "Import 2 responses" not in page
    assert counts(app) == (0, 0)


def test_clean_file_imports_responses_scored_like_browser_answers(app, anna, workshop):
    workshop_id, _, token = workshop
    join_and_answer(app, token, PULSE_IT_LED)
    row = flat(PULSE_IT_LED)
    dry = upload(anna, workshop_id, csv_bytes([list(row), *[list(row.values())] * 3]))
    assert "Import 3 responses" in dry.get_data(as_text=True)
    assert counts(app) == (1, 0)
    done = import_file(anna, workshop_id, csv_bytes([list(row), *[list(row.values())] * 3]))
    assert done.status_code == 302 and done.headers["Location"].endswith(f"/workshops/{workshop_id}")
    assert "3 responses imported from answers.csv" in anna.get(done.headers["Location"]).get_data(as_text=True)
    with app.app_context():
        found = session().scalars(select(Response).order_by(Response.id)).all()
        browser, imported = found[0], found[1:]
        assert [r.source for r in found] == ["web", "import", "import", "import"]
        for response in imported:
            assert response.submitted and response.summary == browser.summary and response.answers == browser.answers
            assert response.role == "it" and response.import_batch_id is not None
    data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    assert data["workshop"]["respondents"] == 4 and data["index"]["mean"] is not None


def test_one_bad_row_imports_nothing_even_when_confirmed_by_hand(app, anna, workshop):
    workshop_id, _, _ = workshop
    good = list(PULSE_ANSWERS.values())
    data = csv_bytes([list(PULSE_ANSWERS), good, ["nobody knows" if v == "it" else v for v in good]])
    page = upload(anna, workshop_id, data).get_data(as_text=True)
    assert not confirm_fields(page)
    forged = {"content": base64.b64encode(data).decode(), "sha256": hashlib.sha256(data).hexdigest(), "file_name": "x"}
    for proof in (
        "",
        "not-signed",
        confirm_fields(upload(anna, workshop_id, pulse_rows(1)).get_data(as_text=True))["proof"],
    ):
        refused = anna.post(f"/workshops/{workshop_id}/import/confirm", {**forged, "proof": proof})
        assert refused.status_code == 400  # only a file whose clean dry run was shown can be confirmed
    assert counts(app) == (0, 0)
    with app.app_context():  # and the service itself refuses the whole file
        from assessment.models import Workshop
        from assessment.services.imports import ImportHasProblems, apply_import

        with pytest.raises(ImportHasProblems):
            apply_import(session(), session().get(Workshop, workshop_id), data, "x.csv")
        session().rollback()
    assert counts(app) == (0, 0)


def pulse_rows(n: int) -> bytes:
    return csv_bytes([list(PULSE_ANSWERS), *[list(PULSE_ANSWERS.values())] * n])


def test_failure_while_creating_rows_leaves_no_responses_and_no_batch(app, anna, workshop, monkeypatch):
    from assessment.services import imports

    workshop_id, _, _ = workshop
    data = csv_bytes([list(PULSE_ANSWERS), *[list(PULSE_ANSWERS.values())] * 3])
    fields = confirm_fields(upload(anna, workshop_id, data).get_data(as_text=True))
    real, calls = imports.score_response, []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "score_response", failing)
    assert anna.post(f"/workshops/{workshop_id}/import/confirm", fields).status_code == 500
    assert counts(app) == (0, 0)


def test_same_file_twice_creates_nothing_and_says_so(app, anna, workshop):
    workshop_id, _, _ = workshop
    data = csv_bytes([list(PULSE_ANSWERS), *[list(PULSE_ANSWERS.values())] * 2])
    fields = confirm_fields(upload(anna, workshop_id, data).get_data(as_text=True))
    assert anna.post(f"/workshops/{workshop_id}/import/confirm", fields).status_code == 302
    again = upload(anna, workshop_id, data, name="renamed.csv").get_data(as_text=True)
    assert "already imported into this workshop" in again and "answers.csv" in again
    assert not confirm_fields(again)
    replay = anna.post(f"/workshops/{workshop_id}/import/confirm", fields)  # an old tab, or a double click
    assert "already imported" in anna.get(replay.headers["Location"]).get_data(as_text=True)
    assert counts(app) == (2, 1)


def test_concurrent_import_of_the_same_file_loses_the_race_quietly(app, anna, workshop, monkeypatch):
    from assessment.models import Workshop
    from assessment.services import imports

    workshop_id, _, _ = workshop
    data = csv_bytes([list(PULSE_ANSWERS), list(PULSE_ANSWERS.values())])
    with app.app_context():
        first = imports.apply_import(session(), session().get(Workshop, workshop_id), data, "a.csv")
        session().commit()
    assert first.created == 1
    real, calls = imports.previous_import, []

    def not_yet(*args):  # the other request's batch is not visible when this one checks
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    monkeypatch.setattr(imports, "previous_import", not_yet)
    with app.app_context():
        second = imports.apply_import(session(), session().get(Workshop, workshop_id), data, "b.csv")
        session().commit()
    assert second.created == 0 and second.already_imported.file_name == "a.csv"
    assert counts(app) == (1, 1)


def test_german_headers_and_choice_labels_match(app, anna, workshop):
    workshop_id, _, _ = workshop
    header = [
        "Welche Rolle beschreibt Sie am besten?",
        "Wo steht die Initiative heute?",
        "Wer führt die Initiative im Alltag?",
        "Welche Aussage passt zu den Geschäftszielen der Initiative?",
        "Was kam zuerst?",
    ]
    values = [
        "Personalabteilung (HR)",
        "in planung",
        "Fachbereich oder HR führt, die IT ist Partner",
        "Es gibt keine schriftlichen Ziele",
        "Zuerst Business Case und Anwendungsfälle, dann die Plattform",
    ]
    rest = {k: v for k, v in PULSE_ANSWERS.items() if k not in {"role", "stage", "owner", "objectives", "sequence"}}
    data = csv_bytes([header + list(rest), values + list(rest.values())], delimiter=";", encoding="cp1252")
    page = upload(anna, workshop_id, data).get_data(as_text=True)
    assert "Import 1 response" in page, re.findall(r"<tr><td>.*?</tr>", page)
    assert import_file(anna, workshop_id, data).status_code == 302
    with app.app_context():
        response = session().scalars(select(Response)).one()
        assert response.locale == "de" and response.role == "hr"
        assert response.answers["owner"] == "joint" and response.answers["sequence"] == "case-first"
        assert "activity-trend" not in response.answers  # hidden while the initiative is only planned


def test_round_trip_export_then_import_gives_the_same_aggregates(app, anna, workshop):
    workshop_id, _, token = workshop
    for role in ("it", "it", "it", "hr", "hr", "hr"):
        join_and_answer(app, token, with_role(PULSE_IT_LED if role == "it" else PULSE_HR_LED, role), team="Sales")
    exported = anna.get(f"/workshops/{workshop_id}/export.csv").data
    second, _ = new_workshop(anna, workshop_id)
    assert import_file(anna, second, exported, "export.csv").status_code == 302
    first_data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    second_data = anna.get(f"/workshops/{second}/dashboard.json").json
    for data in (first_data, second_data):
        data.pop("workshop")
        data.pop("charts", None)
    assert first_data == second_data
    again = list(csv.reader(io.StringIO(anna.get(f"/workshops/{second}/export.csv").data.decode("utf-8-sig"))))
    assert again == list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))


def test_access_control(app, anna, workshop):
    workshop_id, _, _ = workshop
    data = csv_bytes([list(PULSE_ANSWERS), list(PULSE_ANSWERS.values())])
    fields = confirm_fields(upload(anna, workshop_id, data).get_data(as_text=True))
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    assert bert.get(f"/workshops/{workshop_id}/import").status_code == 404
    assert upload(bert, workshop_id, data).status_code == 404
    assert bert.post(f"/workshops/{workshop_id}/import/confirm", fields).status_code == 404
    stranger = Client(app.test_client())
    for response in (
        stranger.get(f"/workshops/{workshop_id}/import"),
        stranger.post(f"/workshops/{workshop_id}/import/confirm", fields),
    ):
        assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert upload(anna, workshop_id, data, csrf=False).status_code == 400
    assert anna.post(f"/workshops/{workshop_id}/import/confirm", fields, csrf=False).status_code == 400
    assert counts(app) == (0, 0)


def test_hostile_cells_are_shown_literally(app, anna, workshop):
    workshop_id, _, _ = workshop
    header = [*PULSE_ANSWERS, '=HYPERLINK("http://evil.example","click")']
    row = [{"owner": "<script>alert(1)</script>"}.get(k, v) for k, v in PULSE_ANSWERS.items()] + ["x"]
    page = upload(anna, workshop_id, csv_bytes([header, row]), name="<img src=x onerror=alert(1)>.csv").get_data(
        as_text=True
    )
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "=HYPERLINK(&#34;http://evil.example&#34;,&#34;click&#34;)" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;.csv" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"colour,size\r\nred,1\r\n", "No column matches a question"), (b"\x81\x8d\x8f", "not text in UTF-8")],
)
def test_refused_files_say_why_and_are_logged(app, anna, workshop, caplog, data, message):
    workshop_id, _, _ = workshop
    response = upload(anna, workshop_id, data)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert any("import of a file refused" in r.getMessage() for r in caplog.records)


def test_size_limit_gives_a_clear_message(app, anna, workshop):
    workshop_id, _, _ = workshop
    app.config["IMPORT_MAX_BYTES"] = 200
    data = csv_bytes([list(PULSE_ANSWERS), *[list(PULSE_ANSWERS.values())] * 3])
    response = upload(anna, workshop_id, data)
    assert response.status_code == 422 and "files up to 200 bytes can be imported" in response.get_data(as_text=True)


def test_import_command_dry_run_then_import(app, runner, anna, workshop, tmp_path):
    workshop_id, _, _ = workshop
    path = tmp_path / "answers.csv"
    path.write_bytes(csv_bytes([[*PULSE_ANSWERS, "Notes"], [*PULSE_ANSWERS.values(), ""]]))
    dry = runner.invoke(args=["workshop", "import", str(workshop_id), str(path), "--dry-run"])
    assert (
        dry.exit_code == 0 and "'Notes': not matched" in dry.output and "1 response(s) would be created" in dry.output
    )
    assert counts(app) == (0, 0)
    done = runner.invoke(args=["workshop", "import", str(workshop_id), str(path)])
    assert done.exit_code == 0 and "imported 1 response(s)" in done.output
    again = runner.invoke(args=["workshop", "import", str(workshop_id), str(path)])
    assert again.exit_code == 0 and "already imported" in again.output
    assert counts(app) == (1, 1)


def test_files_larger_than_the_usual_request_limit_can_be_checked_and_confirmed(app, anna, workshop):
    workshop_id, _, _ = workshop
    assert app.config["MAX_CONTENT_LENGTH"] < 3 * 1024 * 1024
    rows = [[*PULSE_ANSWERS.values(), "x" * 32_000] for _ in range(100)]
    data = csv_bytes([[*PULSE_ANSWERS, "Comments"], *rows])
    assert len(data) > 3 * 1024 * 1024
    assert import_file(anna, workshop_id, data).status_code == 302
    assert counts(app) == (100, 1)


def test_only_the_upload_and_its_confirmation_take_bodies_over_the_usual_limit(app, anna, workshop):
    workshop_id, _, _ = workshop
    body = {"note": "x" * (3 * 1024 * 1024)}
    assert app.config["MAX_CONTENT_LENGTH"] < 3 * 1024 * 1024
    assert anna.post(f"/workshops/{workshop_id}/imports/1/undo", body).status_code == 413
    assert anna.post(f"/workshops/{workshop_id}/close", body).status_code == 413


def test_a_closed_workshop_takes_no_import_until_reopened(app, anna, workshop):
    workshop_id, _, _ = workshop
    data = csv_bytes([list(PULSE_ANSWERS), list(PULSE_ANSWERS.values())])
    fields = confirm_fields(upload(anna, workshop_id, data).get_data(as_text=True))  # dry run while open
    assert anna.post(f"/workshops/{workshop_id}/close").status_code == 302
    refused = anna.post(f"/workshops/{workshop_id}/import/confirm", fields)
    assert refused.status_code == 302
    assert "not open for answers" in anna.get(refused.headers["Location"]).get_data(as_text=True)
    assert anna.get(f"/workshops/{workshop_id}/import").status_code == 302
    assert counts(app) == (0, 0)
    assert anna.post(f"/workshops/{workshop_id}/reopen").status_code == 302
    assert anna.post(f"/workshops/{workshop_id}/import/confirm", fields).status_code == 302
    assert counts(app) == (1, 1)


def test_a_hostile_file_cannot_make_a_huge_dry_run_page(anna, workshop):
    workshop_id, _, _ = workshop
    header = [*PULSE_ANSWERS, *(f"extra {n}" for n in range(300))]
    row = [*PULSE_ANSWERS.values(), *([""] * 300)]
    row[0] = "y" * 50_000  # the role, not a choice
    page = upload(anna, workshop_id, csv_bytes([header, row])).get_data(as_text=True)
    assert "y" * 100 not in page and "y" * 79 + "…" in page
    assert "and 200 more columns left out" in page
    assert len(page) < 200_000


def test_an_import_can_be_undone_and_the_file_imported_again(app, anna, workshop):
    workshop_id, _, _ = workshop
    assert import_file(anna, workshop_id, pulse_rows(3)).status_code == 302
    assert counts(app) == (3, 1)
    page = anna.get(f"/workshops/{workshop_id}/import").get_data(as_text=True)
    undo = re.search(r'action="(/workshops/\d+/imports/\d+/undo)"', page).group(1)
    assert "answers.csv" in page
    assert anna.post(undo).status_code == 302
    assert counts(app) == (0, 0)
    assert anna.get(f"/workshops/{workshop_id}/dashboard.json").json["workshop"]["respondents"] == 0
    assert anna.post(undo).status_code == 404
    assert import_file(anna, workshop_id, pulse_rows(3)).status_code == 302  # no longer "already imported"
    assert counts(app) == (3, 1)


def test_undo_keeps_answers_given_in_the_browser_and_respects_access_and_closing(app, anna, workshop):
    workshop_id, _, token = workshop
    join_and_answer(app, token, PULSE_IT_LED)
    import_file(anna, workshop_id, pulse_rows(2))
    undo = re.search(
        r'action="(/workshops/\d+/imports/\d+/undo)"',
        anna.get(f"/workshops/{workshop_id}/import").get_data(as_text=True),
    ).group(1)
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    assert bert.post(undo).status_code == 404
    anna.post(f"/workshops/{workshop_id}/close")
    assert anna.post(undo).status_code == 302 and counts(app) == (3, 1)  # closed: nothing removed
    anna.post(f"/workshops/{workshop_id}/reopen")
    assert anna.post(undo).status_code == 302 and counts(app) == (1, 0)  # the browser answer stays
