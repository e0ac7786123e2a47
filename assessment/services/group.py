"""A workshop's group result from its stored responses, and its anonymous exports.

The figures come from the responses' facts as the database counts them (`aggregates`), so
reading them costs the same for ten responses or a hundred thousand. They are also cached
per process, keyed by what changes them (number of submissions, newest submission, agreed
answers, the facts' generation), so a poll with nothing new computes nothing. Nothing in
the cache is needed by another process: each worker reads the same cells.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from assessment.models import SUBMITTED, AgreedAnswer, Response, Workshop
from assessment.services.aggregates import Submissions, submissions, tally_generation, workshop_cells
from assessment.services.questionnaires import compiled
from scoring import Questionnaire
from scoring.group import Comparison, GroupResult, aggregate_cells, compare_groups, row_groups
from scoring.group.stored import group_from_dict

# what a workshop's figures depend on: id, version, threshold, count and newest of submissions and agreed answers,
# the generation of its facts
Fingerprint = tuple[int, int, int, int, datetime | None, int, datetime | None, int]
_CACHE: OrderedDict[Fingerprint, GroupResult] = OrderedDict()
_CACHE_LOCK = threading.Lock()
CACHE_SIZE = 64


def _fingerprint(session: Session, workshop: Workshop, counted: Submissions) -> Fingerprint:
    count, newest = counted
    agreed_count, agreed_newest = session.execute(
        select(func.count(AgreedAnswer.id), func.max(AgreedAnswer.recorded_at)).where(
            AgreedAnswer.workshop_id == workshop.id
        )
    ).one()
    return (
        workshop.id,
        workshop.questionnaire_version_id,
        workshop.anonymity_threshold,
        count,
        newest,
        agreed_count,
        agreed_newest,
        tally_generation(session, workshop.id),
    )


def agreed_values(session: Session, workshop: Workshop) -> dict[str, Any]:
    rows = session.scalars(select(AgreedAnswer).where(AgreedAnswer.workshop_id == workshop.id))
    return {row.question_id: row.value["answer"] for row in rows}


def workshop_group(session: Session, workshop: Workshop) -> GroupResult:
    """The workshop's figures: computed from its answers, or those kept when its answers were deleted."""
    if workshop.purged_at is not None and workshop.retained is not None:
        return group_from_dict(compiled(workshop.questionnaire_version), workshop.retained)
    counted = submissions(session, workshop.id)  # read once: the key and the cells' check share it
    key = _fingerprint(session, workshop, counted)
    with _CACHE_LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    q = compiled(workshop.questionnaire_version)
    cells = workshop_cells(session, workshop, counted)
    group = aggregate_cells(q, cells, workshop.anonymity_threshold, agreed=agreed_values(session, workshop))
    with _CACHE_LOCK:
        _CACHE[key] = group
        while len(_CACHE) > CACHE_SIZE:
            _CACHE.popitem(last=False)
    return group


def baseline_of(session: Session, workshop: Workshop) -> tuple[str, date, GroupResult] | None:
    """The workshop this one follows up (title, date, group result), for a report to lead with the
    change since then; None without one, or when it belongs to another organisation."""
    baseline = session.get(Workshop, workshop.baseline_id) if workshop.baseline_id else None
    if baseline is None or baseline.organisation_id != workshop.organisation_id:
        return None
    return baseline.title, baseline.created_at.date(), workshop_group(session, baseline)


def compare_workshops(
    session: Session, baseline: Workshop, follow_up: Workshop
) -> tuple[Questionnaire, Questionnaire, Comparison]:
    """The follow-up against its baseline, with the two questionnaires it is read with."""
    base_q, follow_q = compiled(baseline.questionnaire_version), compiled(follow_up.questionnaire_version)
    comparison = compare_groups(base_q, workshop_group(session, baseline), follow_q, workshop_group(session, follow_up))
    return base_q, follow_q, comparison


def export_rows(session: Session, workshop: Workshop) -> tuple[list[str], list[list[Any]]]:
    """One row per submitted response: role and team as the anonymity rules allow, every answer, the scores.

    The dashboard's folding and subtraction rules decide what a row names (`row_groups`), so
    no set of rows with the same role and team is smaller than the workshop's threshold;
    fewer respondents than the threshold give no rows. Rows are in submission order.
    """
    q = compiled(workshop.questionnaire_version)
    rows = session.execute(
        select(Response.role, Response.team, Response.answers, Response.summary)
        .where(Response.workshop_id == workshop.id, Response.status == SUBMITTED)
        .order_by(Response.submitted_at, Response.id)
    ).all()
    labels = _export_labels([r.role for r in rows], [r.team for r in rows], workshop.anonymity_threshold)
    dims = [d.id for d in q.spec.dimensions]
    questions = [qid for qid, question in q.questions.items() if qid != "role"]
    header = ["respondent", "role", "team", "readiness_index", "maturity_level", "risk_band"]
    header += [f"score_{d}" for d in dims] + questions
    out = []
    # no labels (and so no rows) when fewer people answered than the threshold
    for number, ((role, team), (_role, _team, answers, result)) in enumerate(zip(labels, rows, strict=False), 1):
        result = result or {}
        scores = {d["id"]: d["score"] for d in result.get("dimensions", [])}
        line = [
            number,
            role or "",
            team or "",
            result.get("readiness_index"),
            result.get("maturity_level"),
            (result.get("risk_band") or {}).get("band"),
        ]
        line += [scores.get(d) for d in dims]
        line += [_flat((answers or {}).get(qid)) for qid in questions]
        out.append(line)
    return header, out


def _export_labels(
    roles: list[str | None], teams: list[str | None], threshold: int
) -> list[tuple[str | None, str | None]]:
    """Each row's role and team as the exports name them (None: not named); no rows under the threshold."""
    return row_groups([role or None for role in roles], [team or None for team in teams], threshold)


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):
        text = str(value.get("current", ""))
        return text + (f"->{value['target']}" if value.get("target") is not None else "")
    return value


def export_records(session: Session, workshop: Workshop) -> tuple[list[str], list[dict[str, Any]]]:
    """The CSV export's rows as records keyed by column, with the columns in order."""
    header, rows = export_rows(session, workshop)
    return header, [dict(zip(header, row, strict=True)) for row in rows]
