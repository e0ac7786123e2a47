"""Dashboards count stored facts: the figures from the database equal the figures scored again
from the same answers, after submissions, an import and a re-scoring job."""

import csv
import io
import logging
import random
import threading

import pytest
from sqlalchemy import func, select

from assessment.db import session
from assessment.models import Response, Workshop
from assessment.models_aggregates import ResponseFact, WorkshopCell, WorkshopTally
from assessment.services import aggregates
from assessment.services import rescoring as rescoring_service
from assessment.services.group import export_rows, workshop_group
from assessment.services.imports import apply_import, batches_of, undo_import
from assessment.services.lifecycle import delete_response, delete_workshop, purge_answers
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
from assessment.tasks import cells as cells_task
from assessment.tasks import rescoring
from scoring import score_response
from scoring.group import Cells, Participant, aggregate_workshop
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
    db.execute(WorkshopTally.__table__.update().values(responses=-1))
    aggregates.catch_up(db, full_workshop)  # cells counted from the wrong facts, as the bug would have left them
    db.commit()
    assert workshop_group(db, full_workshop) != good
    monkeypatch.setattr(aggregates, "rebuild_cells", refuse_rebuild)
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


def refuse_rebuild(*args, **kwargs):
    raise AssertionError("the dashboard cells were rebuilt")


@pytest.fixture
def no_rebuild(monkeypatch, caplog):
    """Every change counts itself in or out: a rebuild fails the test, and no warning may be logged."""
    monkeypatch.setattr(aggregates, "rebuild_cells", refuse_rebuild)
    caplog.set_level(logging.INFO, logger="assessment.services.aggregates")
    yield
    assert "rebuil" not in caplog.text


def exported_csv(db, workshop) -> bytes:
    header, rows = export_rows(db, workshop)
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def full_csv(db, organisation, seed, count=9) -> bytes:
    """An export of `count` random full-questionnaire answer sets, as another survey tool would send it."""
    other = create_workshop(db, organisation, latest_version(db, "social-collaboration-readiness"), "Elsewhere")
    other.anonymity_threshold = 1  # every row names its role and team
    submit_random(db, other, random.Random(seed), count)
    return exported_csv(db, other)


def cell_count(db, workshop):
    return db.scalar(select(func.count()).select_from(WorkshopCell).where(WorkshopCell.workshop_id == workshop.id))


def cell_total(db, workshop):
    return db.scalar(select(func.sum(WorkshopCell.count)).where(WorkshopCell.workshop_id == workshop.id)) or 0


def test_an_import_counts_its_rows_into_the_cells_without_a_rebuild(db, organisation, full_workshop, no_rebuild):
    data = full_csv(db, organisation, 11)
    submit_random(db, full_workshop, random.Random(12), 4)
    db.commit()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    outcome = apply_import(db, full_workshop, data, "elsewhere.csv")
    db.commit()
    assert outcome.created == 9
    group = workshop_group(db, full_workshop)
    assert group.respondents == 13 and group == rescored(db, full_workshop)
    assert db.get(WorkshopTally, full_workshop.id).responses == 13
    submit_random(db, full_workshop, random.Random(13), 2)  # a submission after the import is counted in too
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)


def test_undoing_an_import_counts_its_rows_out(db, organisation, full_workshop, no_rebuild):
    data = full_csv(db, organisation, 21)
    submit_random(db, full_workshop, random.Random(22), 4)
    before_import = cell_total(db, full_workshop)
    apply_import(db, full_workshop, data, "elsewhere.csv")
    db.commit()
    assert workshop_group(db, full_workshop).respondents == 13
    undo_import(db, full_workshop, batches_of(db, full_workshop)[0].id)
    db.commit()
    group = workshop_group(db, full_workshop)
    assert group.respondents == 4 and group == rescored(db, full_workshop)
    assert cell_total(db, full_workshop) == before_import  # the same cells as before the import, none at 0
    assert db.scalar(select(func.min(WorkshopCell.count))) > 0


def test_deleting_responses_counts_them_out(db, full_workshop, no_rebuild):
    submit_random(db, full_workshop, random.Random(31), 7)
    db.commit()
    assert workshop_group(db, full_workshop).respondents == 7
    for response in db.scalars(select(Response).order_by(Response.id).limit(2)).all():
        delete_response(db, response)
        db.commit()
    group = workshop_group(db, full_workshop)
    assert group.respondents == 5 and group == rescored(db, full_workshop)
    assert db.scalar(select(func.min(WorkshopCell.count))) > 0


def test_deleting_a_workshops_answers_leaves_no_cells(db, organisation, full_workshop, no_rebuild):
    submit_random(db, full_workshop, random.Random(32), 5)
    kept = create_workshop(db, organisation, full_workshop.questionnaire_version, "Kept")
    submit_random(db, kept, random.Random(33), 4)
    db.commit()
    kept_cells = cell_total(db, kept)
    purge_answers(db, full_workshop)
    db.commit()
    assert cell_total(db, full_workshop) == 0 and db.get(WorkshopTally, full_workshop.id).responses == 0
    delete_workshop(db, full_workshop)
    db.commit()
    assert db.scalar(select(func.count()).select_from(WorkshopCell).where(WorkshopCell.workshop_id != kept.id)) == 0
    assert cell_total(db, kept) == kept_cells and workshop_group(db, kept) == rescored(db, kept)


def test_rescoring_swaps_the_facts_in_the_cells_and_raises_the_generation(
    db, app, full_workshop, monkeypatch, no_rebuild
):
    submit_random(db, full_workshop, random.Random(41), 6)
    db.commit()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    generation = db.get(WorkshopTally, full_workshop.id).generation
    with monkeypatch.context() as patch:  # a re-scoring that changes every response's index
        patch.setattr(
            rescoring_service, "result_summary", lambda result: {**result_summary(result), "readiness_index": 10.0}
        )
        rescoring.rescore_version(full_workshop.questionnaire_version_id, batch=4)
    db.expire_all()
    tally = db.get(WorkshopTally, full_workshop.id)
    assert tally.generation == generation + 2 and tally.responses == 6  # two batches
    changed = workshop_group(db, full_workshop)  # not the figures cached before: the generation is in the key
    assert changed.respondents == 6 and changed.index.mean == pytest.approx(10.0)
    rescoring.rescore_version(full_workshop.questionnaire_version_id)
    db.expire_all()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)


def test_workshops_from_before_the_facts_are_counted_by_the_background_job(db, app, full_workshop, monkeypatch, caplog):
    submit_random(db, full_workshop, random.Random(51), 5)
    db.execute(ResponseFact.__table__.delete())  # as the upgrade to 0011 leaves them
    db.execute(WorkshopCell.__table__.delete())
    db.execute(WorkshopTally.__table__.delete())
    db.commit()
    assert aggregates.workshops_behind(db) == [full_workshop.id]
    outcome = cells_task.count_cells()
    assert outcome == {"workshops": 1} and aggregates.workshops_behind(db) == []
    monkeypatch.setattr(aggregates, "rebuild_cells", refuse_rebuild)
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)


def test_a_reader_that_finds_the_cells_behind_rebuilds_them_and_warns(db, full_workshop, caplog):
    submit_random(db, full_workshop, random.Random(52), 5)
    db.execute(ResponseFact.__table__.delete())
    db.execute(WorkshopTally.__table__.delete())
    db.commit()
    caplog.set_level(logging.INFO, logger="assessment.services.aggregates")
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and "5 response(s) without stored facts" in warnings[0]
    assert "readiness responses cells" in warnings[0]


def test_the_cells_command_counts_what_is_behind_and_then_has_nothing_to_do(db, runner, full_workshop):
    submit_random(db, full_workshop, random.Random(53), 3)
    db.execute(WorkshopTally.__table__.delete())
    db.commit()
    done = runner.invoke(args=["responses", "cells"])
    assert done.exit_code == 0 and "dashboard cells counted for 1 workshop(s)" in done.output
    again = runner.invoke(args=["responses", "cells"])
    assert again.exit_code == 0 and "every workshop is counted" in again.output


@pytest.fixture
def cells_read(monkeypatch):
    """How many cells each read that followed a process's kept cells fetched (a full read is not listed)."""
    fetched: list[int] = []
    updated = Cells.updated

    def counting(self, rows):
        rows = list(rows)
        fetched.append(len(rows))
        return updated(self, rows)

    monkeypatch.setattr(Cells, "updated", counting)
    return fetched


def test_a_process_reads_only_the_cells_changed_since_its_last_read(
    db, organisation, full_workshop, no_rebuild, cells_read
):
    data = full_csv(db, organisation, 71, count=5)
    submit_random(db, full_workshop, random.Random(72), 6)
    db.commit()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    assert cells_read == []  # the first read takes them all
    cells = cell_count(db, full_workshop)
    rng = random.Random(73)
    for _ in range(3):
        submit_random(db, full_workshop, rng, 1)
        db.commit()
        assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    apply_import(db, full_workshop, data, "elsewhere.csv")
    db.commit()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    assert len(cells_read) == 4 and all(0 < n < cells for n in cells_read[:3])  # one response's cells, not all
    response = db.scalars(select(Response).where(Response.workshop_id == full_workshop.id).limit(1)).one()
    delete_response(db, response)  # cells taken away: read in full again
    db.commit()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    assert len(cells_read) == 4
    submit_random(db, full_workshop, rng, 1)
    db.commit()
    assert workshop_group(db, full_workshop) == rescored(db, full_workshop)
    assert len(cells_read) == 5


def test_cells_read_before_a_rollback_are_not_kept(db, full_workshop, no_rebuild):
    submit_random(db, full_workshop, random.Random(81), 6)
    db.commit()
    workshop_group(db, full_workshop)
    submit_random(db, full_workshop, random.Random(82), 1)
    assert workshop_group(db, full_workshop).respondents == 7  # read inside the transaction that counted it in
    db.rollback()
    submit_random(db, full_workshop, random.Random(83), 1)  # another response, counted in as the same change
    db.commit()
    group = workshop_group(db, full_workshop)
    assert group.respondents == 7 and group == rescored(db, full_workshop)


def at_once(app, workshop_id, workers):
    """Run each worker(session, workshop) in its own thread and session, all starting together; their errors."""
    start, failures = threading.Barrier(len(workers)), []

    def in_own_session(work):
        try:
            with app.app_context():
                own = session()
                workshop = own.get(Workshop, workshop_id)
                start.wait(timeout=30)
                work(own, workshop)
        except Exception as error:  # reported by the caller's assertion
            failures.append(error)

    threads = [threading.Thread(target=in_own_session, args=(work,)) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def test_two_submitters_and_an_import_at_once_are_all_counted_in(db, app, organisation, full_workshop, no_rebuild):
    data = full_csv(db, organisation, 61, count=6)
    submit_random(db, full_workshop, random.Random(62), 3)
    db.commit()

    def submitter(seed):
        def work(own, workshop):
            rng = random.Random(seed)
            for _ in range(4):
                submit_random(own, workshop, rng, 1)
                own.commit()

        return work

    def importer(own, workshop):
        apply_import(own, workshop, data, "elsewhere.csv")
        own.commit()

    def reader(own, workshop):  # a dashboard polling meanwhile: the cells it keeps are read from in the end
        for _ in range(12):
            workshop_group(own, workshop)
            own.commit()

    assert at_once(app, full_workshop.id, [submitter(63), submitter(64), importer, reader]) == []
    db.expire_all()
    group = workshop_group(db, full_workshop)
    assert group.respondents == 3 + 8 + 6 and group == rescored(db, full_workshop)
