"""Re-scoring a questionnaire version's stored responses in the background, in batches, with progress."""

from __future__ import annotations

import logging
from typing import Any

from assessment.db import session
from assessment.jobqueue import report_progress
from assessment.models import QuestionnaireVersion
from assessment.services.rescoring import rescore_batch, submitted_ids

log = logging.getLogger(__name__)
BATCH = 500


def rescore_version(version_id: int, batch: int = BATCH) -> dict[str, Any]:
    version = session().get(QuestionnaireVersion, version_id)
    if version is None:
        raise LookupError(f"questionnaire version {version_id} is gone")
    ids = submitted_ids(session(), version_id)
    report_progress(0, len(ids))
    done = 0
    for start in range(0, len(ids), batch):
        done += rescore_batch(session(), version, ids[start : start + batch])
        session().commit()
        report_progress(min(start + batch, len(ids)), len(ids))
    log.info("%s version %s: %d response(s) scored again", version.questionnaire_id, version.version, done)
    return {"rescored": done, "version_id": version_id}
