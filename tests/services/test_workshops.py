"""Workshops: created with a code easy to read aloud, closed and reopened, agreed answers recorded."""

from datetime import timedelta

import pytest

from assessment.db import utcnow
from assessment.services.accounts import create_user
from assessment.services.questionnaires import compiled, latest_version
from assessment.services.responses import WorkshopClosed
from assessment.services.workshops import (
    CODE_ALPHABET,
    agreed_answers,
    close_workshop,
    create_organisation,
    create_workshop,
    join_workshop,
    owned_workshop,
    record_agreed_answer,
    remove_agreed_answer,
    reopen_workshop,
    submitted_responses,
    workshop_by_code,
    workshop_by_link,
)
from tests.support.accounts import PASSWORD
from tests.support.records import answered, submitted


def test_a_new_workshop_has_a_code_to_read_aloud_and_a_link(db, workshop):
    assert len(workshop.join_code) == 6 and set(workshop.join_code) <= set(CODE_ALPHABET)
    assert not set("0O1I") & set(CODE_ALPHABET)
    assert len(workshop.link_token) >= 32
    spoken = f" {workshop.join_code[:3].lower()}-{workshop.join_code[3:].lower()} "
    assert workshop_by_code(db, spoken) is workshop  # any case, spaces and dashes
    assert workshop_by_link(db, workshop.link_token) is workshop
    assert workshop_by_code(db, "ABC") is None and workshop_by_link(db, "x" * 65) is None


def test_the_threshold_is_at_least_two_and_the_language_one_the_questionnaire_has(db, organisation, pulse_version):
    workshop = create_workshop(db, organisation, pulse_version, "  Offsite ", threshold=1, locale="fr")
    assert workshop.anonymity_threshold == 2 and workshop.locale == "en" and workshop.title == "Offsite"


def test_a_workshop_belongs_to_the_consultant_of_its_organisation(db, user, workshop):
    bert = create_user(db, "bert@example.org", "Bert", PASSWORD)
    assert owned_workshop(db, user, workshop.id) is workshop
    assert owned_workshop(db, bert, workshop.id) is None
    assert owned_workshop(db, user, workshop.id + 1000) is None


def test_participants_join_until_the_workshop_is_closed_and_what_was_submitted_stays(db, workshop, pulse_version):
    done = submitted(db, pulse_version, workshop=workshop)
    response = join_workshop(db, workshop, "en", team="  Sales ")
    assert response.workshop_id == workshop.id and response.label == "ACME" and response.team == "Sales"
    assert close_workshop(db, workshop) is True
    assert close_workshop(db, workshop) is False  # closing twice changes nothing
    assert not workshop.is_open(utcnow())
    with pytest.raises(WorkshopClosed):
        join_workshop(db, workshop, "en")
    assert submitted_responses(db, workshop) == [done]


def test_a_workshop_opens_and_closes_at_its_times(db, organisation, pulse_version):
    soon = create_workshop(db, organisation, pulse_version, "Later", opens_at=utcnow() + timedelta(hours=1))
    over = create_workshop(db, organisation, pulse_version, "Over", closes_at=utcnow() - timedelta(minutes=1))
    for workshop in (soon, over):
        with pytest.raises(WorkshopClosed):
            join_workshop(db, workshop, "en")


def test_reopening_lets_participants_in_again_and_drops_a_closing_time_that_has_passed(db, organisation, pulse_version):
    passed = create_workshop(db, organisation, pulse_version, "A", closes_at=utcnow() - timedelta(minutes=1))
    later = utcnow() + timedelta(days=1)
    coming = create_workshop(db, organisation, pulse_version, "B", closes_at=later)
    for workshop in (passed, coming):
        close_workshop(db, workshop)
        reopen_workshop(db, workshop)
        assert workshop.closed_at is None and workshop.is_open(utcnow())
        join_workshop(db, workshop, "en")
    assert passed.closes_at is None and coming.closes_at == later


def test_an_agreed_answer_is_stored_normalised_once_per_question(db, user, workshop):
    record_agreed_answer(db, workshop, "wiifm", {"current": "2", "target": "4"}, "  after a long talk ", user)
    record_agreed_answer(db, workshop, "owner", "it", None, user)
    record_agreed_answer(db, workshop, "owner", "joint", "x" * 600, user)  # replaces the first
    agreed = agreed_answers(db, workshop)
    assert set(agreed) == {"wiifm", "owner"}
    assert agreed["wiifm"].value == {"answer": {"current": 2, "target": 4}}
    assert agreed["wiifm"].note == "after a long talk" and agreed["wiifm"].recorded_by == user.id
    assert agreed["owner"].value == {"answer": "joint"} and len(agreed["owner"].note) == 500
    remove_agreed_answer(db, workshop, "owner")
    remove_agreed_answer(db, workshop, "owner")  # removing what is not there is harmless
    assert set(agreed_answers(db, workshop)) == {"wiifm"}


@pytest.mark.parametrize(
    ("question", "value"),
    [("owner", "the janitor"), ("wiifm", "7"), ("wiifm", {"current": 2, "target": 9}), ("nope", "it")],
)
def test_an_agreed_answer_must_be_a_valid_answer(db, user, workshop, question, value):
    with pytest.raises(ValueError):
        record_agreed_answer(db, workshop, question, value, None, user)
    assert agreed_answers(db, workshop) == {}


def test_free_text_questions_take_no_agreed_answer(db, user, organisation):
    full = create_workshop(db, organisation, latest_version(db, "social-collaboration-readiness"), "Full")
    assert compiled(full.questionnaire_version).questions["indispensable"].type == "text"
    with pytest.raises(ValueError):
        record_agreed_answer(db, full, "indispensable", "the wiki", None, user)
    assert agreed_answers(db, full) == {}


def test_an_unsubmitted_response_is_not_counted(db, workshop, pulse_version):
    answered(db, pulse_version, workshop=workshop)
    assert submitted_responses(db, workshop) == []


def test_organisations_are_named_without_surrounding_spaces(db, user):
    assert create_organisation(db, user, "  Initech ").name == "Initech"
