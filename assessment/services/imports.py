"""Importing answers gathered in another tool (a CSV export, one row per respondent) into a workshop.

`check_import` is the dry run; `apply_import` re-checks the same bytes and creates one
submitted, scored response per row, all or nothing. The file's hash makes a second import
of the same file into the same workshop a no-op, even when two requests race.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypedDict

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from assessment.db import changed_rows, utcnow
from assessment.models import Response, User, Workshop
from assessment.models_imports import ImportBatch
from assessment.services.aggregates import count_in, count_out, counted, response_facts, store_facts
from assessment.services.import_columns import Column, IgnoredColumn
from assessment.services.import_mappings import mapping_for
from assessment.services.import_parse import (
    MAX_BYTES,
    MAX_ROWS,
    FileRefused,
    ParsedRow,
    Problem,
    parse_file,
)
from assessment.services.questionnaires import compiled
from assessment.services.responses import WorkshopClosed, new_token, stored_answers, submitted_fields
from scoring import Questionnaire, score_response
from scoring.answers import to_jsonable
from scoring.group import Cell

log = logging.getLogger(__name__)
IMPORT_SOURCE = "import"

__all__ = [
    "import_limits",
    "FileRefused",
    "ImportCheck",
    "ImportHasProblems",
    "apply_import",
    "check_import",
    "file_hash",
]


class ImportLimits(TypedDict):
    max_bytes: int
    max_rows: int


def import_limits(config: Any) -> ImportLimits:
    """The size and row limits, from the app's configuration (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS)."""
    return {"max_bytes": config.get("IMPORT_MAX_BYTES", MAX_BYTES), "max_rows": config.get("IMPORT_MAX_ROWS", MAX_ROWS)}


@dataclass(frozen=True)
class PreviousImport:
    file_name: str
    rows: int
    imported_at: datetime


@dataclass
class ImportCheck:
    """What a dry run found; nothing is stored."""

    file_name: str
    file_hash: str
    columns: list[Column]
    ignored: list[IgnoredColumn]
    problems: list[Problem]
    rows: list[ParsedRow]
    row_count: int
    locale: str
    already_imported: PreviousImport | None
    mapping_digest: str = ""  # the saved column mapping this dry run read the file with
    withheld_roles: int = 0  # rows without a role (or "other"): they count in the "Other" group

    @property
    def importable(self) -> int:
        """Responses an import would create: every row, or none while any row has a problem."""
        return 0 if self.problems else len(self.rows)

    @property
    def ready(self) -> bool:
        return self.importable > 0 and self.already_imported is None

    @property
    def matched(self) -> list[Column]:
        return [c for c in self.columns if c.question_id]


@dataclass(frozen=True)
class ImportOutcome:
    created: int
    file_name: str
    already_imported: PreviousImport | None = None


class ImportHasProblems(Exception):
    def __init__(self, check: ImportCheck):
        super().__init__(f"{len(check.problems)} problem(s) in {check.file_name}")
        self.check = check


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def previous_import(session: Session, workshop: Workshop, digest: str) -> PreviousImport | None:
    batch = session.scalars(
        select(ImportBatch).where(ImportBatch.workshop_id == workshop.id, ImportBatch.file_hash == digest)
    ).first()
    return None if batch is None else PreviousImport(batch.file_name, batch.rows, batch.imported_at)


def check_import(
    session: Session,
    workshop: Workshop,
    data: bytes,
    file_name: str,
    max_bytes: int = MAX_BYTES,
    max_rows: int = MAX_ROWS,
) -> ImportCheck:
    """The dry run: matched and ignored columns, every problem, what would be created. Raises FileRefused.

    Reads the file with the column mapping saved for the workshop's questionnaire version.
    """
    q = compiled(workshop.questionnaire_version)
    mapping = mapping_for(session, workshop.questionnaire_version_id)
    parsed = parse_file(q, data, max_bytes, max_rows, mapping)
    digest = file_hash(data)
    return ImportCheck(
        file_name=_file_name(file_name),
        file_hash=digest,
        columns=parsed.columns,
        ignored=parsed.ignored,
        problems=parsed.problems,
        rows=parsed.rows,
        row_count=parsed.row_count,
        locale=parsed.locale or workshop.locale,
        already_imported=previous_import(session, workshop, digest),
        mapping_digest=mapping.digest(),
        withheld_roles=parsed.withheld_roles,
    )


def _file_name(name: str) -> str:
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return "".join(c if c.isprintable() else "\ufffd" for c in base)[:200] or "upload.csv"


def apply_import(
    session: Session, workshop: Workshop, data: bytes, file_name: str, user: User | None = None, **limits: Any
) -> ImportOutcome:
    """Create the batch and one submitted response per row (flushed, not committed), or nothing.

    Raises WorkshopClosed, FileRefused or ImportHasProblems; an earlier import of the same bytes gives an
    outcome with `already_imported` and creates nothing. Call it before other changes in the
    transaction: a lost race on the batch's unique key rolls the transaction back.
    """
    if not workshop.is_open(utcnow()):
        raise WorkshopClosed()  # its results may already be shared: they must not change behind anyone's back
    check = check_import(session, workshop, data, file_name, **limits)
    if check.problems:
        raise ImportHasProblems(check)
    if check.already_imported is not None:
        return ImportOutcome(0, check.file_name, check.already_imported)
    batch = ImportBatch(
        workshop_id=workshop.id,
        file_hash=check.file_hash,
        file_name=check.file_name,
        rows=len(check.rows),
        imported_by=user.id if user else None,
    )
    session.add(batch)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()  # another request imported the same file a moment ago
        log.info("workshop %s: %s was imported concurrently; nothing added", workshop.id, check.file_name)
        return ImportOutcome(0, check.file_name, previous_import(session, workshop, check.file_hash))
    q = compiled(workshop.questionnaire_version)
    created = [_create_response(session, q, workshop, batch, row, check.locale) for row in check.rows]
    session.flush()
    facts = [(response.id, response_facts(q, response)) for response in created]
    store_facts(session, facts)
    cells = Counter[Cell]()
    for response, (_id, items) in zip(created, facts, strict=True):
        counted(response.role, items, cells)
    count_in(session, workshop.id, cells, Response.import_batch_id.is_distinct_from(batch.id))
    log.info("workshop %s: imported %d response(s) from %s", workshop.id, len(check.rows), check.file_name)
    return ImportOutcome(len(check.rows), check.file_name)


def _create_response(
    session: Session, q: Questionnaire, workshop: Workshop, batch: ImportBatch, row: ParsedRow, locale: str
) -> Response:
    """A workshop response as a participant's would be, already submitted and scored like a submission.

    Built whole rather than through `start_response` + `submit_response`, so that thousands of
    rows go to the database in one batched INSERT instead of an INSERT and an UPDATE each.
    """
    answers = to_jsonable(row.answers)
    result = score_response(q, stored_answers(q, answers))
    role = answers.get("role")
    response = Response(
        **submitted_fields(result),
        token=new_token(),
        questionnaire_version_id=workshop.questionnaire_version_id,
        workshop_id=workshop.id,
        role=role if isinstance(role, str) else None,
        team=row.team,
        label=row.label or workshop.organisation.name,
        locale=locale,
        answers=answers,
        current_page=len(q.pages),
        source=IMPORT_SOURCE,
        import_batch_id=batch.id,
    )
    session.add(response)
    return response


def batches_of(session: Session, workshop: Workshop) -> list[ImportBatch]:
    query = select(ImportBatch).where(ImportBatch.workshop_id == workshop.id).order_by(ImportBatch.imported_at)
    return list(session.scalars(query))


def undo_import(session: Session, workshop: Workshop, batch_id: int) -> ImportBatch | None:
    """Remove an imported file's responses and its record (so the file can be imported again).

    Only while the workshop is open, for the same reason an import needs it open.
    """
    batch = session.get(ImportBatch, batch_id)
    if batch is None or batch.workshop_id != workshop.id:
        return None
    if not workshop.is_open(utcnow()):
        raise WorkshopClosed()
    count_out(session, Response.import_batch_id == batch.id)
    removed = changed_rows(session, delete(Response).where(Response.import_batch_id == batch.id))
    session.delete(batch)
    session.flush()
    log.info(
        "workshop %s: import %s (%s) undone, %d responses removed", workshop.id, batch.id, batch.file_name, removed
    )
    return batch
