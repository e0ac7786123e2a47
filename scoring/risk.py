"""The indicative failure-risk band, anchored on published base rates.

1. Start from the base rate of initiatives owned like this one: over 70% of IT-dominated
   social media initiatives fail (Gartner, Predicts 2010); business-led ones succeed about
   half the time (Gartner 2010, reported by Information Age). A fired risk factor listed
   under `risk_model.escalators` (e.g. a "provide and pray" roll-out, about 10% success,
   Gartner 2013) replaces the anchor when it is worse.
2. Any critical risk factor makes the band critical.
3. Two or more high risk factors raise the band one step; so does a weak readiness index.
4. A strong readiness index with no high or critical risk factor lowers it one step.
"""

from __future__ import annotations

from scoring.format.schema import BANDS, Anchor, RiskModel
from scoring.results import BandStep, RiskBand, TriggeredRisk

GARTNER_2010_IT = "Gartner, Predicts 2010: through 2012 over 70% of IT-dominated social media initiatives fail"
GARTNER_2010_BUSINESS = (
    "Gartner 2010 (reported by Information Age): business-led social initiatives succeed about 50% of the time"
)
DEFAULT_ANCHORS: dict[str, Anchor] = {
    "it_led": Anchor(band="high", failure_rate=0.7, source=GARTNER_2010_IT),
    "unowned": Anchor(band="high", failure_rate=0.7, source=GARTNER_2010_IT),
    "unknown": Anchor(band="high", failure_rate=0.7, source=GARTNER_2010_IT),
    "shared": Anchor(band="moderate", failure_rate=0.5, source=GARTNER_2010_BUSINESS),
    "business_led": Anchor(band="moderate", failure_rate=0.5, source=GARTNER_2010_BUSINESS),
}


def _step(band: str, by: int) -> str:
    return BANDS[max(0, min(len(BANDS) - 1, BANDS.index(band) + by))]


def assess_band(model: RiskModel, ownership: str, risks: list[TriggeredRisk], index: float | None) -> RiskBand:
    anchors = DEFAULT_ANCHORS | dict(model.anchors)
    anchor = anchors[ownership]
    steps = [BandStep("anchor_ownership", anchor.band, {"ownership": ownership})]
    for risk in risks:
        escalator = model.escalators.get(risk.id)
        if escalator and BANDS.index(escalator.band) > BANDS.index(anchor.band):
            anchor = escalator
            steps.append(BandStep("anchor_risk", anchor.band, {"risk": risk.id}))
    band: str = anchor.band
    critical = [r.id for r in risks if r.severity == "critical"]
    high = [r.id for r in risks if r.severity == "high"]
    if critical and band != "critical":
        band = "critical"
        steps.append(BandStep("critical_risk", band, {"risks": critical}))
    if len(high) >= 2 and band != "critical":
        band = _step(band, 1)
        steps.append(BandStep("several_high_risks", band, {"risks": high}))
    if index is not None and index < model.weak_index and band != "critical":
        band = _step(band, 1)
        steps.append(BandStep("weak_index", band, {"index": round(index), "threshold": model.weak_index}))
    if index is not None and index >= model.low_risk_index and not critical and not high:
        if band != "low":
            band = _step(band, -1)
            steps.append(BandStep("strong_index", band, {"index": round(index), "threshold": model.low_risk_index}))
    return RiskBand(band, anchor.failure_rate, anchor.source, tuple(steps))
