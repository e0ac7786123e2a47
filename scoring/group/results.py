"""What group scoring returns: a workshop's figures and a follow-up's comparison with its baseline."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from scoring.results import ReadinessResult


@dataclass(slots=True)
class Participant:
    """One workshop participant: stored answers (JSON form) and the figures of their own result."""

    role: str | None
    team: str | None
    answers: dict[str, Any]
    index: float | None
    maturity_level: int | None
    band: str
    dimension_scores: dict[str, float | None]
    risk_ids: list[str]

    @classmethod
    def from_result_dict(
        cls, role: str | None, team: str | None, answers_json: dict[str, Any], result_dict: dict[str, Any]
    ) -> Participant:
        """From `ReadinessResult.to_dict()` as stored with a response."""
        band = result_dict.get("risk_band") or {}
        return cls(
            role=role,
            team=team,
            answers=answers_json or {},
            index=result_dict.get("readiness_index"),
            maturity_level=result_dict.get("maturity_level"),
            band=band.get("band", ""),
            dimension_scores={d["id"]: d.get("score") for d in result_dict.get("dimensions") or ()},
            risk_ids=[r["id"] for r in result_dict.get("risk_factors") or ()],
        )


@dataclass(slots=True)
class IndexStats:
    """The participants' readiness indexes; `stdev` is the population stdev (None under two)."""

    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    stdev: float | None


@dataclass(slots=True)
class DimensionStat:
    id: str
    n: int  # participants with a score for this dimension
    mean: float | None
    stdev: float | None
    by_group: dict[str, float]  # shown role group -> mean, largest group first
    gap: float | None  # max - min of by_group when it has two or more groups


@dataclass(slots=True)
class QuestionStat:
    """One question across the workshop.

    `n` counts participants with a (shown, valid) answer, `scored_n` those whose answer
    carries a score ("don't know" does not). `distribution`: single/yesno {choice id: count}
    for every choice; scale {1..5: count} of the current state; multiple {choice id:
    participants who selected it}; number {"min", "median", "max"}.
    """

    id: str
    n: int
    scored_n: int
    distribution: dict[Any, Any]
    mean_score: float | None
    mean_point: float | None  # scales: mean current point
    spread: float | None  # population stdev of the question scores (points for unscored scales)
    consensus: float | None  # 0..1
    agreed: Any  # the recorded agreed answer (JSON form) or None
    by_group: dict[str, float]  # shown role group -> mean question score
    gap: float | None


@dataclass(slots=True)
class RoleGap:
    kind: str  # "dimension" or "question"
    id: str
    by_group: dict[str, float]
    gap: float


@dataclass(slots=True)
class RiskStat:
    id: str
    count: int
    share: float  # count / respondents


@dataclass(frozen=True, slots=True)
class GroupResult:
    """A workshop's figures. When `suppressed`, only `respondents` is given."""

    respondents: int
    suppressed: bool
    threshold: int
    roles: list[tuple[str, int]] = field(default_factory=list)
    teams: list[tuple[str, int]] = field(default_factory=list)
    index: IndexStats | None = None
    maturity_distribution: dict[int, int] = field(default_factory=dict)
    band_distribution: dict[str, int] = field(default_factory=dict)
    dimensions: list[DimensionStat] = field(default_factory=list)
    questions: list[QuestionStat] = field(default_factory=list)
    disagreements: list[str] = field(default_factory=list)
    role_gaps: list[RoleGap] = field(default_factory=list)
    risks: list[RiskStat] = field(default_factory=list)
    group_answers: dict[str, Any] = field(default_factory=dict)
    group_result: ReadinessResult | None = None
    answered_by_agreed: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Delta:
    base: float | None
    follow: float | None
    delta: float | None  # follow - base


@dataclass(slots=True)
class DimensionDelta:
    id: str
    base: float | None
    follow: float | None
    delta: float


@dataclass(slots=True)
class QuestionDelta:
    base_id: str
    follow_id: str
    base: float
    follow: float
    delta: float


@dataclass(slots=True)
class RiskDelta:
    id: str
    base_share: float
    follow_share: float
    share_delta: float


class Reason(StrEnum):
    """Why something could not be compared; the presenter words it in the reader's language."""

    NOT_IN_FOLLOW_UP = "not_in_follow_up"  # not in the follow-up questionnaire
    NOT_IN_BASELINE = "not_in_baseline"  # not in the baseline questionnaire
    DROPPED = "dropped"  # the follow-up file's maps_from drops the question
    MAPPED_TO_MISSING = "mapped_to_missing"  # maps_from names a question the follow-up lacks: params["target"]
    NOT_SCORED_IN_FOLLOW_UP = "not_scored_in_follow_up"
    NO_SCORES_IN_BASELINE = "no_scores_in_baseline"  # a dimension nobody in the baseline has a score for
    NO_SCORES_IN_FOLLOW_UP = "no_scores_in_follow_up"
    NO_SCORED_ANSWERS_IN_BASELINE = "no_scored_answers_in_baseline"  # a question nobody answered with a score
    NO_SCORED_ANSWERS_IN_FOLLOW_UP = "no_scored_answers_in_follow_up"


@dataclass(slots=True)
class NotCompared:
    kind: str  # "dimension", "question" or "risk"
    id: str  # the baseline id, or the follow-up id for what only the follow-up has
    reason: Reason
    params: dict[str, str] = field(default_factory=dict)  # what the reason's wording names


@dataclass(frozen=True, slots=True)
class Comparison:
    """A follow-up workshop against its baseline; deltas are follow-up minus baseline."""

    base_respondents: int
    follow_respondents: int
    suppressed: bool
    index: Delta | None = None
    dimensions: list[DimensionDelta] = field(default_factory=list)
    risks: list[RiskDelta] = field(default_factory=list)
    questions: list[QuestionDelta] = field(default_factory=list)
    not_compared: list[NotCompared] = field(default_factory=list)
