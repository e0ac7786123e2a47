"""Every PDF template takes its <head> (title, language, print stylesheet) from one partial."""

from datetime import date
from pathlib import Path

from flask import render_template
from flask_babel import force_locale

REPORTS = Path(__file__).resolve().parents[2] / "assessment" / "templates" / "reports"


def test_every_report_template_uses_the_shared_head():
    for template in sorted(REPORTS.glob("*.html")):
        if template.name == "_head.html":
            continue
        text = template.read_text(encoding="utf-8")
        assert "<head" not in text and "report.css" not in text, template.name
        if template.name.startswith("_"):  # a partial (macros), not a document
            assert "<html" not in text, template.name
            continue
        assert '{% include "reports/_head.html" %}' in text or text.startswith("{% extends "), template.name


def test_report_without_results_is_in_the_workshops_language(app):
    with app.test_request_context(), force_locale("de"):
        html = render_template(
            "reports/group.html",
            view=None,
            page_size="A4",
            title="Auftakt",
            organisation="ACME",
            when=date(2027, 1, 4),
            data={"message": "Noch zu wenige Antworten.", "workshop": {"respondents": 1}},
        )
    assert '<html lang="de">' in html
    assert html.count("<head>") == 1 and "<title>Auftakt</title>" in html
    assert "size: A4;" in html and 'content: "Seite "' in html
