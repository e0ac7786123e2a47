"""Peer benchmarks: percentiles among other organisations on the results page, the dashboard, the
group report and the API, never from fewer than 5 organisations and never revealing one; the
anonymised export and its import on another server (command line and page)."""

import json
import re

import pytest

from assessment.db import session
from assessment.models import Organisation, User, Workshop
from assessment.models_benchmarks import BenchmarkImport, BenchmarkRecord
from assessment.services.questionnaires import latest_version
from assessment.services.responses import save_page, submit_response
from assessment.services.workshops import create_organisation, create_workshop, join_workshop
from tests.support.accounts import make_admin
from tests.support.answers import PULSE_HR_LED, answers_of
from tests.support.api import api, make_token
from tests.support.benchmarks import NAMES, seed
from tests.support.pdfs import pdf_text


def page_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_no_benchmark_from_four_organisations_one_from_five(app, anna, survey):
    seed(app, 4)
    token = survey.complete(PULSE_HR_LED)
    assert "How you compare" not in anna.get(f"/r/{token}/results").get_data(as_text=True)
    assert api(anna, f"/responses/{token}", make_token(anna)).json["benchmark"] is None
    seed(app, 1, start=4)
    page = page_text(anna.get(f"/r/{token}/results"))
    assert "How you compare" in page
    assert "Whole index 100 higher than about 100% of 5 organisations" in page
    for name in NAMES:
        assert name not in page


def test_a_workshop_is_compared_without_its_own_organisation(app, anna):
    seed(app, 5)
    with app.app_context():
        workshop_id = session().query(Workshop).join(Organisation).filter(Organisation.name == NAMES[0]).one().id
    # its own organisation left out, four peers remain: nothing is shown
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    assert "How this workshop compares" not in page
    assert api(anna, f"/workshops/{workshop_id}", make_token(anna)).json["benchmark"] is None
    seed(app, 1, start=5, pages=PULSE_HR_LED)
    page = page_text(anna.get(f"/workshops/{workshop_id}"))
    assert "How this workshop compares" in page and "of 5 organisations" in page
    assert "Same industry: Retail and consumer goods" in page and "Same size: 1,000 to 4,999 employees" in page
    data = api(anna, f"/workshops/{workshop_id}", make_token(anna)).json["benchmark"]
    assert data["peers"] == 5 and data["data"]["index"]["peers"] == 5
    assert set(data["data"]) >= {"index", "dimensions", "by_industry", "by_size"}


def test_industry_and_size_compare_only_where_five_peers_share_them(app, anna, survey):
    seed(app, 5, industry="retail")
    with app.app_context():
        organisation = create_organisation(
            session(), session().query(User).filter_by(email="anna@example.org").one(), "Eta"
        )
        session().commit()
        organisation_id = organisation.id
    saved = anna.post(f"/organisations/{organisation_id}/profile", {"industry": "retail", "size_band": "20000-plus"})
    assert saved.status_code == 302
    with app.app_context():
        organisation = session().get(Organisation, organisation_id)
        assert (organisation.industry, organisation.size_band) == ("retail", "20000-plus")
    refused = anna.post(f"/organisations/{organisation_id}/profile", {"industry": "mining"})
    assert refused.status_code == 422
    # a workshop of Eta: five retail peers exist, but none of its size
    with app.app_context():
        organisation = session().get(Organisation, organisation_id)
        workshop = create_workshop(session(), organisation, latest_version(session(), "executive-pulse"), "Eta 1")
        for _ in range(3):
            response = join_workshop(session(), workshop, "en")
            save_page(session(), response, 0, answers_of(PULSE_HR_LED), 1)
            submit_response(session(), response)
        session().commit()
        workshop_id = workshop.id
    page = page_text(anna.get(f"/workshops/{workshop_id}"))
    assert "Same industry: Retail and consumer goods" in page and "Same size" not in page


def test_export_needs_five_organisations_and_names_none(app, anna, runner, tmp_path):
    seed(app, 4)
    refused = runner.invoke(args=["benchmark", "export", "executive-pulse"])
    assert refused.exit_code == 1 and "needs at least 5" in refused.output
    assert anna.get("/benchmarks/executive-pulse/export.json").status_code == 404
    seed(app, 1, start=4)
    out = tmp_path / "bench.json"
    done = runner.invoke(args=["benchmark", "export", "executive-pulse", "-o", str(out)])
    assert done.exit_code == 0, done.output
    document = json.loads(out.read_text())
    assert document["format"] == "readiness-benchmark" and len(document["records"]) == 5
    assert set(document["records"][0]) == {"industry", "size_band", "period", "index", "dimensions"}
    text = out.read_text()
    for name in NAMES:
        assert name not in text
    downloaded = anna.get("/benchmarks/executive-pulse/export.json")
    assert downloaded.status_code == 200 and json.loads(downloaded.data)["records"] == document["records"]


def test_a_new_server_starts_from_an_imported_file(app, anna, survey, runner, tmp_path):
    seed(app, 5)
    out = tmp_path / "bench.json"
    assert runner.invoke(args=["benchmark", "export", "executive-pulse", "-o", str(out)]).exit_code == 0
    with app.app_context():  # "another server": no organisation of its own
        for table in ("responses", "workshops", "organisations"):
            session().execute(__import__("sqlalchemy").text(f"DELETE FROM {table}"))
        session().commit()
    token = survey.complete(PULSE_HR_LED)
    assert "How you compare" not in anna.get(f"/r/{token}/results").get_data(as_text=True)
    imported = runner.invoke(args=["benchmark", "import", str(out)])
    assert imported.exit_code == 0 and "imported 5 organisation(s)" in imported.output
    again = runner.invoke(args=["benchmark", "import", str(out)])
    assert "already imported" in again.output
    with app.app_context():
        assert session().query(BenchmarkImport).count() == 1 and session().query(BenchmarkRecord).count() == 5
    assert "How you compare" in anna.get(f"/r/{token}/results").get_data(as_text=True)


def test_the_benchmarks_page_imports_for_admins_only(app, anna, tmp_path):
    seed(app, 5)
    document = anna.get("/benchmarks/executive-pulse/export.json").data
    page = page_text(anna.get("/benchmarks"))
    assert "Peers per questionnaire" in page and "Download (JSON)" in page
    upload = {"file": (__import__("io").BytesIO(document), "bench.json")}
    refused = anna.post("/benchmarks/import", upload, content_type="multipart/form-data")
    assert refused.status_code == 404
    make_admin(app, "anna@example.org")
    upload = {"file": (__import__("io").BytesIO(document), "bench.json")}
    done = anna.post("/benchmarks/import", upload, content_type="multipart/form-data")
    assert done.status_code == 302
    assert "bench.json" in page_text(anna.get("/benchmarks"))
    bad = {"file": (__import__("io").BytesIO(b'{"format": "readiness-benchmark", "records": []}'), "bad.json")}
    refused = anna.post("/benchmarks/import", bad, content_type="multipart/form-data")
    assert refused.status_code == 422 and "Nothing was imported" in page_text(refused)


@pytest.mark.slow
def test_the_group_report_shows_the_benchmark(app, anna):
    seed(app, 6)
    with app.app_context():
        workshop_id = session().query(Workshop).join(Organisation).filter(Organisation.name == NAMES[0]).one().id
    response = anna.get(f"/workshops/{workshop_id}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "How you compare" in text and "of 5 organisations" in text
