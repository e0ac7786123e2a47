"""What dashboards count, kept in the database: each submitted response's facts, and per
workshop those facts counted with SQL GROUP BY.

A submission stores its facts once and adds them to its workshop's cells; a dashboard reads
the cells (a few thousand rows, however many responded). When the cells are behind what was
submitted (an import, a deletion, a re-scoring, responses from before the cells existed),
the next reader rebuilds them from the stored facts in one INSERT ... SELECT ... GROUP BY.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, func, insert, literal, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from assessment.models import SUBMITTED, Response, Workshop
from assessment.models_aggregates import ResponseFact, WorkshopCell, WorkshopTally
from assessment.services.questionnaires import compiled
from scoring import Questionnaire
from scoring.group import Cell, Cells, Fact, Participant, participant_facts

log = logging.getLogger(__name__)

Submissions = tuple[int, datetime | None]  # how many are submitted, and the newest submission time
CELL_COLUMNS = ("role", "kind", "key", "text", "num")


def response_facts(q: Questionnaire, response: Response) -> list[Fact]:
    """The facts a response's stored answers and summary give, on the version it was answered on."""
    participant = Participant.from_result_dict(
        response.role, response.team, response.answers or {}, response.summary or {}
    )
    return participant_facts(q, participant)


def store_facts(session: Session, facts: Iterable[tuple[int, list[Fact]]]) -> None:
    """Write the facts of responses (by id) in one batched INSERT."""
    rows = [
        {"response_id": response_id, "kind": kind, "key": key, "text": text, "num": num}
        for response_id, items in facts
        for kind, key, text, num in items
    ]
    if rows:
        session.execute(insert(ResponseFact), rows)


def submissions(session: Session, workshop_id: int) -> Submissions:
    count, newest = session.execute(
        select(func.count(Response.id), func.max(Response.submitted_at)).where(
            Response.workshop_id == workshop_id, Response.status == SUBMITTED
        )
    ).one()
    return int(count), newest


def record_submission(session: Session, response: Response, before: Submissions | None) -> None:
    """Store a just-submitted response's facts and, when its workshop's cells were current, count them in.

    `before`: the workshop's submissions as they were before this one (None: not a workshop's).
    """
    facts = response_facts(compiled(response.questionnaire_version), response)
    store_facts(session, [(response.id, facts)])
    if response.workshop_id is None or before is None:
        return
    tally = session.get(WorkshopTally, response.workshop_id)
    if tally is None or (tally.responses, tally.newest) != before:
        return  # behind already: the next reader rebuilds
    counted = Counter((response.role or "", *fact) for fact in facts)
    _upsert_cells(session, response.workshop_id, counted)
    tally.responses, tally.newest = submissions(session, response.workshop_id)
    session.flush()


def workshop_cells(session: Session, workshop: Workshop) -> tuple[Cells, int]:
    """The workshop's counted facts, rebuilt first when they are behind; and their generation."""
    now = submissions(session, workshop.id)
    tally = session.get(WorkshopTally, workshop.id)
    if tally is None or (tally.responses, tally.newest) != now:
        tally = _rebuild(session, workshop, now)
    cells = WorkshopCell.__table__.c
    rows = session.connection().execute(  # core rows: a large workshop has tens of thousands of cells
        select(cells.role, cells.kind, cells.key, cells.text, cells.num, cells.count).where(
            cells.workshop_id == workshop.id
        )
    )
    return Cells.of_rows(rows), tally.generation


def tally_generation(session: Session, workshop_id: int) -> int:
    """Grows whenever the workshop's facts change under the same submissions (see `WorkshopTally`)."""
    generation = session.scalar(select(WorkshopTally.generation).where(WorkshopTally.workshop_id == workshop_id))
    return generation or 0


def mark_behind(session: Session, workshop_ids: Iterable[int]) -> None:
    """The facts of these workshops changed: rebuild their cells at the next read."""
    ids = list(workshop_ids)
    if ids:
        session.execute(
            update(WorkshopTally)
            .where(WorkshopTally.workshop_id.in_(ids))
            .values(responses=-1, generation=WorkshopTally.generation + 1)
            .execution_options(synchronize_session=False)
        )


def _rebuild(session: Session, workshop: Workshop, now: Submissions) -> WorkshopTally:
    missing = list(
        session.scalars(
            select(Response).where(
                Response.workshop_id == workshop.id,
                Response.status == SUBMITTED,
                ~exists().where(ResponseFact.response_id == Response.id),
            )
        )
    )
    if missing:
        q = compiled(workshop.questionnaire_version)
        store_facts(session, [(response.id, response_facts(q, response)) for response in missing])
        log.info("workshop %s: facts stored for %d earlier response(s)", workshop.id, len(missing))
    session.execute(delete(WorkshopCell).where(WorkshopCell.workshop_id == workshop.id))
    role = func.coalesce(Response.role, "")
    grouped = (
        select(
            literal(workshop.id),
            role,
            ResponseFact.kind,
            ResponseFact.key,
            ResponseFact.text,
            ResponseFact.num,
            func.count(),
        )
        .join(Response, Response.id == ResponseFact.response_id)
        .where(Response.workshop_id == workshop.id, Response.status == SUBMITTED)
        .group_by(role, ResponseFact.kind, ResponseFact.key, ResponseFact.text, ResponseFact.num)
    )
    columns = ["workshop_id", *CELL_COLUMNS, "count"]
    session.execute(_counting(_insert(session, WorkshopCell).from_select(columns, grouped), replace=True))
    session.execute(
        _insert(session, WorkshopTally)
        .values(workshop_id=workshop.id, responses=-1, generation=0)
        .on_conflict_do_nothing(index_elements=["workshop_id"])
    )
    session.execute(
        update(WorkshopTally)
        .where(WorkshopTally.workshop_id == workshop.id)
        .values(responses=now[0], newest=now[1])
        .execution_options(synchronize_session=False)
    )
    log.info("workshop %s: dashboard cells rebuilt for %d response(s)", workshop.id, now[0])
    found = session.get(WorkshopTally, workshop.id, populate_existing=True)
    assert found is not None  # inserted above when it was not there
    return found


def _upsert_cells(session: Session, workshop_id: int, counted: Counter[Cell]) -> None:
    rows = [dict(zip(CELL_COLUMNS, cell, strict=True), workshop_id=workshop_id, count=n) for cell, n in counted.items()]
    session.execute(_counting(_insert(session, WorkshopCell), replace=False), rows)


def _insert(session: Session, table: type[WorkshopCell] | type[WorkshopTally]) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _counting(statement: Any, *, replace: bool) -> Any:
    """The cells' INSERT adding to (or, with `replace`, overwriting) the count of a cell that exists."""
    count = statement.excluded.count if replace else WorkshopCell.count + statement.excluded.count
    return statement.on_conflict_do_update(index_elements=["workshop_id", *CELL_COLUMNS], set_={"count": count})
