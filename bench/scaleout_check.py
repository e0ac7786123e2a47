"""What the scale-out test checks in the database and the job queue once the participants are done."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from scoring import Questionnaire

PAGE_KINDS = ("join", "page GET", "page POST", "review and submit")


class Seen(Protocol):
    """What a participant saw (scaleout_clients.Outcome)."""

    token: str
    expected: dict[str, Any]
    submitted: bool
    join_retries: int
    wants_report: bool
    report_ok: bool


def compare(rows: dict[str, tuple[str, dict[str, Any]]], outcomes: Sequence[Seen]) -> dict[str, tuple[bool, str]]:
    """`rows`: token -> (status, stored answers) of every response in the database."""
    mine = [o for o in outcomes if o.token]
    lost = [o.token for o in mine if o.token not in rows]
    wrong = [
        o.token
        for o in mine
        if o.token in rows and any(rows[o.token][1].get(qid) != value for qid, value in o.expected.items())
    ]
    unsubmitted = [o.token for o in mine if o.submitted and rows.get(o.token, ("",))[0] != "submitted"]
    known = {o.token for o in mine}
    extra_submitted = [t for t, (status, _) in rows.items() if status == "submitted" and t not in known]
    orphans = [t for t in rows if t not in known]
    retried_joins = sum(o.join_retries for o in outcomes)
    saves = sum(len(o.expected) for o in mine)
    reports = [o for o in outcomes if o.wants_report and o.submitted]
    return {
        "no accepted save lost": (
            not lost and not wrong,
            f"{saves} answers in {len(mine)} responses checked, "
            f"{len(lost)} responses missing, {len(wrong)} with an answer not as accepted",
        ),
        "every accepted submission stored once": (
            not unsubmitted and not extra_submitted,
            f"{sum(o.submitted for o in mine)} accepted, {len(unsubmitted)} not submitted in the database, "
            f"{len(extra_submitted)} submitted that nobody submitted",
        ),
        "no duplicates": (
            len(orphans) <= retried_joins,
            f"{len(orphans)} responses no participant holds, after {retried_joins} joins cut off and tried again",
        ),
        "every report delivered": (
            all(o.report_ok for o in reports),
            f"{sum(o.report_ok for o in reports)} of {len(reports)} PDFs downloaded",
        ),
    }


def check_database(url: str, redis_url: str, q: Questionnaire, outcomes: Sequence[Seen]) -> dict[str, tuple[bool, str]]:
    from redis import Redis
    from rq import Queue
    from rq.registry import FailedJobRegistry
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        found = conn.execute(text("SELECT token, status, answers FROM responses")).all()
    engine.dispose()
    rows: dict[str, tuple[str, dict[str, Any]]] = {}
    duplicated = 0
    for token, status, answers in found:
        duplicated += token in rows
        rows[token] = (status, answers if isinstance(answers, dict) else {})
    checks = compare(rows, outcomes)
    checks["one row per token"] = (duplicated == 0, f"{len(found)} rows, {duplicated} tokens stored twice")
    redis = Redis.from_url(redis_url)
    failed = FailedJobRegistry(queue=Queue("readiness", connection=redis)).count
    checks["no failed job"] = (failed == 0, f"{failed} jobs in the failed registry")
    return checks
