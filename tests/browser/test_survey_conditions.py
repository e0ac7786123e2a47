"""Same-page show-conditions in a real browser, on every kind of answer the page reads: a scale's
target state, a count of choices, a number typed with a decimal comma, and a condition on a
question that is itself hidden (which counts as unanswered, as on the server)."""

import pytest

from assessment.db import session
from assessment.services.questionnaires import publish
from assessment.services.responses import start_response
from tests.support.questionnaires import mutated

pytestmark = pytest.mark.browser

SCALE = "        anchors: {1: Bad, 2: Poor, 3: Fair, 4: Good, 5: Great}\n"
TEXT = "        max_length: 50\n"
AIM = """      - id: aim
        type: text
        required: false
        text: Why aim that high?
        show_if: {question: q2, part: target, at_least: 4}
"""
FOLLOW_UPS = """      - id: many
        type: text
        required: false
        text: Which matters most?
        show_if: {question: q4, at_least: 2}
      - id: big
        type: yesno
        required: false
        text: Is that share growing?
        show_if: {question: q5, at_least: 50}
      - id: growth
        type: text
        required: false
        text: What makes it grow?
        show_if: {question: big, answered: true}
"""


@pytest.fixture
def token(app):
    text = mutated(TEXT, TEXT + FOLLOW_UPS, mutated(SCALE, SCALE + AIM))
    with app.app_context():
        version = publish(session(), text, "conditions.yaml").row
        token = start_response(session(), version, "en").token
        session().commit()
    return token


def shown(page, *ids):
    return [page.locator(f"#q-{qid}").is_visible() for qid in ids]


def test_conditions_follow_the_answers_as_the_server_reads_them(live_server, page, token):
    page.goto(f"{live_server}/r/{token}/page/1")
    assert shown(page, "aim") == [False]
    page.locator("input[name=q2][value='2']").check()
    assert shown(page, "aim") == [False]  # no target state yet
    page.locator("input[name=q2__target][value='5']").check()
    assert shown(page, "aim") == [True]
    page.locator("input[name=q2__target][value='3']").check()
    assert shown(page, "aim") == [False]

    page.goto(f"{live_server}/r/{token}/page/2")
    assert shown(page, "q6", "many", "big", "growth") == [False] * 4
    page.get_by_label("M1").check()
    assert shown(page, "many") == [False]
    page.get_by_label("M2").check()
    assert shown(page, "many") == [True]
    number = page.get_by_label("Question five")
    number.fill("60")
    assert shown(page, "big", "growth") == [True, False]
    page.locator("input[name=big][value=yes]").check()
    assert shown(page, "big", "growth") == [True, True]
    number.fill("10,5")
    assert shown(page, "big", "growth") == [False, False]  # "big" is hidden, so it counts as unanswered
    number.fill("50,0")
    assert shown(page, "big", "growth") == [True, True]
    page.locator("input[name=q3][value=yes]").check()
    assert shown(page, "q6") == [True]
    assert page.csp_errors == []
