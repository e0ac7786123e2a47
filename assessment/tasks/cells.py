"""Counting the dashboards' facts of workshops whose cells are behind, in the background.

After the upgrade to revision 0011, responses submitted before it have no facts and their
workshops no cells; this job stores the facts and counts the cells one workshop at a time
(a commit each), so no dashboard reader has to. `readiness responses cells` starts it, and
scripts/start and scripts/serve run that command after `readiness db upgrade`.
"""

from __future__ import annotations

import logging
from typing import Any

from assessment.db import session
from assessment.jobqueue import report_progress
from assessment.models import Workshop
from assessment.services.aggregates import catch_up, workshops_behind

log = logging.getLogger(__name__)


def count_cells() -> dict[str, Any]:
    ids = workshops_behind(session())
    session().rollback()  # no snapshot held between workshops
    report_progress(0, len(ids))
    for done, workshop_id in enumerate(ids, 1):
        workshop = session().get(Workshop, workshop_id)
        if workshop is not None:
            catch_up(session(), workshop)
        session().commit()
        report_progress(done, len(ids))
    if ids:
        log.info("dashboard cells counted for %d workshop(s) that were behind", len(ids))
    return {"workshops": len(ids)}
