"""A peer benchmark as plain, labelled values for the results page, the reports and the API."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _

from scoring import Questionnaire
from scoring.benchmark import MIN_PEERS, Benchmark, Standing


def industry_label(industry: str) -> str:
    return {
        "financial-services": _("Financial services"),
        "manufacturing": _("Manufacturing"),
        "public-sector": _("Public sector"),
        "healthcare": _("Healthcare"),
        "retail": _("Retail and consumer goods"),
        "technology": _("Technology and telecoms"),
        "professional-services": _("Professional services"),
        "energy-utilities": _("Energy and utilities"),
        "education": _("Education and research"),
        "other": _("Other industry"),
    }.get(industry, industry)


def size_label(size_band: str) -> str:
    return {
        "under-250": _("fewer than 250 employees"),
        "250-999": _("250 to 999 employees"),
        "1000-4999": _("1,000 to 4,999 employees"),
        "5000-19999": _("5,000 to 19,999 employees"),
        "20000-plus": _("20,000 employees or more"),
    }.get(size_band, size_band)


def _standing(standing: Standing) -> dict[str, Any]:
    return {
        "percentile": standing.percentile,
        "peers": standing.peers,
        "text": _(
            "higher than about %(percent)d%% of %(peers)d organisations",
            percent=standing.percentile,
            peers=standing.peers,
        ),
    }


def benchmark_view(q: Questionnaire, benchmark: Benchmark | None, locale: str) -> dict[str, Any] | None:
    """The labelled benchmark, or None when fewer than the minimum of peers exist."""
    if benchmark is None:
        return None
    rows = [
        {"label": _("Whole index"), **_standing(benchmark.index)},
    ]
    if benchmark.by_industry is not None:
        rows.append(
            {
                "label": _("Same industry: %(industry)s", industry=industry_label(benchmark.industry or "")),
                **_standing(benchmark.by_industry),
            }
        )
    if benchmark.by_size is not None:
        rows.append(
            {
                "label": _("Same size: %(size)s", size=size_label(benchmark.size_band or "")),
                **_standing(benchmark.by_size),
            }
        )
    dimensions = [
        {"id": d.id, "title": q.text(d.title, locale), **_standing(benchmark.dimensions[d.id])}
        for d in q.spec.dimensions
        if d.id in benchmark.dimensions
    ]
    return {
        "peers": benchmark.peers,
        "min_peers": MIN_PEERS,
        "rows": rows,
        "dimensions": dimensions,
        "note": _(
            "Compared with other organisations assessed on this server with the same questionnaire (and imported "
            "benchmark files), never fewer than %(min)d; no other organisation's figures are shown. A percentile "
            "is context for the verdict, not part of it.",
            min=MIN_PEERS,
        ),
        "data": benchmark.to_dict(),
    }
