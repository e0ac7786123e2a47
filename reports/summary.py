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
                "The readiness index is %(index)s out of %(max)s, which is maturity level %(level)s of %(top)s "
                "(%(name)s).",
                index=view.index_display,
                max=view.scale_max,
                level=view.level,
                top=view.top_level,
                name=view.level_name,
            )
        )
    paragraphs.append(view.verdict)
    if view.stage:
        paragraphs.append(view.stage)
    if view.band:
        text = _("The failure-risk band is indicative; its starting point: %(base)s.", base=view.base_rate)
        if view.ownership:
            text = _("Ownership: %(owner)s.", owner=view.ownership_label) + " " + text
        paragraphs.append(text)
    serious = [r for r in view.risks if r.severity in ("critical", "high")]
    if view.risks:
        text = ngettext("%(num)d known failure risk applies", "%(num)d known failure risks apply", len(view.risks))
        if serious:
            text += "; " + _("the most serious: %(titles)s", titles=", ".join(r.title for r in serious[:3]))
        paragraphs.append(text + ".")
    elif view.has_risk_factors:
        paragraphs.append(_("None of the known failure patterns applies."))
    assessed = [(d, d.score) for d in view.dimensions if d.score is not None]
    if len(assessed) >= 2:
        strongest, _top = max(assessed, key=lambda pair: pair[1])
        weakest, _bottom = min(assessed, key=lambda pair: pair[1])
        paragraphs.append(
            _(
                "Strongest dimension: %(strong)s (%(s1)s). Weakest: %(weak)s (%(s2)s).",
                strong=strongest.title,
                s1=strongest.score_display,
                weak=weakest.title,
                s2=weakest.score_display,
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
