"""What dashboards count, kept in the database: each submitted response's facts, and per
workshop those facts counted with SQL GROUP BY.

Every change to a workshop's submissions counts itself in or out of its cells while it
happens: a submission and an import add their facts, a deletion or an undone import takes
the gone responses' facts out, a re-scoring swaps old facts for new. `WorkshopTally` says
which submissions the cells count; a change locks it first, so two changes at once follow
each other. Cells found behind (responses from before the facts existed) are rebuilt from
the stored facts by the background job (`assessment.tasks.cells`); a reader that still finds
them behind rebuilds them itself and logs a warning.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, event, exists, func, insert, literal, select, update
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


def counted(role: str | None, facts: Iterable[Fact], into: Counter[Cell] | None = None) -> Counter[Cell]:
    """Facts of one response as cells (role "" for none), added to `into`."""
    cells = into if into is not None else Counter()
    cells.update((role or "", *fact) for fact in facts)
    return cells


def submissions(session: Session, workshop_id: int, *only: ColumnElement[bool]) -> Submissions:
    """How many of the workshop's responses are submitted and the newest submission, of those matching `only`."""
    count, newest = session.execute(  # count(*): answered from the index alone (count(id) reads every row)
        select(func.count(), func.max(Response.submitted_at)).where(
            Response.workshop_id == workshop_id, Response.status == SUBMITTED, *only
        )
    ).one()
    return int(count), newest


def record_submission(session: Session, response: Response) -> None:
    """Store a just-submitted response's facts and count them into its workshop's cells when they were current."""
    facts = response_facts(compiled(response.questionnaire_version), response)
    store_facts(session, [(response.id, facts)])
    if response.workshop_id is not None:
        count_in(session, response.workshop_id, counted(response.role, facts), Response.id != response.id)


def count_in(session: Session, workshop_id: int, cells: Counter[Cell], others: ColumnElement[bool]) -> bool:
    """Add just-submitted responses' cells when the workshop's cells counted every submission `others`
    selects (those before these); then the tally counts these too. False: the cells were behind."""
    tally, _created = locked_tally(session, workshop_id)
    if _state(tally) != submissions(session, workshop_id, others):
        return False  # behind already: the background job (or, last, a reader) rebuilds them
    _add(session, tally, cells)
    tally.responses, tally.newest = submissions(session, workshop_id)
    session.flush()
    return True


def count_out(session: Session, chosen: ColumnElement[bool]) -> None:
    """Before the responses `chosen` selects are deleted: take their facts out of their workshops' cells
    (one GROUP BY over just their facts per workshop), when those cells were current."""
    workshop_ids = session.scalars(
        select(Response.workshop_id).where(chosen, Response.workshop_id.is_not(None)).distinct()
    )
    others = Response.id.not_in(select(Response.id).where(chosen))
    for workshop_id in sorted(i for i in workshop_ids if i is not None):  # one order: two deletions cannot deadlock
        tally, _created = locked_tally(session, workshop_id)
        if _state(tally) == submissions(session, workshop_id):
            gone = Counter[Cell]()
            gone.subtract(_stored_cells(session, workshop_id, chosen))
            _add(session, tally, gone)
            tally.generation += 1  # cells taken away: what processes kept is read again
            tally.responses, tally.newest = submissions(session, workshop_id, others)
            session.flush()


def clear_cells(session: Session, workshop_id: int) -> None:
    """All of the workshop's responses are going: its cells count nothing."""
    tally, _created = locked_tally(session, workshop_id)
    session.execute(delete(WorkshopCell).where(WorkshopCell.workshop_id == workshop_id))
    tally.responses, tally.newest, tally.generation = 0, None, tally.generation + 1
    session.flush()


def replace_facts(session: Session, q: Questionnaire, responses: list[Response]) -> None:
    """Re-scored responses: their old facts out of the stored facts and their workshops' cells, the new in.

    Submissions do not change, so the tally's generation grows: figures cached for the old facts go.
    """
    new = {response.id: response_facts(q, response) for response in responses}
    by_workshop: dict[int, list[Response]] = {}
    for response in responses:
        if response.workshop_id is not None:
            by_workshop.setdefault(response.workshop_id, []).append(response)
    for workshop_id in sorted(by_workshop):
        tally, _created = locked_tally(session, workshop_id)
        tally.generation += 1
        if _state(tally) != submissions(session, workshop_id):
            continue  # behind: rebuilt from the new facts later
        mine = by_workshop[workshop_id]
        cells = Counter[Cell]()
        for response in mine:
            counted(response.role, new[response.id], cells)
        cells.subtract(_stored_cells(session, workshop_id, Response.id.in_([r.id for r in mine])))
        _add(session, tally, cells)
    session.execute(delete(ResponseFact).where(ResponseFact.response_id.in_(list(new))))
    store_facts(session, new.items())
    session.flush()


def locked_tally(session: Session, workshop_id: int) -> tuple[WorkshopTally, bool]:
    """The workshop's tally, locked until the transaction ends (made, counting nothing, when missing).

    The no-op UPDATE takes PostgreSQL's row lock, and SQLite's write lock, before anything is
    compared: a change waits for another one in progress and then sees it.
    """
    made = session.execute(  # RETURNING: a row when made (rowcount is not reliable for ON CONFLICT here)
        _insert(session, WorkshopTally)
        .values(workshop_id=workshop_id, responses=0, newest=None, generation=0)
        .on_conflict_do_nothing(index_elements=["workshop_id"])
        .returning(WorkshopTally.workshop_id)
    ).first()
    if made is not None:
        session.execute(delete(WorkshopCell).where(WorkshopCell.workshop_id == workshop_id))
    else:
        session.execute(
            update(WorkshopTally)
            .where(WorkshopTally.workshop_id == workshop_id)
            .values(responses=WorkshopTally.responses)
            .execution_options(synchronize_session=False)
        )
    tally = session.get(WorkshopTally, workshop_id, populate_existing=True)
    assert tally is not None  # made above when it was not there
    session.info.setdefault(_CHANGING, set()).add(workshop_id)
    return tally, made is not None


@dataclass(frozen=True, slots=True)
class _Kept:
    changes: int  # the tally's `changes` these cells were read at
    cells: Cells


# a workshop's cells as this process last read them, by (workshop, when it was made, generation)
_KEPT: OrderedDict[tuple[int, datetime, int], _Kept] = OrderedDict()
_KEPT_LOCK = threading.Lock()
KEPT_WORKSHOPS = 32
_CHANGING = "aggregates.changing"  # session.info: the workshops whose tally this transaction has locked


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_rollback")
def _changes_ended(session: Session) -> None:
    session.info.pop(_CHANGING, None)


def workshop_cells(session: Session, workshop: Workshop, counted: Submissions | None = None) -> Cells:
    """The workshop's counted facts (caught up first if they are behind).
    `counted`: the workshop's submissions as the caller just read them; read again when the tally
    differs (on PostgreSQL a submission may have committed since, counting itself in).

    The process keeps the cells it read; when only counts were added since (the same
    generation), it reads just the cells those changed. A cell read later than the tally may
    already hold a newer count; the next read replaces it again, since a cell holds its count,
    not a difference.
    """
    tally = session.get(WorkshopTally, workshop.id)
    if tally is None or (_state(tally) != counted and _state(tally) != submissions(session, workshop.id)):
        tally = catch_up(session, workshop, in_request=True)
    # cells this transaction changes may yet be rolled back: neither kept nor taken from what was kept
    keep = workshop.id not in session.info.get(_CHANGING, ())
    key = (workshop.id, workshop.created_at, tally.generation)
    with _KEPT_LOCK:
        kept = _KEPT.get(key) if keep else None
    if kept is not None and kept.changes == tally.changes:
        return kept.cells
    cells = WorkshopCell.__table__.c
    query = select(cells.role, cells.kind, cells.key, cells.text, cells.num, cells.count).where(
        cells.workshop_id == workshop.id
    )
    if kept is not None and kept.changes < tally.changes:
        rows = session.connection().execute(query.where(cells.change > kept.changes)).all()
        now = kept.cells.updated(rows)
    else:  # core rows, fetched at once: a large workshop has tens of thousands of cells
        now = Cells.of_rows(session.connection().execute(query).all())
    if not keep:
        return now
    with _KEPT_LOCK:
        _KEPT[key] = _Kept(tally.changes, now)
        _KEPT.move_to_end(key)
        while len(_KEPT) > KEPT_WORKSHOPS:
            _KEPT.popitem(last=False)
    return now


def forget_kept_cells() -> None:
    """Drop every workshop's cells this process kept (benchmarks and tests measure a first read)."""
    with _KEPT_LOCK:
        _KEPT.clear()


def tally_generation(session: Session, workshop_id: int) -> int:
    """Grows whenever the workshop's cells are taken away or counted anew (see `WorkshopTally`)."""
    generation = session.scalar(select(WorkshopTally.generation).where(WorkshopTally.workshop_id == workshop_id))
    return generation or 0


def workshops_behind(session: Session) -> list[int]:
    """Workshops (answers not deleted) whose cells do not count exactly their submissions; oldest first."""
    subs = (
        select(
            Response.workshop_id.label("workshop_id"),
            func.count(Response.id).label("count"),
            func.max(Response.submitted_at).label("newest"),
        )
        .where(Response.status == SUBMITTED, Response.workshop_id.is_not(None))
        .group_by(Response.workshop_id)
        .subquery()
    )
    rows = session.execute(
        select(Workshop.id, subs.c.count, subs.c.newest, WorkshopTally.responses, WorkshopTally.newest)
        .outerjoin(subs, subs.c.workshop_id == Workshop.id)
        .outerjoin(WorkshopTally, WorkshopTally.workshop_id == Workshop.id)
        .where(Workshop.purged_at.is_(None))
        .order_by(Workshop.id)
    )
    return [
        workshop_id
        for workshop_id, count, newest, tallied, tallied_newest in rows
        if (count or 0, newest) != (tallied if tallied is not None else 0, tallied_newest)
    ]


def catch_up(session: Session, workshop: Workshop, *, in_request: bool = False) -> WorkshopTally:
    """Rebuild the workshop's cells from its stored facts if they are (still, once locked) behind."""
    tally, made = locked_tally(session, workshop.id)
    now = submissions(session, workshop.id)
    if _state(tally) == now:
        return tally  # nothing to count, or another process caught up meanwhile
    if in_request:
        log.warning(
            "workshop %s: dashboard cells behind (%s); rebuilding them in this request",
            workshop.id,
            _cause(session, workshop.id, tally, made, now),
        )
    return rebuild_cells(session, workshop, tally, now)


def rebuild_cells(session: Session, workshop: Workshop, tally: WorkshopTally, now: Submissions) -> WorkshopTally:
    """Count every stored fact of the workshop again (one INSERT ... SELECT ... GROUP BY); `tally` is locked."""
    missing = list(session.scalars(select(Response).where(*_submitted_of(workshop.id), _without_facts())))
    if missing:
        q = compiled(workshop.questionnaire_version)
        store_facts(session, [(response.id, response_facts(q, response)) for response in missing])
        log.info("workshop %s: facts stored for %d earlier response(s)", workshop.id, len(missing))
    session.execute(delete(WorkshopCell).where(WorkshopCell.workshop_id == workshop.id))
    role = func.coalesce(Response.role, "")
    grouped = (
        select(literal(workshop.id), role, *_fact_columns(), func.count())
        .join(Response, Response.id == ResponseFact.response_id)
        .where(*_submitted_of(workshop.id))
        .group_by(role, *_fact_columns())
    )
    columns = ["workshop_id", *CELL_COLUMNS, "count"]
    session.execute(_counting(_insert(session, WorkshopCell).from_select(columns, grouped), replace=True))
    tally.responses, tally.newest, tally.generation = now[0], now[1], tally.generation + 1
    session.flush()
    log.info("workshop %s: dashboard cells rebuilt for %d response(s)", workshop.id, now[0])
    return tally


def _cause(session: Session, workshop_id: int, tally: WorkshopTally, made: bool, now: Submissions) -> str:
    """Why the cells were behind, for the log line of a rebuild in a request."""
    missing = session.scalar(select(func.count(Response.id)).where(*_submitted_of(workshop_id), _without_facts()))
    if missing:
        return f"{missing} response(s) without stored facts, from before revision 0011; run 'readiness responses cells'"
    if made:
        return "never counted since the upgrade; run 'readiness responses cells'"
    if tally.responses < 0:
        return "marked behind by an earlier version of the application; run 'readiness responses cells'"
    return f"they count {tally.responses} response(s) up to {tally.newest}, {now[0]} are submitted up to {now[1]}"


def _state(tally: WorkshopTally) -> Submissions:
    return tally.responses, tally.newest


def _submitted_of(workshop_id: int) -> tuple[ColumnElement[bool], ColumnElement[bool]]:
    return Response.workshop_id == workshop_id, Response.status == SUBMITTED


def _without_facts() -> ColumnElement[bool]:
    return ~exists().where(ResponseFact.response_id == Response.id)


def _fact_columns() -> tuple[Any, ...]:
    return ResponseFact.kind, ResponseFact.key, ResponseFact.text, ResponseFact.num


def _stored_cells(session: Session, workshop_id: int, chosen: ColumnElement[bool]) -> Counter[Cell]:
    """The stored facts of the chosen submitted responses, counted as cells (one GROUP BY)."""
    role = func.coalesce(Response.role, "")
    rows = session.execute(
        select(role, *_fact_columns(), func.count())
        .join(Response, Response.id == ResponseFact.response_id)
        .where(*_submitted_of(workshop_id), chosen)
        .group_by(role, *_fact_columns())
    )
    return Counter({(r, kind, key, text, num): n for r, kind, key, text, num, n in rows})


def _add(session: Session, tally: WorkshopTally, cells: Counter[Cell]) -> None:
    """Add counts (negative ones take away) to the workshop's cells; `tally` is locked.

    The cells moved are marked with the tally's next `changes`, so that a process which kept
    the cells reads only those. Cells reaching 0 go: a caller that takes counts away raises the
    generation, since a process cannot see a cell that is no longer there and must read them all.
    """
    workshop_id, change = tally.workshop_id, tally.changes + 1
    rows = [
        dict(zip(CELL_COLUMNS, cell, strict=True), workshop_id=workshop_id, count=n, change=change)
        for cell, n in cells.items()
        if n
    ]
    if rows:
        tally.changes = change
        session.execute(_counting(_insert(session, WorkshopCell), replace=False), rows)
    if any(n < 0 for n in cells.values()):
        session.execute(delete(WorkshopCell).where(WorkshopCell.workshop_id == workshop_id, WorkshopCell.count <= 0))


def _insert(session: Session, table: type[WorkshopCell] | type[WorkshopTally]) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL spell it alike)."""
    dialect = session.get_bind().dialect.name
    return (postgresql if dialect == "postgresql" else sqlite).insert(table)


def _counting(statement: Any, *, replace: bool) -> Any:
    """The cells' INSERT adding to (or, with `replace`, overwriting) the count of a cell that exists."""
    count = statement.excluded.count if replace else WorkshopCell.count + statement.excluded.count
    return statement.on_conflict_do_update(
        index_elements=["workshop_id", *CELL_COLUMNS], set_={"count": count, "change": statement.excluded.change}
    )
