"""Authoring: a draft is checked exactly as `readiness validate` checks a file, plus the rule that
a changed file takes a new version number; who may publish a new version of what."""

import pytest
from sqlalchemy import select

from assessment.models import QuestionnaireVersion
from assessment.services.accounts import create_user
from assessment.services.authoring import (
    DRAFT_LIMIT,
    DraftRefused,
    NotYours,
    check_draft,
    create_draft,
    publish_draft,
    read_upload,
    update_draft,
)
from assessment.services.questionnaires import PublishRefused
from tests.support.accounts import PASSWORD
from tests.support.drafts import ERROR_LINE, PULSE, VERSION_2, WITH_ERROR

# The pulse as a consultant's own questionnaire: a new id, version 1, not a variant of a shipped one.
OWN = (
    VERSION_2.replace("id: executive-pulse\n", "id: acme-pulse\n", 1)
    .replace("version: 3\n", "version: 1\n", 1)
    .replace("variant_of: social-collaboration-readiness\n", "")
)


@pytest.fixture
def admin(db):
    return create_user(db, "root@example.org", "Root", PASSWORD, is_admin=True)


@pytest.fixture
def bert(db):
    return create_user(db, "bert@example.org", "Bert", PASSWORD)


def versions(db, questionnaire_id="executive-pulse") -> list[tuple[int, bool]]:
    rows = db.scalars(select(QuestionnaireVersion).where(QuestionnaireVersion.questionnaire_id == questionnaire_id))
    return sorted((row.version, row.listed) for row in rows)


def test_a_mistake_is_shown_at_its_line_and_the_draft_cannot_be_published(db, admin):
    draft = create_draft(db, admin, "pulse-v2.yaml", WITH_ERROR)
    check = check_draft(db, draft, admin)
    assert [problem.line for problem in check.problems] == [ERROR_LINE]
    assert check.lines[ERROR_LINE - 1].problems and not check.lines[0].problems
    assert not check.publishable
    with pytest.raises(PublishRefused):
        publish_draft(db, draft, admin)
    assert versions(db) == [(2, True)]  # the shipped pulse is version 2


def test_a_file_without_mistakes_has_its_examples_run_one_by_one(db, admin):
    check = check_draft(db, create_draft(db, admin, "pulse-v2.yaml", VERSION_2), admin)
    assert check.problems == [] and check.publishable
    assert check.examples and all(example.passed for example in check.examples)
    assert check.published.version == 2  # the newest published version, for the changes shown


def test_a_failing_example_is_a_problem_and_says_what_it_got(db, admin):
    wrong = VERSION_2.replace("      risk_band: low\n", "      risk_band: critical\n", 1)
    check = check_draft(db, create_draft(db, admin, "pulse-v2.yaml", wrong), admin)
    failed = [example for example in check.examples if not example.passed]
    assert [example.name for example in failed] == ["best answers"] and failed[0].failures
    assert check.problems and not check.publishable


def test_a_changed_file_needs_a_new_version_number(db, admin):
    same_number = VERSION_2.replace("version: 3\n", "version: 2\n", 1)
    check = check_draft(db, create_draft(db, admin, "pulse.yaml", same_number), admin)
    version_line = same_number.splitlines().index("version: 2") + 1
    assert [(problem.line, "set 'version: 3'" in problem.message) for problem in check.problems] == [
        (version_line, True)
    ]
    unchanged = check_draft(db, create_draft(db, admin, "pulse.yaml", PULSE), admin)
    assert unchanged.problems == [] and unchanged.same_as.version == 2 and not unchanged.publishable


def test_an_administrator_publishes_a_new_version_of_a_shipped_questionnaire(db, admin):
    draft = create_draft(db, admin, "pulse-v2.yaml", VERSION_2)
    published = publish_draft(db, draft, admin)
    assert published.created and published.row.published_by == "root@example.org"
    assert draft.published_version_id == published.row.id
    assert versions(db) == [(2, True), (3, True)]  # listed like the version before


def test_a_consultant_may_not_publish_a_new_version_of_a_shipped_questionnaire(db, user):
    draft = create_draft(db, user, "pulse-v2.yaml", VERSION_2)
    check = check_draft(db, draft, user)
    assert check.problems == [] and check.owner == "administrators" and not check.publishable
    with pytest.raises(NotYours):
        publish_draft(db, draft, user)
    assert versions(db) == [(2, True)]


def test_a_consultant_s_own_questionnaire_is_theirs_and_not_on_the_start_page(db, user, bert, admin):
    publish_draft(db, create_draft(db, user, "acme.yaml", OWN), user)
    assert versions(db, "acme-pulse") == [(1, False)]  # offered for workshops only
    version_2 = OWN.replace("version: 1\n", "version: 2\n", 1).replace("changed since", "moved since")
    publish_draft(db, create_draft(db, user, "acme.yaml", version_2), user)
    version_3 = version_2.replace("version: 2\n", "version: 3\n", 1)
    draft = create_draft(db, bert, "acme.yaml", version_3)
    assert check_draft(db, draft, bert).owner == "anna@example.org"
    with pytest.raises(NotYours):
        publish_draft(db, draft, bert)
    publish_draft(db, create_draft(db, admin, "acme.yaml", version_3), admin)
    assert versions(db, "acme-pulse") == [(1, False), (2, False), (3, False)]


def test_an_administrator_s_new_questionnaire_goes_on_the_start_page(db, admin):
    publish_draft(db, create_draft(db, admin, "acme.yaml", OWN), admin)
    assert versions(db, "acme-pulse") == [(1, True)]


def test_an_upload_is_utf8_text_of_limited_size(db, user):
    assert read_upload("\ufeffid: x\r\nversion: 1\r\n".encode()) == "id: x\nversion: 1\n"
    for data in ["caf\xe9".encode("cp1252"), b"x" * (DRAFT_LIMIT + 1)]:
        with pytest.raises(DraftRefused):
            read_upload(data)
    draft = create_draft(db, user, "  my   file.yaml ", "id: x\r\n")
    assert (draft.name, draft.source) == ("my file.yaml", "id: x\n")
    with pytest.raises(DraftRefused):
        update_draft(draft, "x" * (DRAFT_LIMIT + 1))
    assert draft.source == "id: x\n"
