"""The comparison PDF as a background job on a real Redis, like the group report: the page shows
the job waiting, then offers the PDF in the language and page size asked for; a second request is
served from the report cache; a render that fails shows a clear message and the failed-jobs link."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

import reports.pdf
from tests.support.jobs import run_worker_once
from tests.support.pdfs import pdf_text
from tests.support.workshops import compared_pair

pytestmark = pytest.mark.slow
LETTER_WIDTH = 612  # points


@pytest.fixture
def app_settings(redis_clean):
    return {"REDIS_URL": redis_clean, "JOB_RETRIES": 0}


@pytest.fixture
def compared(app, anna, workshop) -> str:
    """The URL of the follow-up's comparison PDF against its baseline, in German on Letter."""
    baseline_id, follow_id = compared_pair(app, anna, workshop)
    return f"/workshops/{follow_id}/compare.pdf?with={baseline_id}&lang=de&size=Letter"


def ask(anna, url: str) -> str:
    """Ask for the PDF; returns the job page it leads to."""
    asked = anna.get(url)
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/jobs/"), asked.status_code
    return asked.headers["Location"]


def test_the_comparison_pdf_is_rendered_by_a_worker_in_the_language_and_size_asked(app, anna, compared, monkeypatch):
    waiting = ask(anna, compared)
    page = anna.get(waiting).get_data(as_text=True)
    assert "Waiting for a free worker" in page and 'http-equiv="refresh"' in page
    assert "Comparison of Follow-up with Kick-off" in page
    assert anna.get(waiting + "/status.json").get_json()["done"] is False
    run_worker_once(app)
    state = anna.get(waiting + "/status.json").get_json()
    assert (state["status"], state["done"], state["progress"]) == ("finished", True, {"done": 2, "total": 2})
    assert "Download the PDF report" in anna.get(waiting).get_data(as_text=True)
    pdf = anna.get(waiting + "/download")
    assert pdf.mimetype == "application/pdf" and "comparison-" in pdf.headers["Content-Disposition"]
    assert "Ausgangsmessung und Folgemessung" in pdf_text(pdf.data) and "Dimensionen vorher und nachher" in pdf_text(
        pdf.data
    )
    assert float(PdfReader(io.BytesIO(pdf.data)).pages[0].mediabox.width) == LETTER_WIDTH

    def no_render(html: str) -> bytes:
        raise AssertionError("rendered again instead of read from the report cache")

    monkeypatch.setattr(reports.pdf, "html_to_pdf", no_render)
    again = ask(anna, compared)
    run_worker_once(app)
    assert anna.get(again + "/download").data == pdf.data


def test_a_comparison_that_cannot_be_rendered_says_so_on_its_job_page(app, anna, compared, monkeypatch):
    def broken(html: str) -> bytes:
        raise RuntimeError("the PDF renderer has no fonts")

    monkeypatch.setattr(reports.pdf, "html_to_pdf", broken)
    waiting = ask(anna, compared.replace("&size=Letter", ""))
    run_worker_once(app)
    assert anna.get(waiting + "/status.json").get_json()["status"] == "failed"
    page = anna.get(waiting).get_data(as_text=True)
    assert "This did not work: RuntimeError: the PDF renderer has no fonts" in page
    assert "/jobs/failed" in page and "Download the PDF report" not in page


def test_the_group_report_job_prints_in_the_language_asked(app, anna, workshop):
    _baseline_id, follow_id = compared_pair(app, anna, workshop)
    waiting = ask(anna, f"/workshops/{follow_id}/report.pdf?lang=de&size=Letter")
    run_worker_once(app)
    pdf = anna.get(waiting + "/download")
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert "Seite 1 /" in text and "Page 1 /" not in text  # the workshop is English; German was asked for
    assert float(PdfReader(io.BytesIO(pdf.data)).pages[0].mediabox.width) == LETTER_WIDTH
