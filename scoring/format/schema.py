"""The questionnaire file's schema: field names, types and bounds (pydantic).

Cross-references (unknown risk factor, condition on a later question...) are checked
in `checks.py`; this module only says what each mapping may contain.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, StringConstraints

ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
MAX_VERSION = 2**31 - 1  # versions are stored in a 32-bit integer column (PostgreSQL INTEGER)
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, strict=True)]
Severity = Literal["low", "medium", "high", "critical"]
Band = Literal["low", "moderate", "high", "critical"]
OwnershipClass = Literal["it_led", "business_led", "shared", "unowned"]
QuestionType = Literal["single", "multiple", "scale", "yesno", "number", "text"]
Missing = Literal["skip", "zero"]
RateKind = Literal["forecast", "estimate", "survey", "measured"]
SEVERITIES: tuple[str, ...] = ("low", "medium", "high", "critical")
BANDS: tuple[str, ...] = ("low", "moderate", "high", "critical")


def _text(value: Any) -> str | dict[str, str]:
    """A human-readable string, or a mapping of locale to string."""
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("text must not be empty")
        return value
    if isinstance(value, dict) and value:
        for locale, text in value.items():
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"the '{locale}' text must be a non-empty string")
        return value
    if isinstance(value, bool):
        raise ValueError(f"expected text but found the YAML boolean {str(value).lower()}; put it in quotes")
    raise ValueError("expected text, or a mapping of locale to text")


Text = Annotated[str | dict[str, str], PlainValidator(_text)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Choice(_Model):
    id: Id
    label: Text
    help: Text | None = None
    score: float | None = Field(default=None, ge=-100, le=100)
    raises: list[Id] = []
    lowers: list[Id] = []
    ownership: OwnershipClass | None = None
    exclusive: bool = False


class YesNoOption(_Model):
    label: Text | None = None
    score: float | None = Field(default=None, ge=0, le=100)
    raises: list[Id] = []
    lowers: list[Id] = []


class ScoreBand(_Model):
    at_least: float | None = None
    at_most: float | None = None
    score: float = Field(ge=0, le=100)


class Question(_Model):
    id: Id
    type: QuestionType
    text: Text
    help: Text | None = None
    required: bool | None = None
    weight: float = Field(default=1.0, gt=0, le=100)
    show_if: dict[str, Any] | None = None
    choices: list[Choice] | None = None
    anchors: dict[str, Text] | None = None
    target: bool = False
    target_text: Text | None = None
    yes: YesNoOption | None = None
    no: YesNoOption | None = None
    min: float | None = None
    max: float | None = None
    integer: bool = True
    unit: Text | None = None
    score_bands: list[ScoreBand] | None = None
    max_length: int | None = Field(default=None, ge=1, le=10_000)
    source: str | None = None
    probes: list[Id] = []
    asked_when: Literal["live", "before_launch"] | None = None  # needs a `stage` block


class Factor(_Model):
    """A published cause of failure or success factor that questions probe."""

    id: Id
    kind: Literal["cause", "success"]
    title: Text
    source: str


class Dimension(_Model):
    id: Id
    title: Text
    description: Text | None = None
    weight: float = Field(gt=0, le=1000)
    actions: list[Id] = []
    source: str | None = None
    missing: Missing | None = None  # how an unanswered question counts; the questionnaire's when None
    questions: list[Question] = Field(min_length=1)


class Group(_Model):
    """A layer above dimensions (a business function, a pillar), scored as the weighted mean of its dimensions."""

    id: Id
    title: Text
    description: Text | None = None
    weight: float = Field(default=1.0, gt=0, le=1000)
    dimensions: list[Id] = Field(min_length=1)


class LevelRequirement(_Model):
    """Something a maturity level claims, as a condition the answers must meet."""

    description: Text
    when: dict[str, Any]


class MaturityLevel(_Model):
    level: int = Field(ge=0, le=7)
    name: Text
    min_score: float  # on the display scale when the file declares one, else 0-100
    description: Text
    requires: list[LevelRequirement] = []


class RiskFactor(_Model):
    id: Id
    title: Text
    severity: Severity
    dimension: Id | None = None
    explanation: Text
    evidence: Text
    actions: list[Id] = []
    supersedes: list[Id] = []  # risks this one is the cause of: counted once, here
    excludes: list[Id] = []  # risks that cannot apply together with this one


class RiskRule(_Model):
    id: Id
    raises: Id
    when: dict[str, Any]
    description: Text | None = None


class Action(_Model):
    id: Id
    title: Text
    description: Text | None = None
    owner_role: Text
    horizon: Literal[30, 60, 90]
    success_measure: Text
    unless: dict[str, Any] | None = None  # not recommended when the answers show it is in place


class Ownership(_Model):
    question: Id


class Anchor(_Model):
    """Where the band starts, from a published base rate (or, without one, a stated reason)."""

    band: Band
    failure_rate: float | None = Field(default=None, ge=0, le=1)
    source: Text  # a citation; {en: ..., de: ...} where its words need translating
    kind: RateKind | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)
    statement: Text | None = None  # the base rate in a sentence, for people
    risk: Id | None = None  # the risk factor this anchor stands for: not counted again


class RiskModel(_Model):
    anchors: dict[OwnershipClass | Literal["unknown"], Anchor] = {}
    escalators: dict[str, Anchor] = {}
    low_risk_index: float = Field(default=70, ge=0, le=100)
    weak_index: float = Field(default=40, ge=0, le=100)


class Stage(_Model):
    """The question that tells the initiative's stage, and which of its answers mean "not launched yet"."""

    question: Id
    before_launch: list[Id] = Field(min_length=1)


class DisplayScale(_Model):
    """How scores are shown to people (e.g. 0-3 with two decimals); 0-100 stays the internal unit."""

    min: float = 0
    max: float = 100
    decimals: int = Field(default=0, ge=0, le=3)


class ActionPlan(_Model):
    vital_few: int = Field(default=7, ge=1, le=50)


class Range(_Model):
    at_least: float | None = None
    at_most: float | None = None


class Expectation(_Model):
    risk_band: Band | list[Band] | None = None
    maturity_level: int | Range | None = None
    readiness_index: Range | None = None
    ownership: OwnershipClass | Literal["unknown"] | None = None
    risks_include: list[Id] = []
    risks_exclude: list[Id] = []
    top_risks: list[Id] = []  # each among the first len(top_risks) risks of the result
    actions_include: list[Id] = []
    actions_exclude: list[Id] = []


class Example(_Model):
    name: str = Field(min_length=1, max_length=100)
    description: str | None = None
    preset: Literal["worst", "best"] | None = None
    answers: dict[str, Any] = {}
    expect: Expectation


class VersionMapping(_Model):
    """How ids of an earlier version map to this one (None: dropped)."""

    version: int = Field(ge=1, le=MAX_VERSION)
    questions: dict[str, Id | None] = {}
    choices: dict[str, dict[str, Id | None]] = {}


class QuestionnaireSpec(_Model):
    format: Literal[1] = 1
    id: Id
    version: int = Field(ge=1, le=MAX_VERSION)
    title: Text
    description: Text | None = None
    intro: Text | None = None
    locales: list[Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")]] = Field(min_length=1)
    default_locale: str
    estimated_minutes: int | None = Field(default=None, ge=1, le=240)
    variant_of: Id | None = None
    maturity_levels: list[MaturityLevel] = Field(min_length=2, max_length=7)
    display_scale: DisplayScale | None = None
    missing: Missing = "skip"
    stage: Stage | None = None
    profile_title: Text | None = None
    profile: list[Question] = Field(min_length=1)
    groups: list[Group] = []
    dimensions: list[Dimension] = Field(min_length=1)
    risk_factors: list[RiskFactor] = []
    risk_rules: list[RiskRule] = []
    actions: list[Action] = []
    action_plan: ActionPlan = ActionPlan()
    ownership: Ownership | None = None
    risk_model: RiskModel | None = None  # with neither this nor `ownership`, results carry no band
    factors: list[Factor] = []
    maps_from: list[VersionMapping] = []
    examples: list[Example] = []
