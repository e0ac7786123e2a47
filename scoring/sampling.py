"""Answer sets made from a questionnaire: worst, best and random (for examples, tests, benchmarks)."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from typing import Any

from scoring.engine import question_score
from scoring.model import Question, Questionnaire


def preset_answers(q: Questionnaire, preset: str, fixed: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every shown question answered with its lowest ("worst") or highest ("best") scoring answer.

    The stage question gets its last choice for "best" (the most advanced stage) and its
    first for "worst".

    `fixed` answers (normalised) are kept as they are; conditions are followed in order.
    """
    answers: dict[str, Any] = dict(fixed or {})
    for qid, question in q.questions.items():
        if qid in answers or not q.is_shown(qid, answers):
            continue
        value = _extreme(question, best=(preset == "best"))
        if q.spec.ownership and qid == q.spec.ownership.question:
            value = _extreme_owner(question, best=(preset == "best"), fallback=value)
        if q.spec.stage and qid == q.spec.stage.question:
            value = question.choices[-1 if preset == "best" else 0].id  # the best needs a live platform
        if value is not None:
            answers[qid] = value
    return {qid: answers[qid] for qid in q.questions if qid in answers}


# The evidence favours a business/HR owner with IT as partner over either side alone.
OWNERSHIP_PREFERENCE = ("unowned", "it_led", "business_led", "shared")


def _extreme_owner(question: Question, best: bool, fallback: Any) -> Any:
    if any(c.score is not None for c in question.choices):
        return fallback
    ranked = sorted(question.choices, key=lambda c: OWNERSHIP_PREFERENCE.index(c.ownership or "unowned"))
    return (ranked[-1] if best else ranked[0]).id


def _extreme(question: Question, best: bool) -> Any:
    kind = question.type
    if kind == "scale":
        return (5, 5) if best else (1, 5 if question.spec.target else None)
    if kind in ("single", "yesno"):
        scored = [(c.id, c.score) for c in question.choices if c.score is not None]
        if not scored:
            return question.choices[0].id
        pick = max if best else min
        return pick(scored, key=lambda pair: pair[1])[0]
    if kind == "multiple":
        return _extreme_multiple(question, best)
    if kind == "number":
        return _extreme_number(question, best)
    return None


def _extreme_multiple(question: Question, best: bool) -> frozenset[str]:
    candidates = [frozenset([c.id]) for c in question.choices]
    plain = [c.id for c in question.choices if not c.exclusive]
    candidates.append(frozenset(c for c in plain if (_score(question, c)) > 0))
    candidates = [c for c in candidates if c]
    pick = max if best else min
    return pick(candidates, key=lambda chosen: (question_score(question, chosen), -len(chosen)))


def _score(question: Question, choice_id: str) -> float:
    choice = question.choice(choice_id)
    return (choice.score or 0) if choice else 0


def _extreme_number(question: Question, best: bool) -> int | float:
    spec = question.spec
    low = spec.min if spec.min is not None else 0
    high = spec.max if spec.max is not None else low + 100
    points = [low, high] + [b.at_least for b in spec.score_bands or () if b.at_least is not None]
    points += [b.at_most for b in spec.score_bands or () if b.at_most is not None]
    points = sorted({p for p in points if low <= p <= high})
    if spec.integer:
        points = [int(p) for p in points if float(p).is_integer()] or [int(low)]
    scored = [(question_score(question, p) or 0.0, p) for p in points]
    pick = max if best else min
    return pick(scored, key=lambda sp: (sp[0], -sp[1] if best else sp[1]))[1]


def random_answers(q: Questionnaire, rng: random.Random, skip_rate: float = 0.1) -> dict[str, Any]:
    """A valid random answer set; optional questions are skipped at `skip_rate`."""
    answers: dict[str, Any] = {}
    for qid, question in q.questions.items():
        if not q.is_shown(qid, answers):
            continue
        if not question.required and rng.random() < skip_rate:
            continue
        value = _random_value(question, rng)
        if value is not None:
            answers[qid] = value
    return answers


def _random_value(question: Question, rng: random.Random) -> Any:
    kind = question.type
    if kind in ("single", "yesno"):
        return rng.choice(question.choices).id
    if kind == "multiple":
        exclusive = [c.id for c in question.choices if c.exclusive]
        if exclusive and rng.random() < 0.2:
            return frozenset([rng.choice(exclusive)])
        plain = [c.id for c in question.choices if not c.exclusive]
        return frozenset(rng.sample(plain, rng.randint(1, len(plain))))
    if kind == "scale":
        current = rng.randint(1, 5)
        return (current, rng.randint(current, 5) if question.spec.target else None)
    if kind == "number":
        spec = question.spec
        low = int(spec.min if spec.min is not None else 0)
        high = int(spec.max if spec.max is not None else low + 1000)
        return rng.randint(low, high)
    return rng.choice(["", "We use the platform for project updates.", "Nothing to add."]) or None


def profile_answers(q: Questionnaire, rng: random.Random, level: float, spread: float = 25.0) -> dict[str, Any]:
    """Answers of a respondent whose view of the initiative sits around `level` (0-100).

    Each choice is picked with a weight that falls off with the distance between its score
    and `level`, so answers hang together the way a real respondent's do (demo data).
    """
    answers: dict[str, Any] = {}
    for qid, question in q.questions.items():
        if not q.is_shown(qid, answers):
            continue
        value = _profile_value(question, rng, level, spread)
        if value is not None:
            answers[qid] = value
    return answers


def _weighted(rng: random.Random, options: list[tuple[Any, float]], level: float, spread: float) -> Any:
    weights = [math.exp(-(((score - level) / spread) ** 2)) + 0.02 for _, score in options]
    return rng.choices([value for value, _ in options], weights=weights)[0]


def _profile_value(question: Question, rng: random.Random, level: float, spread: float) -> Any:
    kind = question.type
    if kind in ("single", "yesno"):
        scored = [(c.id, c.score) for c in question.choices if c.score is not None]
        return _weighted(rng, scored, level, spread) if scored else rng.choice(question.choices).id
    if kind == "scale":
        current = _weighted(rng, [(p, (p - 1) * 25.0) for p in range(1, 6)], level, spread)
        return (current, min(5, current + rng.choice([0, 1, 1, 2])) if question.spec.target else None)
    if kind == "multiple":
        plain = [c for c in question.choices if not c.exclusive]
        chosen = frozenset(c.id for c in plain if rng.random() < level / 100.0)
        exclusive = [c.id for c in question.choices if c.exclusive]
        return chosen or (frozenset(exclusive[:1]) if exclusive else frozenset([plain[0].id]))
    if kind == "number":
        return _random_value(question, rng)
    return None


# --------------------------------------------------------------------------- realistic organisations

# Assumptions of the simulation, stated so the calibration table can be read against them:
# ownership mix (IT-led initiatives were the common case the 2010 forecast warned about),
# stage mix, and how ownership shifts preparedness (IT-led ones tend to have a platform
# without objectives, purpose or community management; unowned ones lag everywhere).
OWNERSHIP_MIX = {"it_led": 0.35, "business_led": 0.35, "shared": 0.2, "unowned": 0.1}
STAGE_SHARE_BEFORE_LAUNCH = 0.2
OWNERSHIP_SHIFT = {"it_led": -5.0, "business_led": 0.0, "shared": 5.0, "unowned": -15.0}
IT_LED_WEAK = frozenset({"objectives", "purpose", "community", "sponsorship"})


@dataclass(frozen=True)
class Organisation:
    """A simulated organisation: how prepared it is overall and per dimension, who owns it, its stage."""

    preparedness: float
    ownership: str
    stage: str | None
    levels: dict[str, float]


def realistic_organisation(q: Questionnaire, rng: random.Random) -> Organisation:
    ownership = rng.choices(list(OWNERSHIP_MIX), weights=list(OWNERSHIP_MIX.values()))[0]
    base = min(95.0, max(5.0, rng.gauss(50.0, 18.0) + OWNERSHIP_SHIFT[ownership]))
    levels = {}
    for dimension_id in q.dimensions:
        shift = -15.0 if ownership == "it_led" and dimension_id in IT_LED_WEAK else 0.0
        levels[dimension_id] = min(100.0, max(0.0, base + shift + rng.gauss(0.0, 12.0)))
    return Organisation(base, ownership, _stage_of(q, rng), levels)


def _stage_of(q: Questionnaire, rng: random.Random) -> str | None:
    spec = q.spec.stage
    if spec is None:
        return None
    choices = [c.id for c in q.questions[spec.question].choices]
    before = [c for c in choices if c in spec.before_launch]
    live = [c for c in choices if c not in spec.before_launch]
    pool = before if before and rng.random() < STAGE_SHARE_BEFORE_LAUNCH else live or before
    return rng.choice(pool)


def realistic_answers(
    q: Questionnaire, rng: random.Random, org: Organisation | None = None, spread: float = 20.0
) -> dict[str, Any]:
    """One respondent's answers for a simulated organisation: coherent within each dimension.

    Unlike `random_answers` (uniform noise), each answer leans towards the organisation's
    level in its dimension, the ownership question matches the organisation's ownership and
    the stage question its stage, so the answer sets look like real organisations.
    """
    org = org or realistic_organisation(q, rng)
    owner = q.spec.ownership.question if q.spec.ownership else None
    stage = q.spec.stage.question if q.spec.stage else None
    answers: dict[str, Any] = {}
    for qid, question in q.questions.items():
        if not q.is_shown(qid, answers):
            continue
        value: Any  # a normalised answer: a choice id, a (current, target) pair, a selection or a number
        if qid == owner:
            value = _owner_for(question, org.ownership, rng)
        elif qid == stage:
            value = org.stage
        else:
            dimension = question.dimension
            level = org.levels.get(dimension, org.preparedness) if dimension is not None else org.preparedness
            value = _profile_value(question, rng, level, spread)
        if value is not None:
            answers[qid] = value
    return answers


def _owner_for(question: Question, ownership: str, rng: random.Random) -> str:
    matching = [c.id for c in question.choices if c.ownership == ownership]
    return rng.choice(matching or [c.id for c in question.choices])
