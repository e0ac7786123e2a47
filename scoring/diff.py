"""What changed between two versions of a questionnaire, in sentences its author understands.

`diff_questionnaires(old, new)` lists the changes section by section and what a comparison
of a baseline workshop (on OLD) with a follow-up (on NEW) would lose. Questions are matched
as workshop comparisons match them (`scoring.group`): through NEW's `maps_from` entry for
OLD's version, else by id. Choices are matched through that entry's `choices`, keyed by the
OLD question id (or the NEW one), else by id. Texts are compared in the default locale. How values
and things are worded is in `diff_words`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from pydantic import BaseModel

from scoring.diff_words import anchor_text, key_name, owner_note, place, plain, severity_note, show, unmatched_reason
from scoring.format.schema import Anchor, Choice, VersionMapping
from scoring.group.comparison import file_mapping, match_question
from scoring.group.results import NotCompared
from scoring.model import LocalText, Question, Questionnaire

SECTIONS = {
    "questionnaire": "Questionnaire",
    "dimensions": "Dimensions",
    "questions": "Questions",
    "choices": "Choices and scale anchors",
    "risk_factors": "Risk factors",
    "risk_rules": "Risk rules",
    "actions": "Actions",
    "levels": "Maturity levels and risk model",
}
LOST_TITLE = "What a baseline-vs-follow-up comparison would lose"
TEXT_FIELDS = frozenset({"title", "text", "label", "name", "owner_role"})

# Fields compared one by one (field -> how a sentence names it); any other field that
# differs is named in an "also changed" sentence, except the structural ones listed apart.
COMPARED = {
    "dimension": {"weight": "weight", "title": "title"},
    "question": {"text": "text", "weight": "weight", "show_if": "show-condition"},
    "choice": {"score": "score", "raises": "risk factors raised", "lowers": "risk factors lowered", "label": "label"},
    "risk factor": {"severity": "severity", "title": "title", "dimension": "dimension"},
    "risk rule": {"raises": "risk factor raised", "when": "condition"},
    "action": {"owner_role": "owner", "horizon": "horizon (days)", "title": "title"},
    "maturity level": {"min_score": "starting score", "name": "name"},
}
RISK_THRESHOLDS = {
    "low_risk_index": "an index at or above it lowers the risk band a step",
    "weak_index": "an index under it raises the risk band a step",
}
STRUCTURAL = {
    "question": {"id", "type", "required", "choices", "yes", "no", "anchors", "target"},
    "dimension": {"id", "questions"},
    "choice": {"id"},
    "questionnaire": {"id", "version", "locales", "default_locale", "title", "profile", "dimensions"}
    | {"risk_factors", "risk_rules", "actions", "maturity_levels", "risk_model"},
}


@dataclass(frozen=True, slots=True)
class Change:
    """One difference: what it is about, how it changed, and a sentence saying so."""

    kind: str  # "questionnaire", "dimension", "question", "choice", "anchor", "risk factor", ...
    id: str  # the thing's id (NEW's, once renamed); a choice or anchor is "question.choice"
    change: str  # "added", "removed", "renamed", or the field that changed ("score", "type", ...)
    text: str
    old: Any = None
    new: Any = None


@dataclass(slots=True)
class Section:
    key: str
    title: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Lost:
    """An OLD question or choice whose answers cannot be set against answers to NEW."""

    kind: str  # "question" or "choice"
    id: str  # OLD's id; a choice is "question.choice"
    reason: str

    @property
    def text(self) -> str:
        if self.kind == "choice":
            qid, choice = self.id.split(".", 1)
            return f"Question '{qid}', choice '{choice}': {self.reason}."
        return f"Question '{self.id}': {self.reason}."


@dataclass(slots=True)
class QuestionnaireDiff:
    old: tuple[str, int]
    new: tuple[str, int]
    mapping_version: int | None  # OLD's version when NEW's maps_from was used
    sections: list[Section]
    lost: list[Lost]

    @property
    def identical(self) -> bool:
        return not self.lost and not any(section.changes for section in self.sections)

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": {"id": self.old[0], "version": self.old[1]},
            "new": {"id": self.new[0], "version": self.new[1]},
            "mapping_version": self.mapping_version,
            "identical": self.identical,
            "sections": [asdict(section) for section in self.sections],
            "lost": [asdict(item) for item in self.lost],
        }


def diff_questionnaires(old: Questionnaire, new: Questionnaire) -> QuestionnaireDiff:
    """Every difference from `old` to `new`, grouped by section, and what a comparison would lose."""
    differ = _Differ(old, new, file_mapping(old, new))
    for step in (differ.metadata, differ.dimensions, differ.questions, differ.risks, differ.levels):
        step()
    if old.spec != new.spec and not any(differ.sections.values()):
        differ.add("questionnaire", "questionnaire", old.id, "other", "Other content changed (such as the order).")
    return QuestionnaireDiff(
        old=(old.id, old.version),
        new=(new.id, new.version),
        mapping_version=differ.mapping.version if differ.mapping else None,
        sections=[Section(key, SECTIONS[key], changes) for key, changes in differ.sections.items()],
        lost=differ.lost,
    )


def diff_text(diff: QuestionnaireDiff) -> str:
    """The diff as text: a header, then one block per section that has changes."""
    (old_id, old_version), (new_id, new_version) = diff.old, diff.new
    lines = [f"{old_id} version {old_version} -> {new_id} version {new_version}"]
    if diff.mapping_version is not None:
        lines.append(f"Questions and choices matched through maps_from (version {diff.mapping_version}), else by id.")
    elif old_id != new_id:
        lines.append("Questions and choices matched by id (maps_from only applies to versions of one questionnaire).")
    elif old_version != new_version:
        lines.append(f"Questions and choices matched by id (no maps_from entry for version {old_version}).")
    if diff.identical:
        lines.append("No differences.")
    for section in diff.sections:
        if section.changes:
            lines += ["", section.title] + [f"  - {change.text}" for change in section.changes]
    if diff.lost:
        lines += ["", LOST_TITLE] + [f"  - {item.text}" for item in diff.lost]
    return "\n".join(lines) + "\n"


class _Differ:
    """Collects changes while walking both questionnaires."""

    def __init__(self, old: Questionnaire, new: Questionnaire, mapping: VersionMapping | None):
        self.old, self.new, self.mapping = old, new, mapping
        self.question_map = dict(mapping.questions) if mapping else {}
        self.sections: dict[str, list[Change]] = {key: [] for key in SECTIONS}
        self.lost: list[Lost] = []

    def add(self, section: str, kind: str, id_: str, change: str, text: str, old: Any = None, new: Any = None) -> None:
        self.sections[section].append(Change(kind, id_, change, text, plain(old), plain(new)))

    # ------------------------------------------------------------------- generic

    def fields(self, section: str, kind: str, id_: str, subject: str, pair: tuple[BaseModel, BaseModel]) -> None:
        """One sentence per compared field that differs, one more naming the other fields that do."""
        a, b = pair
        for name, phrase in COMPARED.get(kind, {}).items():
            was, now = getattr(a, name), getattr(b, name)
            if name in TEXT_FIELDS:
                self.text_field(section, kind, id_, subject, name, phrase, (was, now))
            elif was != now:
                text = f"{subject}: {phrase} changed from {show(was)} to {show(now)}."
                self.add(section, kind, id_, name, text, was, now)
        others = _other_fields(a, b, set(COMPARED.get(kind, {})) | STRUCTURAL.get(kind, set()))
        if others:
            self.add(section, kind, id_, "other", f"{subject}: also changed: {', '.join(others)}.", None, others)

    def text_field(
        self,
        section: str,
        kind: str,
        id_: str,
        subject: str,
        name: str,
        phrase: str,
        pair: tuple[LocalText | None, LocalText | None],
    ) -> None:
        was, now = self.old.text(pair[0]), self.new.text(pair[1])
        if was != now:
            self.add(section, kind, id_, name, f'{subject}: {phrase} changed from "{was}" to "{now}".', was, now)
        elif pair[0] != pair[1]:
            self.add(section, kind, id_, name, f"{subject}: translations of the {phrase} changed.")

    def keyed(
        self,
        section: str,
        kind: str,
        pair: tuple[Mapping[Any, BaseModel], Mapping[Any, BaseModel]],
        describe: Callable[[Any], str],
    ) -> None:
        """Added, removed and changed items of two id -> item mappings."""
        old_items, new_items = pair
        label = kind[0].upper() + kind[1:]
        for key, item in old_items.items():
            if key not in new_items:
                self.add(section, kind, str(key), "removed", f"{label} {key_name(key)} removed.", key)
            else:
                self.fields(section, kind, str(key), f"{label} {key_name(key)}", (item, new_items[key]))
        for key, item in new_items.items():
            if key not in old_items:
                self.add(section, kind, str(key), "added", f"{label} {key_name(key)} added{describe(item)}.", None, key)

    # ------------------------------------------------------------------- sections

    def metadata(self) -> None:
        a, b = self.old.spec, self.new.spec
        for name in ("id", "version", "default_locale"):
            was, now = getattr(a, name), getattr(b, name)
            if was != now:
                text = f"{name.replace('_', ' ').capitalize()} changed from {was} to {now}."
                self.add("questionnaire", "questionnaire", b.id, name, text, was, now)
        self.locales(a.locales, b.locales)
        self.text_field("questionnaire", "questionnaire", b.id, "Questionnaire", "title", "title", (a.title, b.title))
        others = _other_fields(a, b, STRUCTURAL["questionnaire"])
        if others:
            text = f"Also changed: {', '.join(others)}."
            self.add("questionnaire", "questionnaire", b.id, "other", text, None, others)

    def locales(self, was: list[str], now: list[str]) -> None:
        added = [locale for locale in now if locale not in was]
        removed = [locale for locale in was if locale not in now]
        if added or removed:
            parts = [f"{word} {', '.join(items)}" for word, items in (("added", added), ("removed", removed)) if items]
            self.add("questionnaire", "questionnaire", self.new.id, "locales", f"Locales {'; '.join(parts)}.", was, now)

    def dimensions(self) -> None:
        pair = (self.old.dimensions, self.new.dimensions)
        self.keyed("dimensions", "dimension", pair, lambda d: f" (weight {show(d.weight)})")

    def risks(self) -> None:
        self.keyed("risk_factors", "risk factor", (self.old.risk_factors, self.new.risk_factors), severity_note)
        rules = ({r.id: r for r in self.old.spec.risk_rules}, {r.id: r for r in self.new.spec.risk_rules})
        self.keyed("risk_rules", "risk rule", rules, lambda r: f" (raises {r.raises} when {show(r.when)})")
        self.keyed("actions", "action", (self.old.actions, self.new.actions), owner_note)

    def levels(self) -> None:
        levels = ({lv.level: lv for lv in self.old.levels}, {lv.level: lv for lv in self.new.levels})
        self.keyed("levels", "maturity level", levels, lambda lv: f" (from {show(lv.min_score)})")
        a, b = self.old.risk_model, self.new.risk_model
        for name, phrase in RISK_THRESHOLDS.items():
            was, now = getattr(a, name), getattr(b, name)
            if was != now:
                text = f"Risk model: {name} ({phrase}) changed from {show(was)} to {show(now)}."
                self.add("levels", "risk model", name, name, text, was, now)
        for name in ("anchors", "escalators"):
            self.risk_anchors(name, getattr(a, name), getattr(b, name))

    def risk_anchors(self, name: str, was: Mapping[str, Anchor], now: Mapping[str, Anchor]) -> None:
        for key in [*was, *(k for k in now if k not in was)]:
            if was.get(key) != now.get(key):
                text = f"Risk model, {name[:-1]} '{key}': {anchor_text(was.get(key))} -> {anchor_text(now.get(key))}."
                self.add("levels", "risk model", f"{name}.{key}", name, text, was.get(key), now.get(key))

    # ------------------------------------------------------------------- questions

    def questions(self) -> None:
        matched: set[str] = set()
        for qid, question in self.old.questions.items():
            target = match_question(qid, self.new, self.question_map)
            if isinstance(target, NotCompared):
                reason = unmatched_reason(target)
                why = f" ({reason})" if qid in self.question_map else ""
                self.add("questions", "question", qid, "removed", f"Question '{qid}' removed{why}.", qid)
                self.lost.append(Lost("question", qid, reason))
                continue
            matched.add(target)
            self.question(question, self.new.questions[target])
        for qid, question in self.new.questions.items():
            if qid not in matched:
                text = f"Question '{qid}' added to {place(question)} ({question.type})."
                self.add("questions", "question", qid, "added", text, None, qid)

    def question(self, was: Question, now: Question) -> None:
        subject = f"Question '{now.id}'"
        if was.id != now.id:
            text = f"Question '{was.id}' renamed to '{now.id}' (maps_from)."
            self.add("questions", "question", now.id, "renamed", text, was.id, now.id)
        if was.type != now.type:
            text = f"{subject}: type changed from {was.type} to {now.type}."
            self.add("questions", "question", now.id, "type", text, was.type, now.type)
            reason = f"type changed from {was.type} to {now.type}, so answers cannot be compared"
            self.lost.append(Lost("question", was.id, reason))
        elif was.scored and not now.scored:
            self.lost.append(Lost("question", was.id, "scored in the old version, not in the new one"))
        if was.required != now.required:
            text = f"{subject} is now {'required' if now.required else 'optional'}."
            self.add("questions", "question", now.id, "required", text, was.required, now.required)
        if was.dimension != now.dimension:
            text = f"{subject} moved from {place(was)} to {place(now)}."
            self.add("questions", "question", now.id, "dimension", text, was.dimension, now.dimension)
        self.fields("questions", "question", now.id, subject, (was.spec, now.spec))
        self.choices(was, now)
        self.anchors(was, now)

    def choices(self, was: Question, now: Question) -> None:
        choice_map = self.choice_map(was.id, now.id)
        matched: set[str] = set()
        for choice in was.choices:
            target = _match_choice(choice.id, now, choice_map)
            if isinstance(target, str):
                self.choice_removed(was, now, choice.id, target, mapped=choice.id in choice_map)
                continue
            matched.add(target.id)
            if target.id != choice.id and was.choice(target.id) is not None:
                self.choice_merged(now, choice, target)
            else:
                self.choice(now, choice, target)
        for choice in now.choices:
            if choice.id not in matched:
                score = "no score" if choice.score is None else f"score {show(choice.score)}"
                text = f"Question '{now.id}', choice '{choice.id}' added ({score})."
                self.add("choices", "choice", f"{now.id}.{choice.id}", "added", text, None, choice.id)

    def choice_removed(self, was: Question, now: Question, choice_id: str, reason: str, mapped: bool) -> None:
        why = f" ({reason})" if mapped else ""
        text = f"Question '{now.id}', choice '{choice_id}' removed{why}."
        self.add("choices", "choice", f"{now.id}.{choice_id}", "removed", text, choice_id)
        if was.type == now.type:
            self.lost.append(Lost("choice", f"{was.id}.{choice_id}", reason))

    def choice(self, now: Question, was_choice: Choice, now_choice: Choice) -> None:
        id_ = f"{now.id}.{now_choice.id}"
        if was_choice.id != now_choice.id:
            text = f"Question '{now.id}', choice '{was_choice.id}' renamed to '{now_choice.id}' (maps_from)."
            self.add("choices", "choice", id_, "renamed", text, was_choice.id, now_choice.id)
        subject = f"Question '{now.id}', choice '{now_choice.id}'"
        self.fields("choices", "choice", id_, subject, (was_choice, now_choice))

    def choice_merged(self, now: Question, was_choice: Choice, now_choice: Choice) -> None:
        """An OLD choice mapped onto a NEW choice that also stands for an OLD choice of its own id."""
        text = f"Question '{now.id}', choice '{was_choice.id}' merged into '{now_choice.id}' (maps_from)"
        if was_choice.score != now_choice.score:
            text += f"; its answers now score {show(now_choice.score)} instead of {show(was_choice.score)}"
        id_ = f"{now.id}.{now_choice.id}"
        self.add("choices", "choice", id_, "merged", text + ".", was_choice.id, now_choice.id)

    def anchors(self, was: Question, now: Question) -> None:
        old_anchors, new_anchors = was.spec.anchors or {}, now.spec.anchors or {}
        for point in sorted(set(old_anchors) | set(new_anchors)):
            subject = f"Question '{now.id}', anchor {point}"
            self.text_field("choices", "anchor", f"{now.id}.{point}", subject, "label", "label", _pair(point, was, now))
        if was.spec.target != now.spec.target:
            asks = "now also asks" if now.spec.target else "no longer asks"
            text = f"Question '{now.id}' {asks} for the target state."
            self.add("choices", "question", now.id, "target", text, was.spec.target, now.spec.target)

    def choice_map(self, old_qid: str, new_qid: str) -> dict[str, str | None]:
        choices = self.mapping.choices if self.mapping else {}
        return dict(choices.get(old_qid, choices.get(new_qid, {})))


def _match_choice(choice_id: str, now: Question, choice_map: dict[str, str | None]) -> Choice | str:
    """NEW's choice for an OLD choice, or the reason there is none."""
    if choice_id in choice_map:
        target = choice_map[choice_id]
        if target is None:
            return "dropped in the new version"
        found = now.choice(target)
        return found if found is not None else f"mapped to '{target}', which is not a choice in the new version"
    found = now.choice(choice_id)
    return found if found is not None else "not a choice in the new version"


def _other_fields(a: BaseModel, b: BaseModel, skip: set[str]) -> list[str]:
    return [name for name in type(a).model_fields if name not in skip and getattr(a, name) != getattr(b, name)]


def _pair(point: str, was: Question, now: Question) -> tuple[LocalText, LocalText]:
    return (was.spec.anchors or {}).get(point, "(none)"), (now.spec.anchors or {}).get(point, "(none)")
