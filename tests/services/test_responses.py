"""Responses: started, saved page by page, submitted once and frozen; a closed workshop takes none."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from assessment.db import database, utcnow
from assessment.models import IN_PROGRESS, SUBMITTED, Response
from assessment.services.questionnaires import compiled
from assessment.services.responses import (
    AlreadySubmitted,
    AnswersMissing,
    WorkshopClosed,
    find_response,
    new_token,
    result_of,
    save_page,
    start_response,
    submit_response,
)
from assessment.services.workshops import close_workshop
from scoring import parse_answers, score_response
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, answers_of
from tests.support.records import answered, submitted


def test_a_started_response_has_an_unguessable_token_and_a_language_of_the_questionnaire(db, pulse_version):
    first = start_response(db, pulse_version, "de", label="  ACME\x00 ")
    second = start_response(db, pulse_version, "fr")
    assert first.token != second.token and len(first.token) >= 43  # 256 random bits, URL-safe
    assert first.locale == "de" and second.locale == "en"  # French is not offered: the default language
    assert first.label == "ACME\u2400" and second.label is None  # trimmed, control characters made visible
    assert find_response(db, first.token) is first
    assert find_response(db, "") is None and find_response(db, "x" * 65) is None


def test_saving_a_page_merges_its_answers_and_moves_the_bookmark(db, pulse_version):
    q = compiled(pulse_version)
    response = start_response(db, pulse_version, "en")
    save_page(db, response, 0, parse_answers(q, PULSE_IT_LED[0]), 1)
    save_page(db, response, 1, parse_answers(q, PULSE_IT_LED[1]), 2)
    assert response.answers == {
        "role": "it",
        "stage": "launched-long",
        "owner": "it",
        "steering-group": "no",
        "funding": "it-licence",
    }
    assert response.role == "it" and response.current_page == 2
    save_page(db, response, 1, {"owner": None}, 1)  # None clears an answer
    assert "owner" not in response.answers and response.current_page == 1


def test_submitting_freezes_the_result_the_answers_give(db, pulse_version):
    response = answered(db, pulse_version, PULSE_HR_LED)
    assert submit_response(db, response) is True
    q = compiled(pulse_version)
    expected = score_response(q, parse_answers(q, answers_of(PULSE_HR_LED)))
    assert response.status == SUBMITTED and response.submitted_at is not None
    assert response.readiness_index == expected.readiness_index
    assert response.result == expected.to_dict()
    assert response.summary["risk_band"] == {"band": expected.risk_band.band}
    assert result_of(response)[2] == expected  # re-scored on its version, the same result


def test_a_submitted_response_no_longer_changes(db, pulse_version):
    response = submitted(db, pulse_version)
    with pytest.raises(AlreadySubmitted):
        save_page(db, response, 1, {"owner": "hr"}, 2)
    assert response.answers["owner"] == "it"


def test_a_required_answer_missing_is_named_and_nothing_is_submitted(db, pulse_version):
    response = answered(db, pulse_version, [PULSE_IT_LED[0]])
    with pytest.raises(AnswersMissing) as refused:
        submit_response(db, response)
    assert ("owner", 1) in {(m.question_id, m.page) for m in refused.value.missing}
    assert response.status == IN_PROGRESS and response.result is None


def test_a_double_submission_is_recorded_once(db, pulse_version):
    response = answered(db, pulse_version)
    assert submit_response(db, response) is True
    first = (response.submitted_at, response.revision)
    assert submit_response(db, response) is False  # a double click or a replayed post
    assert (response.submitted_at, response.revision) == first


def test_two_workers_submitting_the_same_response_record_it_once(app, db, pulse_version):
    """Both loaded the response before either submitted: the conditional UPDATE lets one through."""
    token = answered(db, pulse_version).token
    db.commit()
    other = database().sessions()
    try:
        seen_by_other = find_response(other, token)
        assert submit_response(db, find_response(db, token)) is True
        db.commit()
        assert not seen_by_other.submitted  # its copy predates the first submission
        assert submit_response(other, seen_by_other) is False
        other.commit()
    finally:
        other.close()
    rows = db.execute(select(Response.status, Response.revision).where(Response.token == token)).all()
    assert rows == [(SUBMITTED, 3)]  # created, saved, submitted: one submission


def test_a_closed_workshop_takes_no_submission_and_no_new_participant(db, workshop, pulse_version):
    from assessment.services.workshops import join_workshop

    response = answered(db, pulse_version, workshop=workshop)
    close_workshop(db, workshop)
    with pytest.raises(WorkshopClosed):
        submit_response(db, response)
    with pytest.raises(WorkshopClosed):
        join_workshop(db, workshop, "en")
    assert response.status == IN_PROGRESS


def test_a_workshop_past_its_closing_time_takes_no_submission(db, workshop, pulse_version):
    response = answered(db, pulse_version, workshop=workshop)
    workshop.closes_at = utcnow() - timedelta(minutes=1)
    with pytest.raises(WorkshopClosed):
        submit_response(db, response)


def test_a_personal_link_never_starts_with_a_dash_so_commands_take_it(monkeypatch):
    # `readiness report -Uab...` read the token as an option; a new one is drawn instead.
    drawn = iter(["-Uabc", "_Vdef"])
    monkeypatch.setattr("assessment.services.responses.secrets.token_urlsafe", lambda n: next(drawn))
    assert new_token() == "_Vdef"
