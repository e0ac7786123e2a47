"""Why index, level and band say what they say: the parts of the one-sentence explanation.

The index is a weighted mean; the level is the highest one whose threshold the index
meets and whose requirements the answers meet; the band starts from a base rate and moves
with the risks that apply. `verdict_of` picks out what the sentence needs; the command
line (`scoring.explain`) and the pages (`reports.result_presenter`) word it in their own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.model import NumberFormat, Questionnaire, plain_number
from scoring.results import BandStep, ReadinessResult


@dataclass(frozen=True)
class Verdict:
    index: str | None  # on the display scale, formatted
    level: int | None
    level_name: str
    level_by_score: int | None  # the level the index alone would reach, when requirements held it back
    level_by_score_name: str
    unmet: tuple[str, ...]  # what the higher level claims that the answers do not show
    band: str | None
    reasons: tuple[BandStep, ...]  # the steps that moved the band from its anchor, or the anchor itself
    stage: str | None  # the stage judged (the stage question's choice label)
    before_launch: bool


def verdict_of(
    q: Questionnaire, result: ReadinessResult, locale: str | None = None, number: NumberFormat = plain_number
) -> Verdict:
    level = result.maturity_level
    capped = result.level_by_score if result.unmet_requirements and result.level_by_score != level else None
    unmet = tuple(
        q.text(q.level_spec(number).requires[position].description, locale)
        for number, position in result.unmet_requirements
    )
    band = result.risk_band
    stage, before = None, False
    if result.stage is not None and result.stage.choice is not None:
        choice = q.questions[result.stage.question_id].choice(result.stage.choice)
        stage = q.text(choice.label, locale) if choice else result.stage.choice
        before = result.stage.before_launch
    return Verdict(
        index=None if result.readiness_index is None else q.format_score(result.readiness_index, number),
        level=level,
        level_name=q.level_name(level, locale) if level is not None else "",
        level_by_score=capped,
        level_by_score_name=q.level_name(capped, locale) if capped is not None else "",
        unmet=unmet if capped is not None else (),
        band=band.band if band else None,
        reasons=_reasons(band.steps) if band else (),
        stage=stage,
        before_launch=before,
    )


def _reasons(steps: tuple[BandStep, ...]) -> tuple[BandStep, ...]:
    """The steps after the ownership anchor (a worse anchor included), or the anchor when nothing moved it."""
    moved = tuple(step for step in steps if step.code != "anchor_ownership")
    if any(step.code == "critical_risk" for step in moved):
        moved = tuple(step for step in moved if step.code != "anchor_risk")
    return moved or steps[:1]


def reason_detail(step: BandStep) -> dict[str, Any]:
    """The numbers a band reason is worded with: how many risks, which threshold."""
    d = step.detail
    return {"count": len(d.get("risks", ())), "threshold": d.get("threshold"), "index": d.get("index")}
