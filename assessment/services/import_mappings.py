"""Column mappings: how the headers and values of a survey tool's export read, as a consultant
matched them on the import page, remembered per questionnaire version for the next file."""

from __future__ import annotations

import logging

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from assessment.models import User
from assessment.models_imports import ImportMapping
from assessment.services.import_columns import ColumnMapping
from assessment.services.import_table import normal

log = logging.getLogger(__name__)
SOURCE_LIMIT = 300  # characters of a header or value kept as a mapping's key
COLUMN, VALUE = "column", "value"


def mapping_for(session: Session, version_id: int) -> ColumnMapping:
    rows = session.scalars(select(ImportMapping).where(ImportMapping.questionnaire_version_id == version_id))
    mapping = ColumnMapping()
    for row in rows:
        if row.kind == COLUMN:
            mapping.columns[row.source] = row.target
        else:
            mapping.values[(row.question_id, row.source)] = row.target
    return mapping


def _key(text: str) -> str:
    return normal(text)[:SOURCE_LIMIT]


def save_mapping(
    session: Session,
    version_id: int,
    user: User | None,
    columns: dict[str, str | None],
    values: dict[tuple[str, str], str | None],
) -> int:
    """Store what was matched (None forgets a header or value); returns how many entries changed. Flushes."""
    changed = 0
    for source, target in columns.items():
        changed += _put(session, version_id, user, COLUMN, "", _key(source), target)
    for (question_id, source), target in values.items():
        changed += _put(session, version_id, user, VALUE, question_id, _key(source), target)
    session.flush()
    if changed:
        log.info("questionnaire version %s: %d import mapping entries changed", version_id, changed)
    return changed


def _put(
    session: Session, version_id: int, user: User | None, kind: str, question_id: str, source: str, target: str | None
) -> int:
    where = (
        ImportMapping.questionnaire_version_id == version_id,
        ImportMapping.kind == kind,
        ImportMapping.question_id == question_id,
        ImportMapping.source == source,
    )
    row = session.scalars(select(ImportMapping).where(*where)).first()
    if target is None:
        if row is None:
            return 0
        session.execute(delete(ImportMapping).where(*where))
        return 1
    if row is not None and row.target == target:
        return 0
    if row is None:
        session.add(
            ImportMapping(
                questionnaire_version_id=version_id,
                kind=kind,
                question_id=question_id,
                source=source,
                target=target,
                updated_by=user.id if user else None,
            )
        )
    else:
        row.target = target
        row.updated_by = user.id if user else None
    return 1
