"""A validated questionnaire, compiled for scoring and for building forms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scoring.compiled import build_plan, level_for
from scoring.conditions import Condition, parse_condition
from scoring.format import schema

YES_NO_LABELS = {
    "yes": {"en": "Yes", "de": "Ja"},
    "no": {"en": "No", "de": "Nein"},
}
PROFILE_TITLE = {"en": "About you", "de": "Über Sie"}
SCORED_TYPES = ("single", "multiple", "scale", "yesno", "number")

LocalText = str | dict[str, str]  # a text of the file: one string, or one per locale


@dataclass(frozen=True)
class Question:
    """One question with its place in the questionnaire and its compiled condition."""

    spec: schema.Question
    index: int
    page: int
    dimension: str | None
    choices: tuple[schema.Choice, ...]
    show_if: Condition | None

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def type(self) -> str:
        return self.spec.type

    @property
    def required(self) -> bool:
        if self.spec.required is not None:
            return self.spec.required
        return self.spec.type != "text"

    @property
    def scored(self) -> bool:
        """Whether an answer to this question moves its dimension's score."""
        if self.dimension is None or self.type == "text":
            return False
        if self.type == "number":
            return bool(self.spec.score_bands)
        if self.type == "scale":
            return True
        return any(choice.score is not None for choice in self.choices)

    def choice(self, choice_id: str) -> schema.Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


@dataclass(frozen=True)
class Page:
    id: str
    title: LocalText
    dimension: str | None
    question_ids: tuple[str, ...]


@dataclass
class Questionnaire:
    """The compiled form of a validated `QuestionnaireSpec`."""

    spec: schema.QuestionnaireSpec
    source_hash: str = ""
    source_name: str = ""
    questions: dict[str, Question] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)
    rules: list[tuple[schema.RiskRule, Condition]] = field(default_factory=list)

    def __post_init__(self) -> None:
        spec = self.spec
        blocks: list[tuple[str | None, LocalText, str | None, list[schema.Question]]]
        blocks = [(None, spec.profile_title or PROFILE_TITLE, None, spec.profile)]
        blocks += [(d.id, d.title, d.id, d.questions) for d in spec.dimensions]
        for page_no, (page_id, title, dimension, questions) in enumerate(blocks):
            ids = []
            for q in questions:
                self.questions[q.id] = Question(
                    spec=q,
                    index=len(self.questions),
                    page=page_no,
                    dimension=dimension,
                    choices=_choices_of(q),
                    show_if=parse_condition(q.show_if) if q.show_if else None,
                )
                ids.append(q.id)
            self.pages.append(Page(page_id or "profile", title, dimension, tuple(ids)))
        self.rules = [(rule, parse_condition(rule.when)) for rule in spec.risk_rules]
        self.dimensions = {d.id: d for d in spec.dimensions}
        self.risk_factors = {r.id: r for r in spec.risk_factors}
        self.actions = {a.id: a for a in spec.actions}
        self.levels = sorted(spec.maturity_levels, key=lambda level: level.level)
        self.plan = build_plan(self)

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def version(self) -> int:
        return self.spec.version

    @property
    def locales(self) -> list[str]:
        return self.spec.locales

    def text(self, value: LocalText | None, locale: str | None = None) -> str:
        """The text of a localisable value in `locale`, falling back to the default locale."""
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        for candidate in (locale, self.spec.default_locale, "en"):
            if candidate and candidate in value:
                return value[candidate]
        return next(iter(value.values()))

    def level_for(self, score: float) -> int:
        """Maturity level (1-5) for a 0-100 score."""
        return level_for(self.plan, score)

    def level_name(self, level: int, locale: str | None = None) -> str:
        return self.text(self.levels[level - 1].name, locale)

    def visible(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The answers to questions that are shown, given the answers before them."""
        shown: dict[str, Any] = {}
        for qid, question in self.questions.items():
            if qid not in answers:
                continue
            if question.show_if is None or question.show_if.witness(shown) is not None:
                shown[qid] = answers[qid]
        return shown

    def is_shown(self, qid: str, shown: dict[str, Any]) -> bool:
        """Whether question `qid` is shown, given the visible answers `shown`.

        Conditions only refer to earlier questions (the validator makes sure of it),
        so later answers in `shown` cannot change the outcome.
        """
        condition = self.questions[qid].show_if
        return condition is None or condition.witness(shown) is not None


def _choices_of(q: schema.Question) -> tuple[schema.Choice, ...]:
    if q.type == "yesno":
        made = []
        for key in ("yes", "no"):
            option = getattr(q, key) or schema.YesNoOption()
            made.append(
                schema.Choice(
                    id=key,
                    label=option.label or YES_NO_LABELS[key],
                    score=option.score,
                    raises=option.raises,
                    lowers=option.lowers,
                )
            )
        return tuple(made)
    return tuple(q.choices or ())
