"""The executive summary in plain words, built from the result view."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import ngettext

from reports.result_presenter import ResultView


def executive_summary(view: ResultView) -> list[str]:
    """Three to five short paragraphs an executive can read in a minute."""
    paragraphs = []
    if view.index is None:
        paragraphs.append(_("Too few questions were answered to compute a readiness index."))
    else:
        paragraphs.append(
            _(
                "The readiness index is %(index)d out of 100, which is maturity level %(level)d of 5 (%(name)s).",
                index=view.index,
                level=view.level,
                name=view.level_name,
            )
        )
    paragraphs.append(
        _(
            "Ownership: %(owner)s. The indicative failure-risk band is %(band)s; for initiatives set up like this "
            "one, about %(rate)d%% fail according to the published base rate.",
            owner=view.ownership_label,
            band=view.band_label.lower(),
            rate=view.base_rate_percent,
        )
    )
    serious = [r for r in view.risks if r.severity in ("critical", "high")]
    if view.risks:
        text = ngettext("%(num)d known failure risk applies", "%(num)d known failure risks apply", len(view.risks))
        if serious:
            text += "; " + _("the most serious: %(titles)s", titles=", ".join(r.title for r in serious[:3]))
        paragraphs.append(text + ".")
    else:
        paragraphs.append(_("None of the known failure patterns applies."))
    assessed = [(d.title, d.score) for d in view.dimensions if d.score is not None]
    if len(assessed) >= 2:
        strongest, top = max(assessed, key=lambda pair: pair[1])
        weakest, bottom = min(assessed, key=lambda pair: pair[1])
        paragraphs.append(
            _(
                "Strongest dimension: %(strong)s (%(s1)d). Weakest: %(weak)s (%(s2)d).",
                strong=strongest,
                s1=top,
                weak=weakest,
                s2=bottom,
            )
        )
    if view.actions:
        first = view.actions[0]
        paragraphs.append(
            _(
                "First action: %(title)s (owner: %(owner)s, within %(days)d days).",
                title=first.title,
                owner=first.owner_role,
                days=first.horizon,
            )
        )
    return paragraphs
