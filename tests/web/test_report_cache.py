"""The report cache: the same report is rendered once, shared by every worker, and never crosses
from one organisation to another."""

import logging
import os
from pathlib import Path

import pytest

import reports.pdf
from app import create_app
from assessment.db import session
from assessment.models import Response
from assessment.report_cache import MAGIC, ReportCache, ReportKey
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The documents WeasyPrint is asked to make; each "PDF" is its HTML, so no layout time is spent."""
    made: list[str] = []

    def recording(html: str) -> bytes:
        made.append(html)
        return b"%PDF-" + html.encode()

    monkeypatch.setattr(reports.pdf, "html_to_pdf", recording)
    return made


def text(pdf: bytes) -> str:
    return pdf.decode()


def cache_files(app) -> list[Path]:
    return sorted(Path(app.config["REPORT_CACHE_DIR"]).glob("*.pdf"))


def change_response(app, token: str, **values) -> None:
    with app.app_context():
        response = session().query(Response).filter_by(token=token).one()
        for name, value in values.items():
            setattr(response, name, value)
        session().commit()


def test_the_same_report_twice_is_rendered_once(client, survey, renders):
    token = survey.complete(PULSE_HR_LED, label="ACME")
    first = client.get(f"/r/{token}/report.pdf")
    second = client.get(f"/r/{token}/report.pdf")
    assert first.status_code == second.status_code == 200
    assert first.data == second.data and "ACME" in text(second.data)
    assert len(renders) == 1


def test_page_size_language_and_answers_each_give_a_new_pdf(app, client, survey, renders):
    token = survey.complete(PULSE_HR_LED, label="ACME")
    a4 = client.get(f"/r/{token}/report.pdf").data
    letter = client.get(f"/r/{token}/report.pdf?size=Letter").data
    assert len(renders) == 2 and letter != a4
    change_response(app, token, locale="de")
    german = text(client.get(f"/r/{token}/report.pdf").data)
    assert len(renders) == 3 and "Zusammenfassung" in german
    other = survey.complete(PULSE_IT_LED)
    with app.app_context():
        it_led = dict(session().query(Response).filter_by(token=other).one().answers)
    change_response(app, token, answers=it_led)  # the same response, other answers (an admin's correction)
    assert text(client.get(f"/r/{token}/report.pdf").data) != german
    assert len(renders) == 4


def test_two_app_instances_share_the_cache(app, client, survey, renders):
    token = survey.complete(PULSE_IT_LED)
    made_here = client.get(f"/r/{token}/report.pdf").data
    other = create_app({k: app.config[k] for k in ("DATABASE_URL", "TESTING", "SECRET_KEY", "SERVER_NAME")})
    assert other.config["REPORT_CACHE_DIR"] == app.config["REPORT_CACHE_DIR"]  # the same instance folder
    assert other.test_client().get(f"/r/{token}/report.pdf").data == made_here
    assert len(renders) == 1
    other.extensions["readiness_db"].engine.dispose()


def test_a_damaged_cache_file_is_ignored_logged_and_replaced(app, client, survey, renders, caplog):
    token = survey.complete(PULSE_IT_LED)
    good = client.get(f"/r/{token}/report.pdf").data
    (stored,) = cache_files(app)
    stored.write_bytes(stored.read_bytes()[:-500])  # cut short, as by a full disk
    with caplog.at_level(logging.WARNING, logger="assessment.report_cache"):
        again = client.get(f"/r/{token}/report.pdf")
    assert again.status_code == 200 and again.data == good
    assert len(renders) == 2 and "damaged or mismatched entry" in caplog.text
    assert stored.read_bytes().startswith(MAGIC) and stored.read_bytes().endswith(good)


KEY = dict(kind="response", state="same-answers", questionnaire="executive-pulse@2", locale="en", page_size="A4")


def test_one_organisations_report_is_never_served_for_anothers_key(tmp_path):
    store = ReportCache(tmp_path, 10 * 1024 * 1024)
    ours, theirs = ReportKey(scope="organisation:1", **KEY), ReportKey(scope="organisation:2", **KEY)
    assert ours.digest() != theirs.digest()
    store.put(ours, b"%PDF-1.7 organisation one")
    assert store.get(theirs) is None
    (tmp_path / f"{ours.digest()}.pdf").rename(tmp_path / f"{theirs.digest()}.pdf")  # a file under the wrong name
    assert store.get(theirs) is None
    assert not (tmp_path / f"{theirs.digest()}.pdf").exists()


def test_the_cache_keeps_under_its_cap_and_evicts_the_least_recently_read(tmp_path):
    store = ReportCache(tmp_path, 2500)
    keys = [ReportKey(scope="organisation:1", **(KEY | {"state": str(i)})) for i in range(3)]
    store.put(keys[0], b"0" * 1000)
    store.put(keys[1], b"1" * 1000)
    os.utime(tmp_path / f"{keys[1].digest()}.pdf", (1, 1))  # read long ago
    assert store.get(keys[0]) is not None  # read just now
    store.put(keys[2], b"2" * 1000)
    assert store.get(keys[1]) is None
    assert store.get(keys[0]) == b"0" * 1000 and store.get(keys[2]) == b"2" * 1000


def test_a_cap_of_zero_renders_every_time(app, client, survey, renders):
    app.config["REPORT_CACHE_MB"] = 0
    token = survey.complete(PULSE_IT_LED)
    client.get(f"/r/{token}/report.pdf")
    client.get(f"/r/{token}/report.pdf")
    assert len(renders) == 2 and cache_files(app) == []
