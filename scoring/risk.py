"""The indicative failure-risk band, anchored on published base rates.

1. Start from the base rate of initiatives owned like this one. Gartner forecast in 2010
   that over 70% of IT-dominated social media initiatives would fail through 2012 (a
   forecast, not a measured rate); business-led ones were said to succeed about half the
   time (an estimate). No published rate exists for initiatives nobody owns: they start at
   high for a stated reason, not a borrowed figure. A fired risk factor listed under
   `risk_model.escalators` (e.g. "provide and pray", about 10% success, Gartner 2013)
   replaces the anchor when it is worse.
2. Any critical risk factor makes the band critical.
3. Two or more high risk factors raise the band one step; so does a weak readiness index.
   A risk the anchor already stands for (its `risk`) is not counted again.
4. A strong readiness index with no high or critical risk factor lowers it one step.
"""

from __future__ import annotations

from scoring.format.schema import BANDS, Anchor, RiskModel
from scoring.results import BandStep, RiskBand, TriggeredRisk

GARTNER_2010_IT = (
    "Gartner, Predicts 2010 (forecast): over 70% of IT-dominated social media initiatives fail through 2012"
)
GARTNER_2010_BUSINESS = (
    "Gartner 2010 (reported by Information Age): business-led social initiatives succeed about 50% of the time"
)
NO_OWNER = "Community Roundtable, Community Maturity Model: finding an internal owner is the first step"
DEFAULT_ANCHORS: dict[str, Anchor] = {
    "it_led": Anchor(band="high", failure_rate=0.7, source=GARTNER_2010_IT, kind="forecast", year=2010),
    "unowned": Anchor(band="high", source=NO_OWNER),
    "unknown": Anchor(band="high", source=NO_OWNER),
    "shared": Anchor(band="moderate", failure_rate=0.5, source=GARTNER_2010_BUSINESS, kind="estimate", year=2010),
    "business_led": Anchor(band="moderate", failure_rate=0.5, source=GARTNER_2010_BUSINESS, kind="estimate", year=2010),
}


def _step(band: str, by: int) -> str:
    return BANDS[max(0, min(len(BANDS) - 1, BANDS.index(band) + by))]


def anchor_for(model: RiskModel, key: str) -> Anchor | None:
    """The anchor named by a band's `anchor` ("ownership:shared", "risk:provide-and-pray")."""
    kind, _, name = key.partition(":")
    if kind == "ownership":
        return (DEFAULT_ANCHORS | dict(model.anchors)).get(name)
    return model.escalators.get(name)


def assess_band(model: RiskModel, ownership: str, risks: list[TriggeredRisk], index: float | None) -> RiskBand:
    anchors = DEFAULT_ANCHORS | dict(model.anchors)
    anchor = anchors[ownership]
    key = f"ownership:{ownership}"
    steps = [BandStep("anchor_ownership", anchor.band, {"ownership": ownership})]
    for risk in risks:
        escalator = model.escalators.get(risk.id)
        if escalator and BANDS.index(escalator.band) > BANDS.index(anchor.band):
            anchor, key = escalator, f"risk:{risk.id}"
            steps.append(BandStep("anchor_risk", anchor.band, {"risk": risk.id}))
    band: str = anchor.band
    critical = [r.id for r in risks if r.severity == "critical"]
    high = [r.id for r in risks if r.severity == "high" and r.id != anchor.risk]
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
    source = (
        anchor.source if isinstance(anchor.source, str) else anchor.source.get("en", next(iter(anchor.source.values())))
    )
    return RiskBand(band, anchor.failure_rate, source, tuple(steps), key, anchor.kind, anchor.year)
