"""The verdict on the pages, the PDF and the API: the one sentence, the stage, the honest band;
a model with groups and level 0 and without any band (tests/data/port.yaml) shown right."""

import html
import re

import pytest

from assessment.db import session
from assessment.services.questionnaires import publish
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED
from tests.support.api import api, make_token
from tests.support.paths import DATA
from tests.support.pdfs import pdf_text


def _port_page(dimension: str, **given) -> dict:
    return {f"{dimension}-{n}": given.get(f"q{n}", "no") for n in (1, 2, 3)}


PORT_ANSWERS = [  # streams 1.5, 0, 0 and 0.25 of 3: practices 0.75 and 0.125, the function 0.4375
    {"role": "practitioner"},
    _port_page("strategy-a", q1="all", q2="half"),
    _port_page("strategy-b"),
    _port_page("education-a"),
    _port_page("education-b", q1="some"),
]


def text_of(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))))


@pytest.fixture
def port(app):
    with app.app_context():
        publish(session(), (DATA / "port.yaml").read_text(encoding="utf-8"), "port.yaml", published_by="test")
        session().commit()
    return "port-of-a-peer-model"


def test_results_page_explains_index_level_and_band_in_one_sentence(client, survey):
    token = survey.complete(PULSE_IT_LED)
    page = text_of(client.get(f"/r/{token}/results"))
    assert re.search(r"Index \d+: level \d \(\w+\)[^.]*; indicative failure-risk band critical, because", page)
    assert "Judged as an initiative with a live platform (Launched six months ago or more)." in page
    # the band is shown as indicative, with its base rate, year and kind, outside any collapsed section
    summary = client.get(f"/r/{token}/results").get_data(as_text=True).split("<details>")[0]
    assert "Failure risk (indicative)" in summary
    assert "The band is indicative, not a probability for your organisation." in summary


def test_it_led_base_rate_is_called_a_forecast_with_its_year(client, survey):
    token = survey.complete(
        [
            PULSE_IT_LED[0],
            {**PULSE_IT_LED[1]},
            {"objectives": "measurable", "sequence": "case-first"},
            *PULSE_HR_LED[3:],
        ]
    )
    page = text_of(client.get(f"/r/{token}/results"))
    assert (
        "Gartner forecast in 2010 that over 70% of IT-dominated social media initiatives would fail through "
        "2012 (forecast, 2010," in page
    )


def test_unowned_initiatives_get_their_own_wording_not_a_borrowed_rate(client, survey):
    pages = [PULSE_HR_LED[0], {**PULSE_HR_LED[1], "owner": "nobody"}, *PULSE_HR_LED[2:]]
    token = survey.complete(pages)
    page = text_of(client.get(f"/r/{token}/results"))
    assert "No published failure rate exists for initiatives nobody owns" in page
    assert "70%" not in page.split("Starting point:")[1].split(".")[0]


def test_the_plan_leads_with_the_vital_few_and_leaves_out_what_is_in_place(client, survey):
    token = survey.complete(PULSE_IT_LED)
    page = client.get(f"/r/{token}/results").get_data(as_text=True)
    assert "The vital few, first:" in page
    top = page.split('<ol class="actions">')[1].split("</ol>")[0]
    assert top.count("<li>") <= 7
    hr = survey.complete(PULSE_HR_LED)
    assert "Train every employee" not in client.get(f"/r/{hr}/results").get_data(as_text=True)


def test_a_grouped_level_zero_model_without_a_band_on_the_results_page(client, survey, port):
    token = survey.start(port)
    survey.answer(token, PORT_ANSWERS)
    assert survey.submit(token).status_code == 302
    raw = client.get(f"/r/{token}/results").get_data(as_text=True)
    page = text_of(client.get(f"/r/{token}/results"))
    assert "Maturity by group" in page and "Strategy 0.75 0 · Not started" in page
    assert "Readiness index 0.44 /3" in page and "Maturity level 0 /3" in page
    assert "Index 0.44: level 0 (Not started)." in page
    assert "Goals and roadmap Strategy 1.50 1 · Initial" in page
    assert 'id="chart-groups"' in raw
    for word in ("Failure risk", "failure-risk", "band", "Ownership", "fail"):
        assert word not in page, word


def test_a_grouped_level_zero_model_without_a_band_in_the_api(anna, survey, port):
    token = survey.start(port)
    survey.answer(token, PORT_ANSWERS)
    survey.submit(token)
    data = api(anna, f"/responses/{token}", make_token(anna)).json
    assert data["readiness_index_display"] == "0.44" and data["maturity_level"] == 0
    assert data["display_scale"] == {"min": 0, "max": 3, "decimals": 2}
    assert [(g["id"], g["score_display"], g["level"]) for g in data["groups"]] == [
        ("strategy", "0.75", 0),
        ("education", "0.12", 0),
    ]
    assert data["risk_band"] is None and data["band"] is None and data["ownership"] is None
    assert data["stage"] is None and "band" not in data["verdict"]


@pytest.mark.slow
def test_a_grouped_level_zero_model_without_a_band_in_the_pdf(client, survey, port):
    token = survey.start(port)
    survey.answer(token, PORT_ANSWERS)
    survey.submit(token)
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Maturity by group" in text and "Index 0.44: level 0 (Not started)." in text
    assert "0.44 / 3" in text and "0 / 3" in text
    for word in ("failure risk", "failure-risk", "ownership", "fail"):
        assert word not in text.lower(), word


@pytest.mark.slow
def test_the_pdf_cover_shows_the_band_as_indicative_with_its_base_rate(client, survey):
    token = survey.complete(PULSE_IT_LED)
    text = pdf_text(client.get(f"/r/{token}/report.pdf").data)
    cover = text.split("Executive summary")[0]
    assert "FAILURE RISK (INDICATIVE)" in cover.upper()
    assert "Starting point:" in cover and "(forecast, 2010," in cover or "(estimate, 2013," in cover
    assert "indicative failure-risk band critical, because" in cover
