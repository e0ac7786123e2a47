"""PDF reports rendered for real and read back with pypdf."""

import io
import logging
import re

import pytest
from pypdf import PdfReader

from reports.pdf import html_to_pdf
from reports.weasy import DataOnlyFetcher
from scoring import parse_answers, score_response
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, answers_of
from tests.support.questionnaires import pulse

HOSTILE = "<script>alert(1)</script> <img src=file:///etc/passwd> {{ 7*7 }}"


def read(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def squeezed(text: str) -> str:
    """Text without spaces, so words wrapped inside table cells still match."""
    return re.sub(r"\s+", "", text).replace("'", "’")


@pytest.fixture
def it_led_pdf(client, survey):
    token = survey.complete(PULSE_IT_LED, label=HOSTILE)
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    return token, response.data


def test_report_has_every_section_index_risk_and_action(app, it_led_pdf):
    token, pdf = it_led_pdf
    reader, text = read(pdf)
    for section in (
        "Executive summary",
        "Readiness index and maturity",
        "Maturity by dimension",
        "Risk register",
        "Action plan: 30, 60 and 90 days",
        "Appendix: answers",
    ):
        assert section in text
    q = pulse()
    answers = answers_of(PULSE_IT_LED)
    result = score_response(q, parse_answers(q, answers))
    assert f"The readiness index is {round(result.readiness_index)} out of 100" in text
    flat = squeezed(text)
    for risk in result.risk_factors:
        assert squeezed(q.text(q.risk_factors[risk.id].title)) in flat, risk.id
    for action in result.actions:
        assert squeezed(q.text(q.actions[action.id].title)) in flat, action.id
    assert 6 <= len(reader.pages) <= 16
    assert "Page 1 / " in text


def test_respondent_text_appears_literally_and_nothing_is_fetched(it_led_pdf, caplog):
    _, pdf = it_led_pdf
    _, text = read(pdf)
    assert "<script>alert(1)</script>" in text
    assert "<img src=file:///etc/passwd>" in text
    assert "{{ 7*7 }}" in text and "49" not in text.split("{{ 7*7 }}")[0][-5:]
    assert "root:x:0:0" not in text


def test_fetcher_refuses_files_and_network(caplog):
    html = (
        '<p>x</p><img src="file:///etc/passwd" alt="A"><img src="http://example.com/x.png" alt="B">'
        '<link rel="stylesheet" href="https://example.com/s.css">'
    )
    with caplog.at_level(logging.WARNING, logger="reports.pdf"):
        pdf = html_to_pdf(html)
    assert pdf.startswith(b"%PDF")
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("/etc/passwd" in m for m in refused) and any("example.com" in m for m in refused)
    with pytest.raises(PermissionError):
        DataOnlyFetcher().fetch("file:///etc/hostname")


@pytest.mark.parametrize("size, width, height", [("A4", 595, 842), ("Letter", 612, 792)])
def test_page_sizes(client, survey, size, width, height):
    token = survey.complete(PULSE_HR_LED)
    pdf = client.get(f"/r/{token}/report.pdf?size={size}").data
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (width, height)


def test_long_words_and_other_scripts_do_not_break_the_layout(client, survey):
    label = "Ärzte Ελληνικά Кириллица שלום مرحبا " + "x" * 150
    token = survey.complete(PULSE_HR_LED, label=label)
    pdf = client.get(f"/r/{token}/report.pdf").data
    reader, text = read(pdf)
    assert "Ελληνικά" in text and "Кириллица" in text
    assert text.count("x") >= 150
    assert len(reader.pages) <= 16


def test_report_before_submission_is_404(client, survey):
    token = survey.start()
    assert client.get(f"/r/{token}/report.pdf").status_code == 404


def test_missing_chart_engine_gives_a_clear_page(app, client, survey):
    token = survey.complete(PULSE_HR_LED)
    app.config["CHROMIUM_PATH"] = "/nonexistent/chromium"
    app.config["PDF_CHARTS"] = "kaleido"  # the print charts drawn by Chromium, not in Python
    from reports import svg

    svg.shutdown()
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 503
    page = response.get_data(as_text=True)
    assert "The PDF report cannot be made right now" in page and "chromium" in page
    assert "Traceback" not in page
    assert client.get(f"/r/{token}/results").status_code == 200  # nothing else breaks


def test_print_charts_need_no_browser(app, client, survey):
    token = survey.complete(PULSE_HR_LED)
    app.config["CHROMIUM_PATH"] = "/nonexistent/chromium"
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"


@pytest.mark.slow
def test_report_command_writes_a_pdf(app, runner, survey, tmp_path):
    token = survey.complete(PULSE_IT_LED, label="ACME")
    out = tmp_path / "report.pdf"
    result = runner.invoke(args=["report", token, "-o", str(out), "--page-size", "Letter"])
    assert result.exit_code == 0, result.output
    _, text = read(out.read_bytes())
    assert "ACME" in text and "Risk register" in text


def test_report_command_refuses_unknown_response(runner, tmp_path):
    result = runner.invoke(args=["report", "999", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "no response '999'" in result.output
