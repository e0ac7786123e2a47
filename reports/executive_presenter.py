"""The executive page: the answer first, then the few risks, actions and decisions a board acts on,
and one sentence opening each later section. Plain values for the print templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from reports.exhibits import risk_matrix
from reports.result_presenter import SEVERITY_ORDER, ActionView, ResultView, RiskView
from scoring import Questionnaire, ReadinessResult

TOP = 3


@dataclass
class TargetRow:
    """A dimension's current and target state: mean points (1-5) of its questions with a target."""

    title: str
    current: float
    target: float


@dataclass
class ExecutiveView:
    risks: list[RiskView]
    actions: list[ActionView]
    decisions: list[str]
    findings: dict[str, str] = field(default_factory=dict)  # section -> its one-sentence finding
    targets: list[TargetRow] = field(default_factory=list)
    matrix: dict[str, Any] = field(default_factory=dict)  # severity x dimension (reports.exhibits.risk_matrix)


def executive_view(
    view: ResultView, q: Questionnaire | None = None, result: ReadinessResult | None = None
) -> ExecutiveView:
    risks = sorted(view.risks, key=lambda r: SEVERITY_ORDER.index(r.severity))[:TOP]
    return ExecutiveView(
        risks=risks,
        actions=view.actions[:TOP],
        decisions=decisions(view),
        findings=findings(view),
        targets=target_rows(q, result, view.locale) if q is not None and result is not None else [],
        matrix=risk_matrix(view.risks),
    )


def decisions(view: ResultView) -> list[str]:
    """What the board is asked to decide, from the band and the first actions."""
    asked = []
    if view.band in ("high", "critical"):
        asked.append(
            _(
                "Go ahead, pause or re-scope: the indicative failure-risk band is %(band)s, so decide whether the "
                "initiative continues as planned before more is spent.",
                band=view.band_label.lower(),
            )
        )
    elif view.band:
        asked.append(
            _(
                "Confirm that the initiative goes ahead (indicative failure-risk band %(band)s).",
                band=view.band_label.lower(),
            )
        )
    first = [a for a in view.actions if a.horizon <= 30]
    if first:
        asked.append(
            ngettext(
                "Name an owner for and fund the %(num)d action due within 30 days, “%(title)s”.",
                "Name owners for and fund the %(num)d actions due within 30 days, starting with “%(title)s”.",
                len(first),
                title=first[0].title,
            )
        )
    asked.append(_("Set the date of the next assessment, so that the change can be measured (a follow-up in 90 days)."))
    return asked


def findings(view: ResultView) -> dict[str, str]:
    """One sentence opening each later section: what the section shows, before its detail."""
    found = {"index": view.verdict}
    assessed = [d for d in view.dimensions if d.score is not None]
    if len(assessed) >= 2:
        strong = max(assessed, key=lambda d: d.score or 0)
        weak = min(assessed, key=lambda d: d.score or 0)
        found["dimensions"] = _(
            "Strongest is “%(strong)s” (%(s1)s), weakest “%(weak)s” (%(s2)s).",
            strong=strong.title,
            s1=strong.score_display,
            weak=weak.title,
            s2=weak.score_display,
        )
    serious = [r for r in view.risks if r.severity in ("critical", "high")]
    if view.risks:
        found["risks"] = ngettext(
            "%(num)d known failure risk applies, %(serious)d of them high or critical.",
            "%(num)d known failure risks apply, %(serious)d of them high or critical.",
            len(view.risks),
            serious=len(serious),
        )
    if view.actions:
        counts = {h: len(a) for h, a in view.actions_by_horizon}
        found["actions"] = _(
            "%(n30)d actions within 30 days, %(n60)d within 60 and %(n90)d within 90; start with “%(first)s”.",
            n30=counts.get(30, 0),
            n60=counts.get(60, 0),
            n90=counts.get(90, 0),
            first=view.actions[0].title,
        )
    return found


def target_rows(q: Questionnaire, result: ReadinessResult, locale: str) -> list[TargetRow]:
    """Per dimension with target questions, the mean current and target points, in questionnaire order."""
    sums: dict[str, list[float]] = {}
    for gap in result.gaps:
        total = sums.setdefault(gap.dimension_id, [0.0, 0.0, 0.0])
        total[0] += gap.current
        total[1] += gap.target
        total[2] += 1
    return [
        TargetRow(q.text(d.title, locale), round(s[0] / s[2], 1), round(s[1] / s[2], 1))
        for d in q.spec.dimensions
        if (s := sums.get(d.id)) and s[2]
    ]
