"""Real exports of survey tools (tests/data/imports, written by tests/support/tool_exports.py in
each tool's documented layout) pass the dry run and import; the column-mapping step matches
codes by hand and remembers them; our own export with folded roles imports again."""

import io
import re

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from assessment.db import session
from assessment.models import Response
from assessment.models_imports import ImportMapping
from assessment.services.questionnaires import publish
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.imports import confirm_fields, counts, import_file, upload
from tests.support.survey import participate
from tests.support.tool_exports import ANSWERS, CODE_COLUMNS, CODE_ROWS, CODE_VALUES, HERE, QUESTIONNAIRE
from tests.support.workshops import new_workshop

FIXTURES = [
    "surveymonkey.csv",
    "surveymonkey.xlsx",
    "microsoft-forms.xlsx",
    "microsoft-forms.csv",
    "google-forms.csv",
    "google-forms.xlsx",
    "limesurvey.csv",
]
HIDDEN = re.compile(
    r'<input[^>]*name="([^"]+)"[^>]*type="hidden"[^>]*value="([^"]*)"|<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"[^>]*type="hidden"'
)


def stored(answers: dict) -> dict:
    """An answer set of tool_exports.ANSWERS as the app stores it."""
    out = {}
    for qid, value in answers.items():
        if value == "":
            continue
        if isinstance(value, tuple):
            value = {"current": value[0], "target": value[1]}
        elif isinstance(value, list):
            value = sorted(value)
        out[qid] = value
    return out


@pytest.fixture
def tool_workshop(app, anna, workshop):
    """A workshop of Anna's on the import-test questionnaire; returns its id."""
    with app.app_context():
        publish(session(), QUESTIONNAIRE.read_text(encoding="utf-8"), "tools.yaml", published_by="anna@example.org")
        session().commit()
    page = anna.get(f"/workshops/{workshop[0]}").get_data(as_text=True)
    organisation_id = re.search(r"/organisations/(\d+)", page).group(1)
    form = {"title": "Tools", "questionnaire": "tool-import", "locale": "en", "threshold": "3", "baseline": ""}
    made = anna.post(f"/organisations/{organisation_id}/workshops", form)
    assert made.status_code == 302, made.get_data(as_text=True)[:2000]
    return int(made.headers["Location"].rsplit("/", 1)[1])


def imported_answers(app, workshop_id: int) -> list[dict]:
    with app.app_context():
        rows = session().scalars(select(Response).where(Response.workshop_id == workshop_id).order_by(Response.id))
        return [(r.answers, r.role, r.locale) for r in rows]


@pytest.mark.parametrize("name", FIXTURES)
def test_each_tool_s_export_passes_the_dry_run_and_imports(app, anna, tool_workshop, name):
    data = (HERE / name).read_bytes()
    dry = upload(anna, tool_workshop, data, name)
    page = dry.get_data(as_text=True)
    assert dry.status_code == 200 and "Import 5 responses" in page, re.findall(
        r'<table id="problems".*?</table>', page, re.S
    )
    assert 'id="problems"' not in page
    assert import_file(anna, tool_workshop, data, name).status_code == 302
    found = imported_answers(app, tool_workshop)
    assert [answers for answers, _role, _locale in found] == [stored(a) for a in ANSWERS]
    assert [role for _answers, role, _locale in found] == [a["role"] for a in ANSWERS]
    assert {locale for _a, _r, locale in found} == {"de" if name.startswith("microsoft") else "en"}


def test_surveymonkey_s_second_header_row_and_option_columns_are_named_on_the_dry_run(anna, tool_workshop):
    page = upload(anna, tool_workshop, (HERE / "surveymonkey.csv").read_bytes(), "sm.csv").get_data(as_text=True)
    assert "Which tools do employees use to work together? [Team chat]" in page
    assert "How much everyday work runs on the platform instead of e-mail? [Target state]" in page
    assert "Respondent ID — <span" in page and "not needed, will be ignored" in page


def post_mapping(client, workshop_id, page: str, choices: dict):
    """Fill the mapping form on `page`: each select whose hidden header or value is in `choices`."""
    fields = {}
    for match in HIDDEN.finditer(page):
        name, value = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if name.startswith(("carry-", "column_", "value_")):
            fields[name] = value.replace("&#34;", '"').replace("&amp;", "&").replace("&#39;", "'")
    for key, value in list(fields.items()):
        if key.endswith("_header"):
            fields[key.removesuffix("_header")] = choices.get(value, "")
        elif key.endswith("_text"):
            n = key.removesuffix("_text")
            fields[n] = choices.get((fields[f"{n}_question"], value), "")
    return client.post(f"/workshops/{workshop_id}/import/mapping", fields)


def test_limesurvey_codes_are_matched_by_hand_once_and_remembered(app, anna, tool_workshop):
    data = (HERE / "limesurvey-codes.csv").read_bytes()
    first = upload(anna, tool_workshop, data, "codes.csv")
    page = first.get_data(as_text=True)
    assert first.status_code == 422 and "No column matches a question" in page
    assert f'action="/workshops/{tool_workshop}/import/mapping"' in page and "Column “G02Q02”" in page
    assert not confirm_fields(page)
    second = post_mapping(anna, tool_workshop, page, CODE_COLUMNS)  # the questions first
    page = second.get_data(as_text=True)
    assert second.status_code == 200 and "The matches are saved" in page
    assert "“AO02” is not one of the choices (“Executive or senior leader”, “IT”" in page  # labels, not ids
    assert "Column “G02Q03 [SQ001]”" in page and "“SQ001” in answers to" in page
    third = post_mapping(anna, tool_workshop, page, {**CODE_ROWS, **CODE_VALUES})  # then rows, options and values
    page = third.get_data(as_text=True)
    assert "Import 5 responses" in page, re.findall(r'<table id="problems".*?</table>', page, re.S)
    fields = confirm_fields(page)
    assert anna.post(f"/workshops/{tool_workshop}/import/confirm", fields).status_code == 302
    assert [a for a, _r, _l in imported_answers(app, tool_workshop)] == [stored(a) for a in ANSWERS]
    # the next export of the same survey needs no matching: three other rows of it
    lines = data.decode("utf-8").split("\r\n")
    again = "\r\n".join([lines[0], *lines[1:4]]).encode("utf-8")
    assert "Import 3 responses" in upload(anna, tool_workshop, again, "codes-2.csv").get_data(as_text=True)
    with app.app_context():
        assert session().scalar(select(ImportMapping.updated_by).limit(1)) is not None


def test_a_changed_mapping_sends_the_confirmation_back_to_the_dry_run(app, anna, tool_workshop):
    data = (HERE / "google-forms.csv").read_bytes()
    fields = confirm_fields(upload(anna, tool_workshop, data, "g.csv").get_data(as_text=True))
    with app.app_context():  # someone matches a header by hand meanwhile
        session().add(
            ImportMapping(questionnaire_version_id=_version_of(tool_workshop), kind="column", source="x", target="")
        )
        session().commit()
    back = anna.post(f"/workshops/{tool_workshop}/import/confirm", fields)
    assert back.status_code == 200 and "changed since this dry run" in back.get_data(as_text=True)
    assert counts(app)[0] == 0


def _version_of(workshop_id: int) -> int:
    from assessment.models import Workshop

    return session().get(Workshop, workshop_id).questionnaire_version_id


def test_a_forged_mapping_post_is_refused_and_a_mapping_cannot_change_the_questionnaire_s_own_headers(
    app, anna, tool_workshop
):
    page = upload(anna, tool_workshop, (HERE / "limesurvey-codes.csv").read_bytes(), "c.csv").get_data(as_text=True)
    forged = {"carry-content": "eA==", "carry-sha256": "0" * 64, "carry-file_name": "x", "carry-proof": "x"}
    assert anna.post(f"/workshops/{tool_workshop}/import/mapping", forged).status_code == 400
    assert "Column “G01Q01”" in page
    # someone maps the role's own header to "leave out": the questionnaire's own text still wins
    with app.app_context():
        source = "which role describes you best?"
        session().add(
            ImportMapping(questionnaire_version_id=_version_of(tool_workshop), kind="column", source=source, target="")
        )
        session().commit()
    data = (HERE / "google-forms.csv").read_bytes()
    assert "Import 5 responses" in upload(anna, tool_workshop, data, "g.csv").get_data(as_text=True)


def test_our_own_export_imports_again_with_small_roles_folded(app, anna, workshop):
    """Two from business and one executive fold into "other" (3); a lone employee's role is blanked."""
    workshop_id, _, token = workshop
    for role in ["it"] * 3 + ["hr"] * 3 + ["business", "business", "executive"]:
        participate(app, token, with_role(PULSE_IT_LED if role == "it" else PULSE_HR_LED, role))
    exported = anna.get(f"/workshops/{workshop_id}/export.csv").data
    assert b",other," in exported
    second, _ = new_workshop(anna, workshop_id)
    dry = upload(anna, second, exported, "export.csv").get_data(as_text=True)
    assert "Import 9 responses" in dry and "3 rows give no role" in dry
    assert import_file(anna, second, exported, "export.csv").status_code == 302
    first_data = anna.get(f"/workshops/{workshop_id}/dashboard.json").json
    second_data = anna.get(f"/workshops/{second}/dashboard.json").json
    assert first_data["roles"] == second_data["roles"] and second_data["roles"][-1]["key"] == "other"
    assert first_data["dimensions"] == second_data["dimensions"]
    again = anna.get(f"/workshops/{second}/export.csv").data
    assert again.split(b"\r\n")[1:] == exported.split(b"\r\n")[1:]


def test_a_lone_role_blanked_in_the_export_imports_too(app, anna, workshop):
    workshop_id, _, token = workshop
    for role in ["it"] * 3 + ["hr"] * 3 + ["executive"]:
        participate(app, token, with_role(PULSE_IT_LED if role == "it" else PULSE_HR_LED, role))
    exported = anna.get(f"/workshops/{workshop_id}/export.csv").data
    second, _ = new_workshop(anna, workshop_id)
    assert "Import 7 responses" in upload(anna, second, exported, "export.csv").get_data(as_text=True)


def xlsx(rows, formulas: bool = False) -> bytes:
    """A workbook of `rows`; text starting with "=" is text unless `formulas` (then a formula without a value)."""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cells in book.active.iter_rows():
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith("=") and not formulas:
                cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_hostile_workbooks_are_refused_or_shown_literally(app, anna, tool_workshop):
    not_a_workbook = b"PK\x03\x04" + b"\x00" * 200
    page = upload(anna, tool_workshop, not_a_workbook, "x.xlsx")
    assert page.status_code == 422 and "cannot be read" in page.get_data(as_text=True)
    huge = "y" * 32_000
    rows = [
        ["Which role describes you best?", "Who leads the initiative day to day?"],
        [huge, '=HYPERLINK("http://x")'],
    ]
    page = upload(anna, tool_workshop, xlsx(rows), "h.xlsx").get_data(as_text=True)
    assert "y" * 100 not in page and "y" * 79 + "…" in page
    assert "=HYPERLINK(&#34;http://x&#34;)" in page and "“=HYPERLINK" in page  # quoted back as text
    formula = upload(anna, tool_workshop, xlsx(rows, formulas=True), "f.xlsx").get_data(as_text=True)
    assert "HYPERLINK" not in formula and "This question is required" in formula  # a formula is never run: blank
    assert counts(app) == (0, 0)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(app, anna, tool_workshop, monkeypatch):
    import assessment.services.import_table as table

    monkeypatch.setattr(table, "XLSX_UNPACKED", 2000)
    page = upload(anna, tool_workshop, (HERE / "google-forms.xlsx").read_bytes(), "g.xlsx")
    assert page.status_code == 422 and "unpacks to more than 2000 bytes" in page.get_data(as_text=True)
