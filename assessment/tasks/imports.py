"""Large CSV imports run in the background; the person who started them watches the progress."""

from __future__ import annotations

import base64
from typing import Any

from assessment.db import session
from assessment.jobqueue import report_progress
from assessment.models import User, Workshop
from assessment.services.imports import ImportHasProblems, apply_import


def import_file(workshop_id: int, user_id: int, content: str, file_name: str, limits: dict[str, int]) -> dict[str, Any]:
    workshop = session().get(Workshop, workshop_id)
    if workshop is None:
        raise LookupError(f"workshop {workshop_id} is gone")
    report_progress(0, 1)
    data = base64.b64decode(content)
    try:
        outcome = apply_import(session(), workshop, data, file_name, session().get(User, user_id), **limits)
    except ImportHasProblems as bad:
        return {"created": 0, "file_name": file_name, "problems": len(bad.check.problems)}
    session().commit()
    report_progress(1, 1)
    already = outcome.already_imported
    return {
        "created": outcome.created,
        "file_name": outcome.file_name,
        "already_imported": already.imported_at.isoformat() if already is not None else None,
        "workshop_id": workshop_id,
    }
