"""A validated questionnaire, compiled for scoring and for building forms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, overload

from scoring.compiled import build_plan, level_for
from scoring.conditions import All, Condition, Leaf, Not, parse_condition
from scoring.format import schema

NumberFormat = Callable[[float, int], str]
"""Writes a number to a given count of decimals; the web passes one in the page's locale (a decimal comma in German)."""


def plain_number(value: float, decimals: int) -> str:
    """A number as files, commands and the API write it: a decimal point, no grouping."""
    return f"{value:.{decimals}f}"


def decimals_of(value: float) -> int:
    """How many decimals a number someone typed needs (2.5: 1, 1200: 0), up to 10."""
    return len(f"{value:.10f}".rstrip("0").partition(".")[2])


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
                    show_if=_show_condition(spec, q),
                )
                ids.append(q.id)
            self.pages.append(Page(page_id or "profile", title, dimension, tuple(ids)))
        self.rules = [(rule, parse_condition(rule.when)) for rule in spec.risk_rules]
        self.dimensions = {d.id: d for d in spec.dimensions}
        self.groups = {g.id: g for g in spec.groups}
        self.risk_factors = {r.id: r for r in spec.risk_factors}
        self.actions = {a.id: a for a in spec.actions}
        self.levels = sorted(spec.maturity_levels, key=lambda level: level.level)
        self.scale = spec.display_scale or schema.DisplayScale()
        self.requirements = {
            lv.level: tuple((req, parse_condition(req.when)) for req in lv.requires) for lv in self.levels
        }
        self.unless = {a.id: parse_condition(a.unless) for a in spec.actions if a.unless}
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

    @property
    def asked_count(self) -> int:
        """How many questions a respondent can be asked at most: counterparts for another stage not counted."""
        when = [q.spec.asked_when for q in self.questions.values()]
        return max(sum(1 for w in when if w in (None, stage)) for stage in ("live", "before_launch"))

    @property
    def has_ownership(self) -> bool:
        return self.spec.ownership is not None

    @property
    def has_band(self) -> bool:
        """Whether results carry a failure-risk band: the file declares a risk model or an ownership question."""
        return self.spec.risk_model is not None or self.spec.ownership is not None

    @property
    def risk_model(self) -> schema.RiskModel:
        return self.spec.risk_model or schema.RiskModel()

    @property
    def level_numbers(self) -> list[int]:
        return [lv.level for lv in self.levels]

    def level_for(self, score: float) -> int:
        """The maturity level a 0-100 score reaches by its thresholds alone."""
        return level_for(self.plan, score)

    def level_spec(self, level: int) -> schema.MaturityLevel:
        return next(lv for lv in self.levels if lv.level == level)

    def level_name(self, level: int, locale: str | None = None) -> str:
        return self.text(self.level_spec(level).name, locale)

    def internal_score(self, display: float) -> float:
        """A score written on the display scale (a level's `min_score`), on 0-100."""
        if self.spec.display_scale is None:
            return display
        scale = self.scale
        return (display - scale.min) * 100.0 / (scale.max - scale.min)

    @overload
    def display_score(self, score: float) -> float: ...
    @overload
    def display_score(self, score: float | None) -> float | None: ...
    def display_score(self, score: float | None) -> float | None:
        """A 0-100 score on the file's display scale (unrounded)."""
        if score is None:
            return None
        scale = self.scale
        return scale.min + score * (scale.max - scale.min) / 100.0

    def format_score(self, score: float | None, number: NumberFormat = plain_number) -> str:
        """A 0-100 score as people see it: on the display scale, to its number of decimals."""
        shown = self.display_score(score)
        return "–" if shown is None else number(shown, self.scale.decimals)

    def format_points(self, points: float, number: NumberFormat = plain_number) -> str:
        """A number of points (a contribution, a gap in score) on the display scale, to its decimals."""
        scale = self.scale
        return number(points * (scale.max - scale.min) / 100.0, scale.decimals)

    def format_scale_max(self, number: NumberFormat = plain_number) -> str:
        """The top of the display scale, with as many decimals as it has (3, 2.5)."""
        return number(self.scale.max, decimals_of(self.scale.max))

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


def _show_condition(spec: schema.QuestionnaireSpec, q: schema.Question) -> Condition | None:
    """The question's own show-condition, joined with its stage (`asked_when`) when it has one.

    Before launch means the stage question's answer is one of `before_launch`; anything
    else, including no answer, counts as live (what every question assumed before stages).
    """
    own = parse_condition(q.show_if) if q.show_if else None
    if q.asked_when is None or spec.stage is None:
        return own
    before = Leaf(spec.stage.question, "one_of", frozenset(spec.stage.before_launch))
    stage = before if q.asked_when == "before_launch" else Not(before)
    return stage if own is None else All((stage, own))


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
