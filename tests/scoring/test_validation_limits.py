"""Finding 4 of issue 18: checking a questionnaire never crashes or stalls, whatever the file says."""

import difflib
import time

import pytest

from scoring import validate_text
from scoring.format.problems import MAX_SHOWN
from tests.support.questionnaires import line_of, minimal_text, mutated

TITLE = "title: Minimal test questionnaire"
UNREADABLE = {  # what the author wrote -> how the problem quotes it
    "2001-02-30": "'2001-02-30'",
    '!!int "zz"': "'zz'",
    "!!timestamp x": "'x'",
    "!!float 'zz'": "'zz'",
    "!!binary 'zz!'": "'zz!'",
    "9" * 4400: "'" + "9" * 40 + "…'",
}


@pytest.mark.parametrize(("value", "quoted"), UNREADABLE.items(), ids=[v[:20] for v in UNREADABLE])
def test_an_unreadable_value_is_a_problem_at_its_line(value, quoted):
    text = mutated(TITLE, f"title: {value}")
    report = validate_text(text, "q.yaml")
    assert not report.ok
    assert [(p.line, p.message.split(":")[0]) for p in report.problems] == [
        (line_of(text, "title:"), f"unreadable value {quoted}")
    ]


def test_an_unreadable_key_is_a_problem_too():
    text = mutated(TITLE, f"{TITLE}\n2001-02-30: x")
    assert [p.line for p in validate_text(text, "q.yaml").problems] == [line_of(text, "2001-02-30")]


def test_every_unreadable_value_is_reported_not_only_the_first():
    text = mutated(TITLE, "title: 2001-02-30\nintro: !!int zz\nauthor: !!timestamp x")
    report = validate_text(text, "q.yaml")
    assert [p.line for p in report.problems] == [
        line_of(text, "title:"),
        line_of(text, "intro:"),
        line_of(text, "author:"),
    ]


def test_a_version_that_does_not_fit_the_database_is_refused_at_its_line():
    text = mutated("version: 1", "version: 2147483648")
    report = validate_text(text, "q.yaml")
    assert [p.line for p in report.problems] == [line_of(text, "version:")]
    assert "less than or equal to 2147483647" in report.problems[0].message
    assert validate_text(mutated("version: 1", "version: 2147483647"), "q.yaml").ok


def test_tens_of_thousands_of_mistakes_are_counted_not_listed_and_quickly(monkeypatch):
    text = minimal_text() + "".join(f"titel_{i:05d}: x\n" for i in range(45_000))
    assert 500_000 < len(text.encode()) < 1_000_000
    searches = []
    real = difflib.get_close_matches
    monkeypatch.setattr(difflib, "get_close_matches", lambda *a, **k: searches.append(a[0]) or real(*a, **k))
    started = time.process_time()  # CPU of this process, not the machine's load
    report = validate_text(text, "q.yaml")
    assert time.process_time() - started < 12  # was 16-46 s; about 2 s on the development machine
    assert len(report.problems) == MAX_SHOWN + 1
    assert report.problems[-1].message == "and 44,800 more problems not listed; fix these first"
    assert report.problems[0].line == line_of(text, "titel_00000")
    assert len(searches) == MAX_SHOWN  # suggestions only for the problems shown


def test_a_suggestion_is_still_made_for_a_shown_unknown_field():
    report = validate_text(mutated(TITLE, "titel: Minimal"), "q.yaml")
    assert any("did you mean 'title'?" in p.message for p in report.problems)


def test_a_single_problem_is_not_followed_by_a_count():
    report = validate_text(mutated(TITLE, "titel: Minimal"), "q.yaml")
    assert not any("more problem" in p.message for p in report.problems)
