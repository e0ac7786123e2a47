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
ROLE_IDS = ("executive", "it", "hr", "business", "employee")
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
    questions: list[Question] = Field(min_length=1)


class MaturityLevel(_Model):
    level: int = Field(ge=1, le=5)
    name: Text
    min_score: float = Field(ge=0, le=100)
    description: Text


class RiskFactor(_Model):
    id: Id
    title: Text
    severity: Severity
    dimension: Id | None = None
    explanation: Text
    evidence: Text
    actions: list[Id] = []


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


class Ownership(_Model):
    question: Id


class Anchor(_Model):
    band: Band
    failure_rate: float = Field(ge=0, le=1)
    source: str


class RiskModel(_Model):
    anchors: dict[OwnershipClass, Anchor] = {}
    escalators: dict[str, Anchor] = {}
    low_risk_index: float = Field(default=70, ge=0, le=100)
    weak_index: float = Field(default=40, ge=0, le=100)


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
    actions_include: list[Id] = []


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
    maturity_levels: list[MaturityLevel] = Field(min_length=5, max_length=5)
    profile_title: Text | None = None
    profile: list[Question] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    risk_factors: list[RiskFactor] = []
    risk_rules: list[RiskRule] = []
    actions: list[Action] = []
    ownership: Ownership | None = None
    risk_model: RiskModel = RiskModel()
    factors: list[Factor] = []
    maps_from: list[VersionMapping] = []
    examples: list[Example] = []
