"""Dashboards count stored facts: the figures from the database equal the figures scored again
from the same answers, after submissions, an import and a re-scoring job."""

import logging
import random

import pytest
from sqlalchemy import func, select

from assessment.models import Response
from assessment.models_aggregates import ResponseFact, WorkshopTally
from assessment.services.group import workshop_group
from assessment.services.imports import apply_import
from assessment.services.questionnaires import compiled, latest_version
from assessment.services.responses import (
    result_summary,
    save_page,
    start_response,
    stored_answers,
    submit_response,
    summary_of_dict,
)
from assessment.services.workshops import create_workshop
from assessment.tasks import rescoring
from scoring import score_response
from scoring.group import Participant, aggregate_workshop
from scoring.sampling import profile_answers, random_answers
from tests.support.csv_files import PULSE_ANSWERS, csv_bytes

ROLES = ["executive", "it", "hr", "business", "employee"]
TEAMS = [None, "sales", "operations"]


@pytest.fixture
def full_workshop(db, organisation):
    return create_workshop(db, organisation, latest_version(db, "social-collaboration-readiness"), "Full")


def submit_random(db, workshop, rng, count):
    """`count` submissions of random answer sets (hidden answers, rare roles and teams among them)."""
    q = compiled(workshop.questionnaire_version)
    for _ in range(count):
        answers = profile_answers(q, rng, rng.uniform(0, 100), spread=60)
        answers.update(random_answers(q, rng, skip_rate=0.5))  # answers that their own conditions may hide
        answers["role"] = rng.choice(ROLES[:3] if rng.random() < 0.8 else ROLES)
        response = start_response(db, workshop.questionnaire_version, "en", workshop_id=workshop.id)
        response.team = rng.choice(TEAMS)
        save_page(db, response, 0, answers, len(q.pages))
        assert submit_response(db, response)


def rescored(db, workshop):
    """The workshop's figures scored again from every stored answer set, as before facts were stored."""
    q = compiled(workshop.questionnaire_version)
    responses = db.scalars(select(Response).where(Response.workshop_id == workshop.id).order_by(Response.id))
    people = [
        Participant.from_result_dict(
            r.role, r.team, r.answers, result_summary(score_response(q, stored_answers(q, r.answers)))
        )
        for r in responses
    ]
    return aggregate_workshop(q, people, workshop.anonymity_threshold)


@pytest.mark.parametrize("seed", [1, 2])
def test_dashboard_figures_equal_the_rescored_figures_as_submissions_arrive(db, full_workshop, seed, caplog):
    rng = random.Random(seed)
    submit_random(db, full_workshop, rng, 8)
    db.commit()
    first = workshop_group(db, full_workshop)
    assert not first.suppressed and first.respondents == 8
    assert first == rescored(db, full_workshop)
    caplog.set_level(logging.INFO, logger="assessment.services.aggregates")
    caplog.clear()
    submit_random(db, full_workshop, rng, 5)  # counted in one by one, not rebuilt
    db.commit()
    second = workshop_group(db, full_workshop)
    assert "rebuilt" not in caplog.text
    assert second.respondents == 13 and second == rescored(db, full_workshop)
    assert db.get(WorkshopTally, full_workshop.id).responses == 13


def test_a_small_workshop_stays_suppressed(db, full_workshop):
    submit_random(db, full_workshop, random.Random(3), 2)
    group = workshop_group(db, full_workshop)
    assert group.suppressed and group.respondents == 2 and group.dimensions == []


def test_an_import_stores_the_facts_its_figures_are_counted_from(db, workshop):
    apply_import(db, workshop, csv_bytes([list(PULSE_ANSWERS), *[list(PULSE_ANSWERS.values())] * 4]), "a.csv")
    ids = db.scalars(select(Response.id).where(Response.workshop_id == workshop.id)).all()
    with_facts = db.scalar(select(func.count(func.distinct(ResponseFact.response_id))))
    assert len(ids) == 4 and with_facts == 4
    group = workshop_group(db, workshop)
    assert group.respondents == 4 and group == rescored(db, workshop)


def test_responses_from_before_the_facts_get_them_on_the_first_read(db, full_workshop):
    submit_random(db, full_workshop, random.Random(4), 5)
    db.execute(ResponseFact.__table__.delete())
    db.execute(WorkshopTally.__table__.delete())
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    assert db.scalar(select(func.count(func.distinct(ResponseFact.response_id)))) == 5


def test_the_rescoring_job_updates_summaries_and_facts_in_batches_with_progress(db, app, full_workshop, monkeypatch):
    submit_random(db, full_workshop, random.Random(5), 5)
    db.commit()
    good = workshop_group(db, full_workshop)
    for response in db.scalars(select(Response)):  # as if scored by an engine with a bug
        response.summary = {"readiness_index": 1.0, "maturity_level": 1, "dimensions": [], "risk_factors": []}
        response.readiness_index = 1.0
    db.execute(ResponseFact.__table__.update().values(text="wrong"))
    db.commit()
    progress = []
    monkeypatch.setattr(rescoring, "report_progress", lambda done, total: progress.append((done, total)))
    outcome = rescoring.rescore_version(full_workshop.questionnaire_version_id, batch=2)
    assert outcome["rescored"] == 5 and progress == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert {r.readiness_index for r in db.scalars(select(Response))} != {1.0}
    assert db.scalar(select(func.count()).where(ResponseFact.text == "wrong")) == 0
    assert workshop_group(db, full_workshop) == good == rescored(db, full_workshop)


def test_the_rescore_command_runs_the_job_and_names_a_version_it_does_not_know(db, runner, full_workshop):
    submit_random(db, full_workshop, random.Random(6), 3)
    db.commit()
    version = full_workshop.questionnaire_version
    done = runner.invoke(args=["responses", "rescore", version.questionnaire_id, str(version.version)])
    assert done.exit_code == 0 and "3 response(s)" in done.output and "scored again" in done.output
    missing = runner.invoke(args=["responses", "rescore", "no-such-questionnaire", "1"])
    assert missing.exit_code == 1 and "no published questionnaire 'no-such-questionnaire' version 1" in missing.output
    assert "Traceback" not in missing.output


def test_the_stored_summary_is_the_one_the_full_result_gives(db, full_workshop):
    q, rng = compiled(full_workshop.questionnaire_version), random.Random(7)
    for _ in range(30):
        result = score_response(q, random_answers(q, rng))
        assert result_summary(result) == summary_of_dict(result.to_dict())
