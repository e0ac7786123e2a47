"""Finding 4 of issue 18 in the browser and on the command line: a draft whose text breaks the
checker still opens, every problem is a line of the page, and publishing never answers 500."""

import re

import pytest

from tests.support.drafts import checked_hash, new_draft, page_text, save
from tests.support.questionnaires import minimal_text, mutated

TITLE = "title: Minimal test questionnaire"
BAD_VALUES = ["2001-02-30", '!!int "zz"', "!!timestamp x", "9" * 4400]


@pytest.mark.parametrize("value", BAD_VALUES, ids=["date", "int", "timestamp", "digits"])
def test_a_draft_with_an_unreadable_value_opens_with_the_problem_at_its_line(anna, value):
    url = new_draft(anna, mutated(TITLE, f"title: {value}"), name="minimal.yaml")
    page = anna.get(url)
    assert page.status_code == 200
    assert re.search(r"Line 5\s*: unreadable value", page_text(page))
    fixed = save(anna, url, minimal_text())
    assert fixed.status_code == 302
    assert "ready to publish" in page_text(anna.get(url))


def test_a_version_too_large_for_the_database_is_a_problem_not_a_500(anna):
    url = new_draft(anna, mutated("version: 1", "version: " + "9" * 30), name="minimal.yaml")
    assert re.search(r"Line 4\s*: 'version': input should be less than", page_text(anna.get(url)))
    refused = anna.post(url + "/publish", {"checked_hash": checked_hash(anna, url)})
    assert refused.status_code == 422


def test_a_draft_that_makes_the_checker_fail_still_opens_and_can_be_fixed(anna, monkeypatch):
    url = new_draft(anna, mutated(TITLE, "title: Breaks the checker"), name="minimal.yaml")
    monkeypatch.setattr("assessment.services.authoring.validate_text", _broken)
    page = anna.get(url)
    assert page.status_code == 200 and "the check stopped on this text" in page_text(page)
    monkeypatch.undo()
    assert save(anna, url, minimal_text()).status_code == 302
    assert "ready to publish" in page_text(anna.get(url))


def _broken(*_args, **_kwargs):
    raise RecursionError("the checker failed")


def test_a_file_with_45000_mistakes_gives_a_short_page(anna):
    text = minimal_text() + "".join(f"k{i:05d}: x\n" for i in range(45_000))
    url = new_draft(anna, text, name="minimal.yaml")
    page = anna.get(url)
    assert page.status_code == 200
    assert "and 44,800 more problems not listed" in page_text(page)
    assert len(page.data) < 2_000_000  # the text itself (500 kB) and the 200 problems at their lines


@pytest.mark.parametrize("value", BAD_VALUES, ids=["date", "int", "timestamp", "digits"])
def test_validate_command_reports_an_unreadable_value_without_a_traceback(runner, tmp_path, value):
    path = tmp_path / "broken.yaml"
    path.write_text(mutated(TITLE, f"title: {value}"))
    result = runner.invoke(args=["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:5: unreadable value" in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
