"""What scoring returns: plain values that explain every number.

Treat them as read-only. None is frozen: building a frozen dataclass costs three times as
much, and a response creates about fifty of these (the result itself has sixteen fields).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(slots=True)
class Contribution:
    """One answer's part in a dimension score: `points` added, `lost` against full marks."""

    question_id: str
    question_score: float
    weight: float
    points: float
    lost: float


@dataclass(slots=True)
class DimensionResult:
    """A dimension's score; `scored` holds (question id, question score, weight) per answer."""

    id: str
    weight: float
    score: float | None
    maturity_level: int | None
    scored: tuple[tuple[str, float, float], ...]
    unanswered: tuple[str, ...]
    gap: float | None
    shortfall: float | None
    missing: str = "skip"  # "zero": unanswered questions are in `scored` with a score of 0

    @property
    def answered(self) -> int:
        return len(self.scored) - (len(self.unanswered) if self.missing == "zero" else 0)

    @property
    def contributions(self) -> tuple[Contribution, ...]:
        """What each answer added to the score and what it cost against full marks."""
        total = sum(weight for _, _, weight in self.scored)
        return tuple(
            Contribution(qid, score, weight, weight * score / total, weight * (100.0 - score) / total)
            for qid, score, weight in self.scored
        )


@dataclass(slots=True)
class GroupScore:
    """A group of dimensions (a business function, a pillar): the weighted mean of its assessed dimensions."""

    id: str
    weight: float
    score: float | None
    maturity_level: int | None
    dimensions: tuple[str, ...]


@dataclass(slots=True)
class IndexContribution:
    dimension_id: str  # a group's id when the questionnaire has groups
    weight_share: float
    points: float


@dataclass(slots=True)
class Stage:
    """The stage the verdict judged: the stage question's answer, and whether that is before launch."""

    question_id: str
    choice: str | None
    before_launch: bool


@dataclass(slots=True)
class Exclusion:
    """Two mutually exclusive risk factors both matched: the stronger was kept."""

    kept: str
    dropped: str


@dataclass(slots=True)
class Trigger:
    """Why a risk factor moved: an answer (`kind="answer"`) or a cross-question rule."""

    kind: str
    questions: tuple[str, ...]
    choice: str | None = None
    rule_id: str | None = None


@dataclass(slots=True)
class TriggeredRisk:
    id: str
    severity: str
    dimension: str | None
    triggered_by: tuple[Trigger, ...]
    mitigated_by: tuple[Trigger, ...]
    absorbed: tuple[str, ...] = ()  # superseded risks counted here; their triggers are in `triggered_by`


@dataclass(slots=True)
class BandStep:
    """One step of the failure-risk band reasoning; `code` names the rule applied."""

    code: str
    band: str
    detail: dict[str, Any]


@dataclass(slots=True)
class RiskBand:
    """The indicative band; `anchor` names its starting point ("ownership:it_led", "risk:provide-and-pray")."""

    band: str
    failure_rate: float | None
    source: str
    steps: tuple[BandStep, ...]
    anchor: str = ""
    kind: str | None = None  # forecast, estimate, survey or measured
    year: int | None = None


@dataclass(slots=True)
class Ownership:
    classification: str
    question_id: str | None
    choice: str | None


@dataclass(slots=True)
class Gap:
    question_id: str
    dimension_id: str
    current: int
    target: int
    gap: int


@dataclass(slots=True)
class RecommendedAction:
    id: str
    severity: str
    horizon: int
    weighted_gap: float
    reasons: tuple[tuple[str, str], ...]


@dataclass(slots=True)
class ReadinessResult:
    """One response's verdict. `ownership` and `risk_band` are None when the questionnaire has no such model.

    `maturity_level` is the highest level whose score threshold the index meets and whose
    requirements (and those of every level below it) the answers meet; `level_by_score` is
    the level the index alone reaches, and `unmet_requirements` lists (level, requirement
    position) of the requirements that held the level back.
    """

    questionnaire_id: str
    questionnaire_version: int
    readiness_index: float | None
    maturity_level: int | None
    dimensions: tuple[DimensionResult, ...]
    ownership: Ownership | None
    risk_factors: tuple[TriggeredRisk, ...]
    risk_band: RiskBand | None
    gaps: tuple[Gap, ...]
    actions: tuple[RecommendedAction, ...]
    groups: tuple[GroupScore, ...] = ()
    stage: Stage | None = None
    level_by_score: int | None = None
    unmet_requirements: tuple[tuple[int, int], ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    actions_in_place: tuple[str, ...] = ()  # actions left out because the answers show them in place

    @property
    def index_contributions(self) -> tuple[IndexContribution, ...]:
        """Each assessed dimension's (or group's) share of the index weight and the points it adds."""
        parts: tuple[GroupScore, ...] | tuple[DimensionResult, ...] = self.groups or self.dimensions
        assessed = [(d.id, d.weight, d.score) for d in parts if d.score is not None]
        total = sum(weight for _, weight, _ in assessed)
        return tuple(IndexContribution(id_, weight / total, weight * score / total) for id_, weight, score in assessed)

    def group(self, group_id: str) -> GroupScore:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def dimension(self, dimension_id: str) -> DimensionResult:
        for dim in self.dimensions:
            if dim.id == dimension_id:
                return dim
        raise KeyError(dimension_id)

    def risk_ids(self) -> list[str]:
        return [risk.id for risk in self.risk_factors]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; numbers rounded to one decimal so nothing looks more exact than it is."""
        raw = asdict(self)
        for dim, data in zip(self.dimensions, raw["dimensions"], strict=True):
            del data["scored"]
            data["answered"] = dim.answered
            data["contributions"] = [asdict(c) for c in dim.contributions]
        raw["index_contributions"] = [asdict(c) for c in self.index_contributions]
        rounded: dict[str, Any] = _rounded(raw)
        return rounded


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 1)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value
