"""Figures on a German page have a decimal comma, whichever layer wrote them: scoring's formatted
scores, points and verdict get the page's number formatter from the presenters."""

import html
import re

from assessment.db import session
from assessment.services.questionnaires import publish
from tests.support.paths import DATA
from tests.support.port import PORT_ANSWERS, PORT_ID

ENGLISH_DECIMAL = re.compile(r"\d\.\d{1,2}(?!\d)")  # 0.44, +1.50; not a German thousands point (1.000)


def text_of(response) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", response.get_data(as_text=True), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def test_a_german_results_page_writes_every_decimal_with_a_comma(app, client, survey):
    # the port model (a 0-3 scale with two decimals) as a German questionnaire
    text = (DATA / "port.yaml").read_text(encoding="utf-8")
    text = text.replace("locales: [en]", "locales: [de]", 1).replace("default_locale: en", "default_locale: de", 1)
    with app.app_context():
        publish(session(), text, "port.yaml", published_by="test")
        session().commit()
    client.set_cookie("locale", "de")
    token = survey.start(PORT_ID)
    survey.answer(token, PORT_ANSWERS)
    assert survey.submit(token).status_code == 302
    page = text_of(client.get(f"/r/{token}/results"))
    assert "Bereitschaftsindex 0,44 /3" in page
    assert "Index 0,44: Reifegrad 0" in page  # the verdict sentence
    assert "Strategy 0,75 0 · Not started" in page  # a group's score
    assert "Yes for at least half : +0,50 (fehlend: 0,50)" in page  # an answer's points
    assert ENGLISH_DECIMAL.findall(page) == []
