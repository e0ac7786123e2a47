"""The verdict in words for people, in their language: the one sentence that explains index,
level and band, the band's honest starting point, and the stage judged.

The parts come from `scoring.verdict`; this module only words them (Flask-Babel).
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from reports.numbers import locale_number
from scoring import Questionnaire, ReadinessResult
from scoring.results import BandStep, RiskBand
from scoring.risk import anchor_for
from scoring.verdict import reason_detail, verdict_of

BAND_LABELS = {"low": _l("Low"), "moderate": _l("Moderate"), "high": _l("High"), "critical": _l("Critical")}


def band_label(band: str) -> str:
    return str(BAND_LABELS[band])


def ownership_label(classification: str) -> str:
    return {
        "it_led": _("IT-led"),
        "business_led": _("Business- or HR-led"),
        "shared": _("Shared: business or HR leads, IT partners"),
        "unowned": _("Unowned"),
        "unknown": _("Not stated"),
    }[classification]


def kind_label(kind: str | None) -> str:
    return {
        "forecast": _("forecast"),
        "estimate": _("estimate"),
        "survey": _("survey"),
        "measured": _("measured rate"),
    }.get(kind or "", "")


# The citations of the shipped questionnaires' base rates, so that German reports cite them in German
# (a questionnaire may also give its own `source` as {en: ..., de: ...}).
SHIPPED_SOURCES = (
    _l("Gartner, Predicts 2010 (M. Gilbert), reported by Computer Weekly and destinationCRM"),
    _l("Gartner 2010, reported by Information Age"),
    _l("Community Roundtable, Community Maturity Model (2009, revised 2019)"),
    _l("Gartner 2013 (A. Bradley), from more than 1,000 organisations"),
)


def source_text(q: Questionnaire, band: RiskBand, locale: str) -> str:
    """The band's source in the reader's language: the file's own translation, else the catalogue's."""
    anchor = anchor_for(q.risk_model, band.anchor)
    if anchor is not None and not isinstance(anchor.source, str):
        return q.text(anchor.source, locale)
    return _(band.source)


def base_rate_text(q: Questionnaire, band: RiskBand, locale: str) -> str:
    """Where the band starts: the base rate in a sentence, then what kind of figure it is, its year and source."""
    anchor = anchor_for(q.risk_model, band.anchor)
    if anchor is not None and anchor.statement:
        text = q.text(anchor.statement, locale)
    elif band.failure_rate is None:
        text = _("No published failure rate applies to initiatives set up like this one")
    else:
        text = _("About %(rate)d%% of initiatives set up like this one fail", rate=round(band.failure_rate * 100))
    facts = [part for part in (kind_label(band.kind), str(band.year) if band.year else "") if part]
    facts.append(source_text(q, band, locale))
    return f"{text} ({', '.join(facts)})"


def _reason(q: Questionnaire, step: BandStep, locale: str) -> str:
    d = reason_detail(step)
    if step.code == "anchor_ownership":
        owner = step.detail["ownership"]
        if owner == "unknown":
            return _("ownership was not stated")
        words = {
            "it_led": _("IT-led"),
            "business_led": _("business- or HR-led"),
            "shared": _("jointly owned"),
            "unowned": _("unowned"),
        }
        return _("that is where %(owner)s initiatives start", owner=words[owner])
    if step.code == "anchor_risk":
        return _("“%(risk)s” applies", risk=q.text(q.risk_factors[step.detail["risk"]].title, locale))
    if step.code == "critical_risk":
        return ngettext("%(num)d critical risk factor applies", "%(num)d critical risk factors apply", d["count"])
    if step.code == "several_high_risks":
        return _("%(num)d high risk factors apply", num=d["count"])
    if step.code == "weak_index":
        return _("the index is under %(threshold)s", threshold=q.format_score(d["threshold"], locale_number))
    return _(
        "the index is %(threshold)s or more and no high or critical risk applies",
        threshold=q.format_score(d["threshold"], locale_number),
    )


def _joined(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return _("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1])


def verdict_sentence(q: Questionnaire, result: ReadinessResult, locale: str) -> str:
    """Index, level and band in one sentence, saying why they differ when they do."""
    v = verdict_of(q, result, locale, locale_number)
    if v.index is None:
        text = _("Too few answers to compute an index")
    else:
        text = _("Index %(index)s: level %(level)s (%(name)s)", index=v.index, level=v.level, name=v.level_name)
        if v.level_by_score is not None:
            text += _(
                ", not level %(level)s (%(name)s) that the index alone would give, because the answers do not "
                "show %(missing)s",
                level=v.level_by_score,
                name=v.level_by_score_name,
                missing=_joined([item[:1].lower() + item[1:] for item in v.unmet]),
            )
    if v.band is not None:
        text += _(
            "; indicative failure-risk band %(band)s, because %(reasons)s",
            band=band_label(v.band).lower(),
            reasons=_joined([_reason(q, step, locale) for step in v.reasons]),
        )
    return text + "."


def stage_text(q: Questionnaire, result: ReadinessResult, locale: str) -> str:
    """Which stage the verdict judged, and what that means for the questions counted."""
    v = verdict_of(q, result, locale, locale_number)
    if v.stage is None:
        return ""
    if v.before_launch:
        return _(
            "Judged as an initiative before launch (%(stage)s): questions about a live platform were replaced by "
            "whether it is planned, funded and owned.",
            stage=v.stage,
        )
    return _("Judged as an initiative with a live platform (%(stage)s).", stage=v.stage)
