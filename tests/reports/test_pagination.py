"""Every report type, in English and German, on A4 and Letter, read back page by page: the running
header on page 2 (branding's confidentiality line and preparer included), the logo on the cover,
no near-empty page before the last, no heading ending a page, and the PDF's metadata (title,
language, author, tagged)."""

from __future__ import annotations

import io
import random
import re
from datetime import date

import pytest
from flask_babel import force_locale
from pypdf import PdfReader

from reports.branding import Branding
from reports.compare_report import CompareFacts, headline, render_compare_pdf
from reports.group_presenter import WorkshopFacts, comparison_view, dashboard_data
from reports.group_report import render_group_report
from reports.plan_report import render_plan_pdf
from reports.report import render_report_pdf
from scoring import score_response
from scoring.answers import to_jsonable
from scoring.group import Participant, aggregate_workshop, compare_groups
from scoring.sampling import profile_answers
from tests.support.logos import png
from tests.support.pdf_layout import page_fill, page_texts, stranded_headings
from tests.support.questionnaires import full, pulse

pytestmark = pytest.mark.slow
WHEN = date(2026, 12, 1)
HEADER = {
    "en": {
        "individual": "Readiness report",
        "group": "Workshop report",
        "plan": "Action plan",
        "compare": "Baseline and follow-up",
        "date": "December 1, 2026",
        "preparer": "Prepared by Anna Berger",
    },
    "de": {
        "individual": "Bericht zur Bereitschaft",
        "group": "Workshop-Bericht",
        "plan": "Maßnahmenplan",
        "compare": "Ausgangsmessung und Folgemessung",
        "date": "1. Dezember 2026",
        "preparer": "Erstellt von Anna Berger",
    },
}


BRANDING = Branding("png", png(), "#ffcc00", "Confidential: board only", "Anna Berger")


def individual_pdf(locale: str, size: str) -> bytes:
    q = full()
    answers = profile_answers(q, random.Random(7), 38)
    return render_report_pdf(
        q,
        answers,
        score_response(q, answers),
        locale,
        label="Example Corp",
        when=WHEN,
        page_size=size,
        branding=BRANDING,
    )


def workshop(locale: str, seed: int = 11, level: float = 45):
    """A pulse workshop of 13: IT 4, HR 3, business 4 and two executives (under the threshold of 3)."""
    q, rng = pulse(), random.Random(seed)
    people = []
    for role in ["it"] * 4 + ["hr"] * 3 + ["business"] * 4 + ["executive"] * 2:
        answers = profile_answers(q, rng, level + rng.uniform(-15, 15))
        answers["role"] = role
        people.append(
            Participant.from_result_dict(role, None, to_jsonable(answers), score_response(q, answers).to_dict())
        )
    group = aggregate_workshop(q, people, threshold=3)
    return q, group, dashboard_data(q, WorkshopFacts(1, "Kick-off", True), group, locale)


def group_pdf(locale: str, size: str) -> bytes:
    q, group, data = workshop(locale)
    return render_group_report(
        q, group, data, "Kick-off", "Example Corp", locale, when=WHEN, page_size=size, branding=BRANDING
    )


def comparison(locale: str):
    """The kick-off (seed 11, around 45) against a follow-up that did better (seed 12, around 60)."""
    q, base, _data = workshop(locale)
    _q, follow, _data = workshop(locale, seed=12, level=60)
    with force_locale(locale):
        view = comparison_view(q, q, compare_groups(q, base, q, follow), locale)
        return view, headline(view, (q, base), (q, follow), locale)


def compare_pdf(locale: str, size: str) -> bytes:
    view, lead = comparison(locale)
    facts = CompareFacts("Follow-up", "Kick-off", "Example Corp", locale, WHEN)
    return render_compare_pdf(view, lead, facts, page_size=size, branding=BRANDING)


def plan_pdf(locale: str, size: str) -> bytes:
    items = [
        {
            "position": n,
            "id": n,
            "title": f"Action number {n} with a title long enough to wrap onto a second line in a narrow column",
            "owner": "Head of HR",
            "horizon": (30, 60, 90)[n % 3],
            "due_date": date(2027, 2, 1),
            "status": "planned",
            "severity": "high",
            "success_measure": "A measurable outcome, reviewed every month by the steering group.",
            "reasons": "A risk; a gap",
            "updated_at": WHEN,
        }
        for n in range(1, 16)
    ]
    plan = {
        "id": 1,
        "title": "Kick-off",
        "organisation": "Example Corp",
        "locale": locale,
        "start_date": WHEN,
        "questionnaire": "Executive pulse",
        "source": "workshop",
        "index": 42.0,
        "index_display": "42",
        "scale_max": "100",
        "level": 2,
        "top_level": 5,
        "level_name": "Emerging",
        "band": "high",
        "items": items,
        "progress": None,
    }
    return render_plan_pdf(plan, page_size=size, today=WHEN, branding=BRANDING)


REPORTS = {"individual": individual_pdf, "group": group_pdf, "plan": plan_pdf, "compare": compare_pdf}
_RENDERED: dict[tuple[str, str, str, str], bytes] = {}


def rendered(kind: str, locale: str, size: str) -> bytes:
    """A report as REPORTS renders it with the BRANDING of the moment, laid out once per run: the
    checks of this module read the same PDFs (each costs seconds of WeasyPrint)."""
    key = (kind, locale, size, BRANDING.fingerprint())
    if key not in _RENDERED:
        _RENDERED[key] = REPORTS[kind](locale, size)
    return _RENDERED[key]


@pytest.mark.parametrize("size", ["A4", "Letter"])
@pytest.mark.parametrize("locale", ["en", "de"])
@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_pages_read_like_a_finished_document(app, kind, locale, size):
    with app.test_request_context():
        pdf = rendered(kind, locale, size)
    texts = page_texts(pdf)
    assert len(texts) >= 2
    header = " ".join(texts[1].split()).replace("-", "")
    cover = " ".join(texts[0].split())
    for part in ("Example Corp", HEADER[locale][kind], HEADER[locale]["date"], BRANDING.confidentiality):
        assert part.replace("-", "") in header, (part, header[:300])
    assert HEADER[locale]["preparer"] in header and HEADER[locale]["preparer"] in cover
    assert BRANDING.confidentiality in cover
    assert logos_per_page(pdf) == [1] * len(texts)  # the cover's logo, then the header's (charts are vector SVG)
    fills = page_fill(pdf)
    assert all(fill >= 1 / 3 for fill in fills[:-1]), fills
    assert stranded_headings(pdf) == []
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == locale and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title and reader.metadata.author == BRANDING.preparer


def logos_per_page(pdf: bytes) -> list[int]:
    """How many copies of the example logo (120 x 40 pixels) each page draws."""
    return [
        sum(1 for image in page.images if image.image.size == (120, 40)) for page in PdfReader(io.BytesIO(pdf)).pages
    ]


@pytest.mark.parametrize("kind", sorted(REPORTS))
def test_header_logo_sits_beside_the_header_text_and_is_gone_without_branding(app, kind, monkeypatch):
    """The header's logo must not push the header text off the page, and a report without branding
    keeps the header it had before (no image anywhere)."""
    with app.test_request_context():
        branded = rendered(kind, "de", "Letter")
        monkeypatch.setattr(f"{__name__}.BRANDING", Branding())
        plain = rendered(kind, "de", "Letter")
    assert logos_per_page(plain) == [0] * len(page_texts(plain))
    for pdf in (branded, plain):
        header = " ".join(page_texts(pdf)[1].split()).replace("-", "")
        assert "Example Corp" in header and HEADER["de"]["date"] in header, header[:300]


def squeezed(text: str) -> str:
    """Text without spaces and hyphens, so words wrapped or hyphenated across lines still match."""
    return re.sub(r"[\s\-\u00ad\u2010]+", "", text)


def test_first_page_leads_with_the_answer_and_actions_are_numbered_across_horizons(app):
    from reports.executive_presenter import executive_view
    from reports.result_presenter import build_view

    q = full()
    answers = profile_answers(q, random.Random(7), 38)
    result = score_response(q, answers)
    with app.test_request_context():
        pdf = render_report_pdf(q, answers, result, "en", label="Example Corp", when=WHEN)
        view = build_view(q, answers, result, "en", label="Example Corp", when=WHEN)
        executive = executive_view(view, q, result)
    first = squeezed(page_texts(pdf)[0])
    for text in (view.verdict, "Top risks", "First actions", "Decisions for the board", *executive.decisions):
        assert squeezed(text) in first, text
    for item in [*executive.risks, *executive.actions]:
        assert squeezed(item.title) in first, item.title
    assert len(executive.actions) == 3 and len(executive.risks) == 3
    flat = squeezed("".join(page_texts(pdf)))
    numbered = [action for _horizon, actions in view.actions_by_horizon for action in actions]
    assert len({action.horizon for action in numbered}) > 1  # numbers must run on across horizons
    for number, action in enumerate(numbered, 1):
        assert f"{number}.{squeezed(action.title)}" in flat, (number, action.title)
    assert_roadmap_numbered(pdf, [action.title for action in numbered])


def assert_roadmap_numbered(pdf: bytes, titles: list[str]) -> None:
    """The roadmap table: one row per action, numbered 1, 2, 3... across the 30/60/90-day groups."""
    text = "".join(page_texts(pdf))
    table = squeezed(text[text.index("Roadmap: first 30, 60 and 90 days") :])
    at = 0
    for number, title in enumerate(titles, 1):
        found = table.find(f"{number}{squeezed(title)[:20]}", at)
        assert found >= 0, (number, title)
        at = found


def test_the_plans_roadmap_numbers_actions_across_horizons(app):
    with app.test_request_context():
        pdf = rendered("plan", "en", "A4")
    titles = [f"Action number {n} with a" for n in sorted(range(1, 16), key=lambda n: ((30, 60, 90)[n % 3], n))]
    assert_roadmap_numbered(pdf, titles)
    flat = squeezed("".join(page_texts(pdf)))
    for number, title in enumerate(titles, 1):
        assert f"{number}.{squeezed(title)}" in flat, (number, title)


def test_heatmap_shows_only_groups_at_or_over_the_threshold(app):
    from reports.exhibits import heatmap

    with app.test_request_context():
        _q, group, data = workshop("en")
    shown = {r["label"] for r in data["roles"] if r["count"] >= 3}
    heat = heatmap(data["dimensions"])
    assert heat["columns"] and set(heat["columns"]) <= shown and "Executive" not in " ".join(heat["columns"])
    assert len(heat["rows"]) == len(data["dimensions"])
    assert all(len(row["cells"]) == 1 + len(heat["columns"]) for row in heat["rows"])
