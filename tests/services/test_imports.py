"""Importing a CSV into a workshop: a dry run stores nothing, an import is all or nothing, once per
file and workshop, and can be undone; a closed workshop takes none."""

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from assessment.models import SUBMITTED, Response
from assessment.models_imports import ImportBatch
from assessment.services.imports import (
    IMPORT_SOURCE,
    FileRefused,
    ImportHasProblems,
    apply_import,
    batches_of,
    check_import,
    file_hash,
    undo_import,
)
from assessment.services.responses import WorkshopClosed, result_of
from assessment.services.workshops import close_workshop, create_workshop, reopen_workshop
from tests.support.csv_files import PULSE_ANSWERS, csv_bytes
from tests.support.records import submitted

HEADER, ROW = list(PULSE_ANSWERS), list(PULSE_ANSWERS.values())
THREE_ROWS = csv_bytes([HEADER, ROW, ROW, ROW])


def stored(db) -> tuple[int, int]:
    """(responses, import batches) in the database."""
    return db.scalar(select(func.count(Response.id))), db.scalar(select(func.count(ImportBatch.id)))


def test_a_dry_run_matches_columns_counts_rows_and_stores_nothing(db, workshop):
    check = check_import(db, workshop, csv_bytes([[*HEADER, "Start time"], [*ROW, "9:00"]]), "C:\\exports\\a.csv")
    assert {c.question_id for c in check.matched} >= {"role", "owner", "wiifm"}
    assert [(c.name, c.reason) for c in check.ignored] == [("Start time", "unmatched")]
    assert check.problems == [] and check.importable == 1 and check.ready
    assert check.file_name == "a.csv" and check.already_imported is None
    assert stored(db) == (0, 0)


def test_a_file_with_one_bad_row_imports_nothing(db, workshop):
    bad = [{"owner": "the janitor"}.get(k, v) for k, v in PULSE_ANSWERS.items()]
    data = csv_bytes([HEADER, ROW, bad, ROW])
    check = check_import(db, workshop, data, "a.csv")
    assert [(p.row, p.column) for p in check.problems] == [(3, "owner")]  # rows as a spreadsheet numbers them
    assert check.importable == 0 and not check.ready
    with pytest.raises(ImportHasProblems):
        apply_import(db, workshop, data, "a.csv")
    assert stored(db) == (0, 0)


def test_a_file_that_is_not_a_table_is_refused(db, workshop):
    with pytest.raises(FileRefused):
        check_import(db, workshop, b"\x00\x01\x02" * 100, "a.csv")


def test_imported_rows_become_submitted_responses_scored_like_browser_answers(db, workshop, pulse_version):
    outcome = apply_import(db, workshop, THREE_ROWS, "a.csv")
    assert outcome.created == 3 and outcome.already_imported is None
    rows = db.scalars(select(Response).where(Response.workshop_id == workshop.id)).all()
    browser = submitted(db, pulse_version)  # the same answers given through the pages
    assert len(rows) == 3
    for row in rows:
        assert row.status == SUBMITTED and row.source == IMPORT_SOURCE and row.role == "it"
        assert row.readiness_index == browser.readiness_index and row.result == browser.result
        assert result_of(row)[2].to_dict() == row.result
    assert [(b.file_name, b.rows, b.file_hash) for b in batches_of(db, workshop)] == [
        ("a.csv", 3, file_hash(THREE_ROWS))
    ]


def test_the_same_file_is_imported_once_per_workshop(db, organisation, workshop, pulse_version):
    apply_import(db, workshop, THREE_ROWS, "a.csv")
    again = apply_import(db, workshop, THREE_ROWS, "renamed.csv")
    assert again.created == 0 and again.already_imported.file_name == "a.csv"
    assert check_import(db, workshop, THREE_ROWS, "b.csv").already_imported is not None
    assert stored(db) == (3, 1)
    other = create_workshop(db, organisation, pulse_version, "Another room")
    assert apply_import(db, other, THREE_ROWS, "a.csv").created == 3  # another workshop takes it
    assert stored(db) == (6, 2)


def test_the_database_holds_one_batch_per_file_and_workshop(db, workshop):
    """What keeps two requests racing with the same file from importing it twice."""
    digest = file_hash(THREE_ROWS)
    db.add(ImportBatch(workshop_id=workshop.id, file_hash=digest, file_name="a.csv", rows=3))
    db.flush()
    db.add(ImportBatch(workshop_id=workshop.id, file_hash=digest, file_name="b.csv", rows=3))
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()


def test_undo_removes_the_file_s_responses_only_and_the_file_can_come_again(db, workshop, pulse_version):
    browser = submitted(db, pulse_version, workshop=workshop)
    apply_import(db, workshop, THREE_ROWS, "a.csv")
    batch = batches_of(db, workshop)[0]
    assert undo_import(db, workshop, batch.id) is batch
    assert db.scalars(select(Response.id)).all() == [browser.id] and batches_of(db, workshop) == []
    assert undo_import(db, workshop, batch.id) is None  # gone
    assert apply_import(db, workshop, THREE_ROWS, "a.csv").created == 3


def test_a_batch_of_another_workshop_is_not_undone(db, organisation, workshop, pulse_version):
    apply_import(db, workshop, THREE_ROWS, "a.csv")
    other = create_workshop(db, organisation, pulse_version, "Another room")
    assert undo_import(db, other, batches_of(db, workshop)[0].id) is None
    assert stored(db) == (3, 1)


def test_a_closed_workshop_takes_no_import_and_no_undo_until_reopened(db, workshop):
    apply_import(db, workshop, THREE_ROWS, "a.csv")
    batch = batches_of(db, workshop)[0]
    close_workshop(db, workshop)
    two_rows = csv_bytes([HEADER, ROW, ROW])
    with pytest.raises(WorkshopClosed):
        apply_import(db, workshop, two_rows, "b.csv")
    with pytest.raises(WorkshopClosed):
        undo_import(db, workshop, batch.id)
    assert stored(db) == (3, 1)
    reopen_workshop(db, workshop)
    assert apply_import(db, workshop, two_rows, "b.csv").created == 2
