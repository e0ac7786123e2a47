"""The verdict in plain English, for the command line and JSON: the one sentence that explains
index, level and band, the band's starting point, and each step of the band reasoning.
(The pages word the same parts in the reader's language, in `reports.verdict_presenter`.)"""

from __future__ import annotations

from scoring.model import Questionnaire
from scoring.results import BandStep, ReadinessResult, RiskBand
from scoring.risk import anchor_for
from scoring.verdict import reason_detail, verdict_of

OWNERSHIP_WORDS = {
    "it_led": "IT-led",
    "business_led": "business/HR-led",
    "shared": "shared (business or HR leads, IT partners)",
    "unowned": "unowned",
    "unknown": "not stated",
}


KIND_WORDS = {"forecast": "a forecast", "estimate": "an estimate", "survey": "a survey", "measured": "a measured rate"}


def base_rate_text(q: Questionnaire, band: RiskBand, locale: str | None = None) -> str:
    """Where the band started, honestly: the rate, what kind of figure it is, its year and source."""
    anchor = anchor_for(q.risk_model, band.anchor)
    if anchor is not None and anchor.statement:
        text = q.text(anchor.statement, locale)
    elif band.failure_rate is None:
        text = "No published failure rate applies to initiatives set up like this one"
    else:
        text = f"About {band.failure_rate:.0%} of initiatives set up like this one fail"
    kind = f"{KIND_WORDS[band.kind]}, " if band.kind else ""
    year = f"{band.year}, " if band.year else ""
    return f"{text} ({kind}{year}{band.source})"


def verdict_sentence(q: Questionnaire, result: ReadinessResult, locale: str | None = None) -> str:
    """Index, level and band in one sentence, saying why they differ when they do."""
    v = verdict_of(q, result, locale)
    if v.index is None:
        text = "Too few answers to compute an index"
    else:
        text = f"Index {v.index}: level {v.level} ({v.level_name})"
        if v.level_by_score is not None:
            text += (
                f", not level {v.level_by_score} ({v.level_by_score_name}) that the index alone would give, "
                f"because the answers do not show {_joined(v.unmet)}"
            )
    if v.band is not None:
        reasons = tuple(_reason_text(q, step, locale) for step in v.reasons)
        text += f"; indicative failure-risk band {v.band}, because {_joined(reasons, lower=False)}"
    return text + "."


def _joined(items: tuple[str, ...], lower: bool = True) -> str:
    if lower:
        items = tuple(item[0].lower() + item[1:] if item else item for item in items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _reason_text(q: Questionnaire, step: BandStep, locale: str | None) -> str:
    d = reason_detail(step)
    if step.code == "anchor_ownership":
        return f"that is where {OWNERSHIP_WORDS[step.detail['ownership']]} initiatives start"
    if step.code == "anchor_risk":
        return f"{q.text(q.risk_factors[step.detail['risk']].title, locale)} applies"
    if step.code == "critical_risk":
        return f"{d['count']} critical risk factor{'s apply' if d['count'] > 1 else ' applies'}"
    if step.code == "several_high_risks":
        return f"{d['count']} high risk factors apply"
    if step.code == "weak_index":
        return f"the index is under {d['threshold']:g}"
    return f"the index is {d['threshold']:g} or more and no high or critical risk applies"


def band_step_text(q: Questionnaire, step: BandStep, locale: str | None = None) -> str:
    """One step of the band reasoning in English (the web pages translate their own)."""
    d = step.detail
    if step.code == "anchor_ownership":
        return f"Ownership {OWNERSHIP_WORDS[d['ownership']]}: starts at {step.band}"
    if step.code == "anchor_risk":
        return f"{q.text(q.risk_factors[d['risk']].title, locale)} applies: anchored at {step.band}"
    if step.code == "critical_risk":
        return f"{len(d['risks'])} critical risk factor(s): {step.band}"
    if step.code == "several_high_risks":
        return f"{len(d['risks'])} high risk factors: raised to {step.band}"
    if step.code == "weak_index":
        return f"Readiness index {d['index']} is below {d['threshold']:g}: raised to {step.band}"
    return f"Readiness index {d['index']} with no high or critical risk: lowered to {step.band}"
