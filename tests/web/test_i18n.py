"""English and German: a complete catalogue, German pages without English left over, the
language switch, dates in the reader's format, and a German PDF report."""

import io
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from pypdf import PdfReader

from assessment.db import session
from assessment.models import Workshop
from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.survey import participate

ROOT = Path(__file__).resolve().parents[2]
GERMAN_PO = ROOT / "assessment" / "translations" / "de" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdifrx]|%%|\{\w*\}")
START = date(2027, 1, 4)


@pytest.fixture(autouse=True, scope="module")
def compiled_catalogue():
    """The app reads the compiled .mo: compile it when it is missing or older than the .po (as scripts/setup does)."""
    mo = GERMAN_PO.with_suffix(".mo")
    if not mo.exists() or mo.stat().st_mtime < GERMAN_PO.stat().st_mtime:
        CommandLineInterface().run(["pybabel", "-q", "compile", "-d", str(ROOT / "assessment" / "translations")])


def german_catalog():
    with GERMAN_PO.open("rb") as handle:
        return read_po(handle)


def forms(value) -> tuple[str, ...]:
    """A message's id or string as a tuple: one entry, or singular and plural forms."""
    return value if isinstance(value, tuple) else (value,)


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text or ""))


# The catalogue


def test_every_german_message_is_translated_and_keeps_its_placeholders():
    catalog = german_catalog()
    assert catalog.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not catalog.fuzzy, "the header of the German catalogue is marked fuzzy"
    problems = []
    messages = [m for m in catalog if m.id]
    for message in messages:
        ids, strings = forms(message.id), forms(message.string)
        if message.fuzzy:
            problems.append(f"fuzzy: {ids[0]!r}")
        if len(strings) != len(ids) or not all(s.strip() for s in strings):
            problems.append(f"untranslated: {ids[0]!r}")
            continue
        for string in strings:
            # a plural form may drop the number ("eine Frage"), never add or rename one
            expected = placeholders(ids[-1])
            if placeholders(string) != expected and not (len(ids) > 1 and set(placeholders(string)) <= set(expected)):
                problems.append(f"placeholders differ: {ids[0]!r} -> {string!r}")
    assert len(messages) > 300
    assert not problems, "German catalogue problems (fix them in messages.po):\n" + "\n".join(problems)


def test_catalogue_holds_every_string_in_the_source(tmp_path):
    keywords = re.findall(r"-k (\S+)", (ROOT / "scripts" / "i18n").read_text())
    assert "_l" in keywords
    pot = tmp_path / "messages.pot"
    args = ["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"), "--no-location", "-o", str(pot)]
    for keyword in keywords:
        args += ["-k", keyword]
    CommandLineInterface().run([*args, str(ROOT)])
    with pot.open("rb") as handle:
        source_ids = {forms(m.id)[0] for m in read_po(handle) if m.id}
    assert len(source_ids) > 300  # the extraction found the templates and the Python code
    translated = {forms(m.id)[0] for m in german_catalog() if m.id}
    missing = sorted(source_ids - translated)
    assert not missing, (
        f"{len(missing)} interface strings are not in the German catalogue; run scripts/i18n and translate them "
        "in translations/de/LC_MESSAGES/messages.po:\n" + "\n".join(missing[:30])
    )


# German pages


class PageText(HTMLParser):
    """The text a reader sees or hears: text nodes and labelling attributes, no scripts or styles."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lang = None
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts += [attrs[a] for a in ("alt", "title", "aria-label", "placeholder") if attrs.get(a)]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def page_text(html: str) -> tuple[str | None, str]:
    parser = PageText()
    parser.feed(html)
    return parser.lang, re.sub(r"\s+", " ", unescape(" ".join(parser.parts)))


def english_phrases() -> list[str]:
    """Interface phrases of four words or more whose German differs: none may show on a German page."""
    phrases = set()
    for message in german_catalog():
        if not message.id or forms(message.string) == forms(message.id):
            continue
        for msgid in forms(message.id):
            for fragment in PLACEHOLDER.split(msgid):
                fragment = re.sub(r"\s+", " ", fragment).strip(" .,:;·()“”")
                if len(fragment.split()) > 3:
                    phrases.add(fragment)
    return sorted(phrases)


def german(client) -> Client:
    client.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "de-DE,de;q=0.9,en;q=0.5"
    return client


def new_workshop(anna, organisation_id: int, title: str, **extra) -> tuple[int, str]:
    made = anna.post(
        f"/organisations/{organisation_id}/workshops",
        {"title": title, "questionnaire": "executive-pulse", "locale": "de", "threshold": "3", **extra},
    )
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    workshop_id = int(made.headers["Location"].rsplit("/", 1)[1])
    token = re.search(r"/w/([A-Za-z0-9_-]+)", anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)).group(1)
    return workshop_id, token


@pytest.fixture
def german_site(app, anna, survey):
    """A German-speaking consultant with a baseline, a follow-up, a plan and a finished survey."""
    german(anna)
    created = anna.post("/organisations", {"name": "ACME"})
    organisation_id = int(created.headers["Location"].rsplit("/", 1)[1])
    baseline_id, baseline_token = new_workshop(anna, organisation_id, "Auftakt")
    follow_id, follow_token = new_workshop(anna, organisation_id, "Folgetermin", baseline=str(baseline_id))
    for role in ("it", "hr", "it"):
        participate(app, baseline_token, with_role(PULSE_IT_LED, role))
        participate(app, follow_token, with_role(PULSE_HR_LED, role))
    made = anna.post(f"/workshops/{baseline_id}/plan", {"start_date": START.isoformat()})
    assert made.status_code == 302, made.get_data(as_text=True)[:1000]
    plan_id = int(made.headers["Location"].rsplit("/", 1)[1])
    unfinished = survey.start(label="ACME")
    finished = survey.complete(PULSE_IT_LED, label="ACME")
    return {
        "organisation": organisation_id,
        "baseline": baseline_id,
        "follow_up": follow_id,
        "plan": plan_id,
        "unfinished": unfinished,
        "finished": finished,
    }


def test_german_pages_show_no_english_interface_text(app, anna, german_site):
    site = german_site
    signed_out = german(Client(app.test_client()))
    pages = {
        "/": anna,
        f"/r/{site['unfinished']}/page/0": anna,
        f"/r/{site['unfinished']}/page/3": anna,
        f"/r/{site['unfinished']}/review": anna,
        f"/r/{site['finished']}/results": anna,
        "/login": signed_out,
        "/join": signed_out,
        "/workshops": anna,
        f"/organisations/{site['organisation']}": anna,
        f"/workshops/{site['baseline']}": anna,
        f"/workshops/{site['follow_up']}/compare": anna,
        f"/plans/{site['plan']}": anna,
        f"/plans/{site['plan']}/history": anna,
        "/r/not-a-valid-link/results": signed_out,
    }
    phrases = english_phrases()
    assert len(phrases) > 100
    problems = []
    for url, client in pages.items():
        response = client.get(url)
        lang, text = page_text(response.get_data(as_text=True))
        if response.status_code != (404 if "not-a-valid-link" in url else 200):
            problems.append(f"{url}: HTTP {response.status_code}")
        if lang != "de":
            problems.append(f'{url}: <html lang="{lang}">')
        if "Zum Inhalt springen" not in text:
            problems.append(f"{url}: the German catalogue is not used (no “Zum Inhalt springen”)")
        problems += [f"{url}: English “{phrase}”" for phrase in phrases if phrase in text]
    assert not problems, "\n".join(problems)


def test_comparison_says_in_the_readers_language_why_something_was_not_compared(app, anna):
    created = german(anna).post("/organisations", {"name": "ACME"})
    organisation_id = int(created.headers["Location"].rsplit("/", 1)[1])
    baseline_id, baseline_token = new_workshop(anna, organisation_id, "Auftakt")
    follow_id, follow_token = new_workshop(anna, organisation_id, "Folgetermin", baseline=str(baseline_id))
    # in a pilot, the activity trend is not asked: the follow-up has no scored answers to it
    piloting = [{**PULSE_HR_LED[0], "stage": "pilot"}, *PULSE_HR_LED[1:6], {"measurement": "engagement"}]
    for _ in range(3):
        participate(app, baseline_token, PULSE_IT_LED)
        participate(app, follow_token, [*piloting, *PULSE_HR_LED[7:]])
    lang, text = page_text(anna.get(f"/workshops/{follow_id}/compare").get_data(as_text=True))
    assert lang == "de" and "Nicht verglichen" in text
    assert "activity-trend (Frage): keine bewerteten Antworten in der Folgemessung" in text
    anna.raw.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    lang, text = page_text(anna.get(f"/workshops/{follow_id}/compare").get_data(as_text=True))
    assert lang == "en" and "activity-trend (question): no scored answers in the follow-up" in text


def test_german_survey_page_uses_german_questions_and_errors(client, survey):
    german(client)
    token = survey.start()
    response = client.post(f"/r/{token}/page/0", {"stage": "pilot", "action": "next"})
    assert response.status_code == 422
    _, text = page_text(response.get_data(as_text=True))
    assert "Bitte beantworten Sie diese Frage." in text
    assert "Please answer this question." not in text


# The language switch


def language_link(html: str, code: str) -> str:
    match = re.search(rf'<a href="([^"]+)" lang="{code}" hreflang="{code}">', html)
    assert match, f"no link to switch to {code}"
    return unescape(match.group(1))


def test_language_link_switches_to_german_and_back_and_is_remembered(client):
    english = client.get("/").get_data(as_text=True)
    assert page_text(english)[0] == "en" and "Skip to content" in english
    switched = client.get(language_link(english, "de"))
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/")
    cookie = switched.headers["Set-Cookie"]
    assert cookie.startswith("locale=de;") and "HttpOnly" in cookie
    german_page = client.get("/").get_data(as_text=True)
    lang, text = page_text(german_page)
    assert lang == "de" and "Zum Inhalt springen" in text and "Skip to content" not in text
    # the choice beats the browser's language, and the switch leads back to English
    assert page_text(client.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True))[0] == "de"
    client.get(language_link(german_page, "en"))
    assert page_text(client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True))[0] == "en"


def test_switch_on_a_survey_page_switches_the_survey_where_the_questionnaire_has_the_language(client, survey):
    token = survey.start()  # the pulse, in English and German
    english = client.get(f"/r/{token}/page/0").get_data(as_text=True)
    assert page_text(english)[0] == "en"
    client.get(language_link(english, "de"))
    german = client.get(f"/r/{token}/page/0").get_data(as_text=True)
    lang, text = page_text(german)
    assert lang == "de" and "Weiter" in text and "Next" not in text
    # the choice is kept with the next save: the answers and the report follow it
    survey.answer(token, PULSE_IT_LED[:1])
    client.get(language_link(client.get(f"/r/{token}/page/1").get_data(as_text=True), "en"))
    assert page_text(client.get(f"/r/{token}/page/1").get_data(as_text=True))[0] == "en"


def test_no_switch_on_a_survey_page_whose_questionnaire_has_one_language(client, survey):
    token = survey.start("social-collaboration-readiness")  # English only
    html = client.get(f"/r/{token}/page/0").get_data(as_text=True)
    assert 'hreflang="de"' not in html
    client.set_cookie("locale", "de")
    assert page_text(client.get(f"/r/{token}/page/0").get_data(as_text=True))[0] == "en"


def test_browser_language_decides_without_a_choice(client):
    lang, text = page_text(client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.8"}).get_data(as_text=True))
    assert lang == "en" and "Sign in" in text and "Anmelden" not in text
    lang, text = page_text(client.get("/login", headers={"Accept-Language": "fr, de;q=0.5"}).get_data(as_text=True))
    assert lang == "de" and "Anmelden" in text


def test_switch_refuses_to_redirect_elsewhere_or_store_unknown_languages(client):
    away = client.get("/language?to=de&next=//evil.example/")
    assert away.headers["Location"] in ("/", "http://localhost/")
    unknown = client.get("/language?to=xx&next=/")
    assert "locale=" not in unknown.headers.get("Set-Cookie", "")


# Dates and PDFs


def test_dates_follow_the_reader_language(app, anna, workshop):
    workshop_id = workshop[0]
    with app.app_context():
        created = session().get(Workshop, workshop_id).created_at.date()
    english = anna.get("/workshops").get_data(as_text=True)
    assert format_date(created, "long", locale="en") in english
    german_page = german(anna).get("/workshops").get_data(as_text=True)
    assert format_date(created, "long", locale="de") in german_page  # e.g. "4. Januar 2027"
    assert format_date(created, "long", locale="en") not in german_page


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


@pytest.mark.slow
def test_german_plan_pdf_has_german_headings_and_dates(app, anna):
    """A plan's PDF is in the language of its workshop, whoever downloads it."""
    created = anna.post("/organisations", {"name": "ACME"})
    workshop_id, token = new_workshop(anna, int(created.headers["Location"].rsplit("/", 1)[1]), "Auftakt")
    for _ in range(3):
        participate(app, token, PULSE_IT_LED)
    made = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": START.isoformat()})
    plan_id = int(made.headers["Location"].rsplit("/", 1)[1])
    response = anna.get(f"/plans/{plan_id}/plan.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    assert "Maßnahmenplan" in text and "Verantwortlich:" in text and "Fällig am:" in text
    assert "4. Januar 2027" in text and "January" not in text
    assert "Owner:" not in text and "Due:" not in text


@pytest.mark.slow
def test_german_readiness_report_pdf_has_german_headings(client, survey):
    german(client)
    token = survey.complete(PULSE_IT_LED, label="ACME")
    response = client.get(f"/r/{token}/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for heading in (
        "Zusammenfassung für die Geschäftsleitung",
        "Bereitschaftsindex und Reifegrad",
        "Reifegrad nach Dimension",
        "Risikoregister",
        "Maßnahmenplan: 30, 60 und 90 Tage",
        "Anhang: Antworten",
    ):
        assert heading in text, heading
    for english in ("Executive summary", "Risk register", "Appendix: answers", "Page 1 /"):
        assert english not in text, english
    assert "Seite 1 /" in text


def test_templates_follow_a_language_forced_within_a_request(app):
    """Templates look translations up once per language in a request (assessment.extensions): a PDF
    in the plan's language, rendered inside an English request, must still come out German."""
    from flask import render_template_string
    from flask_babel import force_locale

    template = '{{ _("required") }}'
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(template) == "required"
        with force_locale("de"):
            assert render_template_string(template) == "Pflichtfrage"
        assert render_template_string(template) == "required"
