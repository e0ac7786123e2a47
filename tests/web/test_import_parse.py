"""Reading CSV exports from other tools: encodings, delimiters, headers and values (no app needed)."""

from pathlib import Path

import pytest

from assessment.services.import_parse import FileRefused, parse_file, sniff_delimiter
from scoring import load_file
from tests.support.csv_files import PULSE_ANSWERS, csv_bytes

ROOT = Path(__file__).resolve().parents[2]
PULSE = load_file(ROOT / "questionnaires" / "executive-pulse.yaml")
FULL = load_file(ROOT / "questionnaires" / "social-collaboration-readiness.yaml")


def pulse_file(overrides: dict | None = None, rows: int = 1, **kwargs) -> bytes:
    answers = {**PULSE_ANSWERS, **(overrides or {})}
    return csv_bytes([list(answers), *[list(answers.values())] * rows], **kwargs)


def test_clean_file_reads_every_answer():
    parsed = parse_file(PULSE, pulse_file(rows=2))
    assert parsed.problems == [] and parsed.row_count == 2 and len(parsed.rows) == 2
    answers = parsed.rows[0].answers
    assert answers["owner"] == "it" and answers["wiifm"] == (2, 4) and answers["workflow"] == (1, 3)
    assert [r.row for r in parsed.rows] == [2, 3]


@pytest.mark.parametrize(
    ("delimiter", "encoding", "prefix"),
    [(",", "utf-8", b""), (",", "utf-8", b"\xef\xbb\xbf"), (";", "cp1252", b""), ("\t", "utf-8", b"")],
)
def test_encodings_and_delimiters(delimiter, encoding, prefix):
    data = prefix + pulse_file({"stage": "In Planung"}, delimiter=delimiter, encoding=encoding)
    parsed = parse_file(PULSE, data)
    assert parsed.problems == [] and parsed.rows[0].answers["stage"] == "planning"


def test_cp1252_umlauts_in_german_labels():
    data = pulse_file({"owner": "Die Personalabteilung", "role": "Geschäftsleitung oder obere Führungskraft"})
    parsed = parse_file(PULSE, data.decode("utf-8").encode("cp1252"))
    assert parsed.problems == [] and parsed.rows[0].answers["role"] == "executive"


def test_utf16_from_excel_unicode_text():
    parsed = parse_file(PULSE, pulse_file(delimiter="\t", encoding="utf-16"))
    assert parsed.problems == [] and len(parsed.rows) == 1


def test_sniffing_ignores_delimiters_in_quotes():
    assert sniff_delimiter('"a,b,c";"d"\n1;2') == ";"
    assert sniff_delimiter("only one column\n1") == ","


def test_headers_by_text_in_any_locale_case_and_spaces_ignored():
    header = ["  WHICH role describes   you best? ", "Wo steht die Initiative heute?", "owner"]
    parsed = parse_file(PULSE, csv_bytes([header, ["IT", "in planung", "joint"]]))
    assert [(c.name.strip(), c.question_id) for c in parsed.columns] == [
        ("WHICH role describes   you best?", "role"),
        ("Wo steht die Initiative heute?", "stage"),
        ("owner", "owner"),
    ]
    assert parsed.rows[0].answers == {"role": "it", "stage": "planning", "owner": "joint"}
    assert {p.row for p in parsed.problems} == {None}  # only the required questions without a column


def test_unknown_columns_and_our_own_score_columns_are_listed_apart():
    answers = {"respondent": "1", "readiness_index": "40", "score_ownership": "20", "Comments": "hi", **PULSE_ANSWERS}
    parsed = parse_file(PULSE, csv_bytes([list(answers), list(answers.values())]))
    reasons = {c.name: c.reason for c in parsed.ignored}
    assert reasons == {
        "respondent": "not_imported",
        "readiness_index": "recomputed",
        "score_ownership": "recomputed",
        "Comments": "unmatched",
    }


def test_values_problems_name_row_and_column():
    rows = [list(PULSE_ANSWERS), list(PULSE_ANSWERS.values())]
    rows.append([{"owner": "the janitor", "wiifm": "7"}.get(k, v) for k, v in PULSE_ANSWERS.items()])
    rows.append([""] * len(PULSE_ANSWERS))  # an empty row is skipped but still counted
    rows.append(["" if k == "policy" else v for k, v in PULSE_ANSWERS.items()])
    parsed = parse_file(PULSE, csv_bytes(rows))
    found = [(p.row, p.column, p.value, p.kind) for p in parsed.problems]
    assert found == [
        (3, "owner", "the janitor", "not_a_choice"),
        (3, "wiifm", "7", "invalid"),
        (5, "policy", "", "required"),
    ]
    assert len(parsed.rows) == 1


def test_yes_no_in_english_and_german_numbers_multiple_and_text():
    header = ["steering-group", "org-size", "tools"]
    for yes_word in ("yes", "Ja", "TRUE", "1", "x"):
        parsed = parse_file(FULL, csv_bytes([header, [yes_word, "1.200", "esn;chat"]]))
        assert parsed.rows == [] or parsed.rows[0].answers["steering-group"] == "yes"
        values = {p.column for p in parsed.problems if p.row == 2}
        assert "steering-group" not in values and "org-size" not in values and "tools" not in values
    parsed = parse_file(FULL, csv_bytes([header, ["nein", "0", "Team chat (e.g. Teams or Slack channels), wiki"]]))
    problems = {p.column: p for p in parsed.problems if p.row == 2}
    assert "steering-group" not in problems and "tools" not in problems
    assert problems["org-size"].kind == "invalid" and "at least 1" in problems["org-size"].params["detail"]


def test_multiple_choice_label_with_commas_is_read_whole():
    label = "An enterprise social network (e.g. Viva Engage / Yammer, Workplace, Jive)"
    parsed = parse_file(FULL, csv_bytes([["tools"], [f"{label}, A wiki or shared knowledge base"]]))
    assert not [p for p in parsed.problems if p.column == "tools"]
    exclusive = parse_file(FULL, csv_bytes([["tools"], ["none;chat"]]))
    assert [p.kind for p in exclusive.problems if p.column == "tools"] == ["invalid"]


def test_a_cell_of_thousands_of_commas_is_read_in_linear_time():
    """Longest-label matching once cost n^3 in the number of commas: 4,000 took 47 s."""
    import time

    started = time.process_time()  # CPU of this process, not the machine's load
    parsed = parse_file(FULL, csv_bytes([["tools"], ["," * 20_000 + "A wiki or shared knowledge base"]]))
    assert time.process_time() - started < 5  # a guard against the cubic version, not a benchmark
    assert not [p for p in parsed.problems if p.column == "tools"]


def test_required_question_without_a_column_is_one_file_problem():
    answers = {k: v for k, v in PULSE_ANSWERS.items() if k != "training"}
    parsed = parse_file(PULSE, csv_bytes([list(answers), list(answers.values()), list(answers.values())]))
    assert [(p.row, p.kind, p.params) for p in parsed.problems] == [
        (None, "required_column", {"question": "training", "rows": 2})
    ]


def test_answers_to_hidden_questions_are_dropped():
    parsed = parse_file(PULSE, pulse_file({"stage": "planning"}))  # activity-trend only shows once launched
    assert parsed.problems == [] and "activity-trend" not in parsed.rows[0].answers


def test_scale_target_in_its_own_column_and_formula_apostrophe():
    answers = {**PULSE_ANSWERS, "wiifm": "2", "wiifm__target": "5", "owner": "'=it"}
    parsed = parse_file(PULSE, csv_bytes([list(answers), list(answers.values())]))
    assert [(p.column, p.value) for p in parsed.problems] == [("owner", "=it")]
    answers["owner"] = "it"
    parsed = parse_file(PULSE, csv_bytes([list(answers), list(answers.values())]))
    assert parsed.rows[0].answers["wiifm"] == (2, 5)


def test_team_and_label_columns_with_limits():
    answers = {**PULSE_ANSWERS, "Team": "Sales", "label": "x" * 201}
    parsed = parse_file(PULSE, csv_bytes([list(answers), list(answers.values())]))
    assert [(p.column, p.kind) for p in parsed.problems] == [("label", "too_long")]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"owner\r\n", "no_rows"),
        (b"colour,size\r\nred,1\r\n", "no_columns"),
        (b"owner\r\n\x81\x8d\xff\xfe", "encoding"),
    ],
)
def test_files_refused_as_a_whole(data, kind):
    with pytest.raises(FileRefused) as refused:
        parse_file(PULSE, data)
    assert refused.value.kind == kind


def test_size_and_row_limits():
    with pytest.raises(FileRefused) as big:
        parse_file(PULSE, pulse_file(rows=10), max_bytes=100)
    assert big.value.kind == "too_large" and big.value.params["limit"] == 100
    with pytest.raises(FileRefused) as many:
        parse_file(PULSE, pulse_file(rows=11), max_rows=10)
    assert many.value.kind == "too_many_rows"
    assert len(parse_file(PULSE, pulse_file(rows=10), max_rows=10).rows) == 10
