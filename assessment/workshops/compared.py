"""Which workshop a follow-up is compared with, for the compare page and its PDF."""

from __future__ import annotations

from flask import abort, request

from assessment.db import session
from assessment.models import Workshop
from assessment.security import bounded_id


def baseline_or_404(workshop: Workshop) -> Workshop:
    """`?with=` or the follow-up's own baseline, of the same organisation; 404 when there is none."""
    other_id = bounded_id(request.args.get("with", type=int)) or workshop.baseline_id
    baseline = session().get(Workshop, other_id) if other_id else None
    if baseline is None or baseline.organisation_id != workshop.organisation_id:
        abort(404)
    return baseline
