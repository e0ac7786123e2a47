"""A follow-up workshop set against its baseline: what moved, and what could not be compared."""

from __future__ import annotations

from scoring.format.schema import VersionMapping
from scoring.group.results import (
    Comparison,
    Delta,
    DimensionDelta,
    GroupResult,
    NotCompared,
    QuestionDelta,
    QuestionStat,
    Reason,
    RiskDelta,
)
from scoring.model import Question, Questionnaire


def compare_groups(
    base_q: Questionnaire,
    base: GroupResult,
    follow_q: Questionnaire,
    follow: GroupResult,
    question_map: dict[str, str | None] | None = None,
) -> Comparison:
    """A follow-up workshop against its baseline.

    `question_map` maps baseline question ids to follow-up ids (None: dropped). Without
    one, the follow-up file's own `maps_from` entry for the baseline's version is used
    when both are versions of the same questionnaire; otherwise questions match by id.
    """
    if base.suppressed or follow.suppressed:
        return Comparison(base_respondents=base.respondents, follow_respondents=follow.respondents, suppressed=True)
    if question_map is None:
        question_map = _file_map(base_q, follow_q)
    not_compared: list[NotCompared] = []
    return Comparison(
        base_respondents=base.respondents,
        follow_respondents=follow.respondents,
        suppressed=False,
        index=_index_delta(base, follow),
        dimensions=_dimension_deltas(base, follow, not_compared),
        risks=_risk_deltas(base_q, base, follow_q, follow, not_compared),
        questions=_question_deltas(base_q, base, follow_q, follow, question_map, not_compared),
        not_compared=not_compared,
    )


def _file_map(base_q: Questionnaire, follow_q: Questionnaire) -> dict[str, str | None]:
    mapping = file_mapping(base_q, follow_q)
    return dict(mapping.questions) if mapping else {}


def file_mapping(base_q: Questionnaire, follow_q: Questionnaire) -> VersionMapping | None:
    """The follow-up file's `maps_from` entry for the baseline's version (versions of one questionnaire only)."""
    if base_q.id != follow_q.id:
        return None
    for mapping in follow_q.spec.maps_from:
        if mapping.version == base_q.version:
            return mapping
    return None


def _delta(base: float | None, follow: float | None) -> float | None:
    return None if base is None or follow is None else follow - base


def _index_delta(base: GroupResult, follow: GroupResult) -> Delta:
    base_mean = base.index.mean if base.index else None
    follow_mean = follow.index.mean if follow.index else None
    return Delta(base_mean, follow_mean, _delta(base_mean, follow_mean))


def _dimension_deltas(base: GroupResult, follow: GroupResult, not_compared: list[NotCompared]) -> list[DimensionDelta]:
    follow_means = {d.id: d.mean for d in follow.dimensions}
    deltas = []
    for dim in base.dimensions:
        if dim.id not in follow_means:
            not_compared.append(NotCompared("dimension", dim.id, Reason.NOT_IN_FOLLOW_UP))
            continue
        now = follow_means[dim.id]
        if dim.mean is None or now is None:
            side = Reason.NO_SCORES_IN_BASELINE if dim.mean is None else Reason.NO_SCORES_IN_FOLLOW_UP
            not_compared.append(NotCompared("dimension", dim.id, side))
        else:
            deltas.append(DimensionDelta(dim.id, dim.mean, now, now - dim.mean))
    base_ids = {d.id for d in base.dimensions}
    not_compared += [
        NotCompared("dimension", d.id, Reason.NOT_IN_BASELINE) for d in follow.dimensions if d.id not in base_ids
    ]
    return deltas


def _risk_deltas(
    base_q: Questionnaire,
    base: GroupResult,
    follow_q: Questionnaire,
    follow: GroupResult,
    not_compared: list[NotCompared],
) -> list[RiskDelta]:
    base_shares = {r.id: r.share for r in base.risks}
    follow_shares = {r.id: r.share for r in follow.risks}
    ids = [r for r in base_q.risk_factors if r in base_shares or r in follow_shares]
    ids += [r for r in follow_q.risk_factors if r not in ids and (r in base_shares or r in follow_shares)]
    ids += sorted((set(base_shares) | set(follow_shares)) - set(ids))
    deltas = []
    for risk_id in ids:
        if risk_id not in follow_q.risk_factors:
            not_compared.append(NotCompared("risk", risk_id, Reason.NOT_IN_FOLLOW_UP))
        elif risk_id not in base_q.risk_factors:
            not_compared.append(NotCompared("risk", risk_id, Reason.NOT_IN_BASELINE))
        else:
            was, now = base_shares.get(risk_id, 0.0), follow_shares.get(risk_id, 0.0)
            deltas.append(RiskDelta(risk_id, was, now, now - was))
    return sorted(deltas, key=lambda d: -abs(d.share_delta))


def _question_deltas(
    base_q: Questionnaire,
    base: GroupResult,
    follow_q: Questionnaire,
    follow: GroupResult,
    question_map: dict[str, str | None],
    not_compared: list[NotCompared],
) -> list[QuestionDelta]:
    """Mean question scores of matched scored questions, largest change first (ties: baseline file order)."""
    base_stats = {s.id: s for s in base.questions}
    follow_stats = {s.id: s for s in follow.questions}
    matched: set[str] = set()
    deltas = []
    for qid, question in base_q.questions.items():
        if not question.scored:
            continue
        target = match_question(qid, follow_q, question_map)
        if isinstance(target, NotCompared):
            not_compared.append(target)
            continue
        matched.add(target)
        means = _means(base_stats.get(qid), follow_stats.get(target), follow_q.questions[target])
        if isinstance(means, Reason):
            not_compared.append(NotCompared("question", qid, means))
            continue
        was, now = means
        deltas.append(QuestionDelta(qid, target, was, now, now - was))
    not_compared += [
        NotCompared("question", qid, Reason.NOT_IN_BASELINE)
        for qid, question in follow_q.questions.items()
        if question.scored and qid not in matched
    ]
    return sorted(deltas, key=lambda d: -abs(d.delta))


def match_question(qid: str, follow_q: Questionnaire, question_map: dict[str, str | None]) -> str | NotCompared:
    """The follow-up question id for a baseline question, or why there is none."""
    if qid in question_map:
        target = question_map[qid]
        if target is None:
            return NotCompared("question", qid, Reason.DROPPED)
        if target not in follow_q.questions:
            return NotCompared("question", qid, Reason.MAPPED_TO_MISSING, {"target": target})
        return target
    if qid in follow_q.questions:
        return qid
    return NotCompared("question", qid, Reason.NOT_IN_FOLLOW_UP)


def _means(
    was: QuestionStat | None, now: QuestionStat | None, follow_question: Question
) -> tuple[float, float] | Reason:
    """The baseline and follow-up mean scores of a matched question, or why they cannot be compared."""
    if not follow_question.scored:
        return Reason.NOT_SCORED_IN_FOLLOW_UP
    if was is None or was.mean_score is None:
        return Reason.NO_SCORED_ANSWERS_IN_BASELINE
    if now is None or now.mean_score is None:
        return Reason.NO_SCORED_ANSWERS_IN_FOLLOW_UP
    return was.mean_score, now.mean_score
