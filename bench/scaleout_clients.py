"""The simulated participants of the scale-out test (`scaleout.py`): they go through the load
balancer, try again after a 502/503/504 or a dropped connection as a person clicks again, and
remember every save the server accepted so that the database can be checked against it."""

from __future__ import annotations

import http.client
import json
import random
import time
from dataclasses import dataclass, field
from typing import Any

from _support import form_data
from load_clients import Browser, Stats, csrf_token

from scoring import Questionnaire
from scoring.answers import to_jsonable
from scoring.sampling import profile_answers

RETRYABLE = {502, 503, 504}
ATTEMPTS = 5
REPORT_WAIT = 240.0  # seconds a participant waits for a PDF (a killed worker's job comes back within this)
REPORT_POLL = 3.0  # seconds between looks at the job: the page "preparing your report" refreshes itself every 3 s


@dataclass
class Outcome:
    """What one participant saw: its response's token, the answers the server accepted, its report."""

    token: str = ""
    expected: dict[str, Any] = field(default_factory=dict)  # question id -> stored (JSON) value
    submitted: bool = False
    join_retries: int = 0
    wants_report: bool = False
    report_ok: bool = False
    report_seconds: float = 0.0
    error: str = ""


def _send(browser: Browser, method: str, path: str, form: dict[str, Any] | None, kind: str) -> tuple[int, Any, str]:
    """One request, tried again after a gateway error or a broken connection (a person clicking again)."""
    for attempt in range(ATTEMPTS):
        try:
            status, headers, body = browser.request(method, path, form, kind=kind)
        except (OSError, http.client.HTTPException):
            status, headers, body = 599, {}, ""
        if status not in RETRYABLE and status != 599:
            return status, headers, body
        browser.stats.record(0.0, "retried")
        browser.resent += 1
        time.sleep(0.5 * (attempt + 1))  # 7.5 s in all: HAProxy notices a dead server in 3
    return status, headers, body


def _join(browser: Browser, link: str, outcome: Outcome) -> tuple[str, str]:
    status, _, page = _send(browser, "GET", f"/w/{link}", None, "join")
    token = csrf_token(page)
    resent = browser.resent
    status, headers, _ = _send(browser, "POST", f"/w/{link}", {"csrf_token": token, "team": ""}, "join")
    # A join sent again, by the browser on a cut connection or by the person after a gateway
    # error, may have been stored the first time: an orphan response, never a duplicate.
    outcome.join_retries += browser.resent - resent
    if status == 302:
        return token, _location(headers).rsplit("/page/", 1)[0]
    raise RuntimeError(f"join {status}")


def participant(
    port: int, link: str, q: Questionnaire, seed: int, think: float, wants_report: bool, stats: Stats
) -> Outcome:
    rng = random.Random(seed)
    browser = Browser(port, stats)
    outcome = Outcome(wants_report=wants_report)
    try:
        csrf, path = _join(browser, link, outcome)
        outcome.token = path.rsplit("/", 1)[1]
        answers = profile_answers(q, rng, rng.uniform(15, 85))
        answers["role"] = rng.choice(["executive", "it", "hr", "business", "employee"])
        for number in range(len(q.pages)):
            status, _, _ = _send(browser, "GET", f"{path}/page/{number}", None, "page GET")
            if status != 200:
                raise RuntimeError(f"page {number} {status}")
            time.sleep(think * rng.uniform(0.5, 1.5))
            posted = form_data(q, number, answers)
            status, _, body = _send(
                browser, "POST", f"{path}/page/{number}", {**posted, "csrf_token": csrf}, "page POST"
            )
            if status != 302:
                raise RuntimeError(f"save {number} {status} {body[:120]!r}")
            shown = q.visible({k: v for k, v in answers.items() if k in posted or k in outcome.expected})
            outcome.expected = to_jsonable(shown)
        _send(browser, "GET", f"{path}/review", None, "review and submit")
        status, _, _ = _send(browser, "POST", f"{path}/submit", {"csrf_token": csrf}, "review and submit")
        if status != 302:
            raise RuntimeError(f"submit {status}")
        outcome.submitted = True
        if wants_report:
            _report(browser, path, outcome)
    except Exception as exc:  # noqa: BLE001 - a participant's failure is a finding, not a crash
        outcome.error = f"{type(exc).__name__}: {exc}"
        stats.error(outcome.error)
    finally:
        browser.conn.close()
    return outcome


def _report(browser: Browser, path: str, outcome: Outcome) -> None:
    """Ask for the PDF, poll its job as the "preparing your report" page does, download it."""
    started = time.perf_counter()
    status, headers, _ = _send(browser, "GET", f"{path}/report.pdf", None, "report")
    if status != 302:
        raise RuntimeError(f"report {status}")
    job = _location(headers)
    while time.perf_counter() - started < REPORT_WAIT:
        status, _, body = _send(browser, "GET", f"{job}/status.json", None, "report poll")
        if status == 200 and json.loads(body)["done"]:
            break
        time.sleep(REPORT_POLL)
    browser.conn.request("GET", f"{job}/download", headers=_cookie(browser))
    response = browser.conn.getresponse()
    pdf = response.read()
    outcome.report_ok = response.status == 200 and pdf.startswith(b"%PDF")
    outcome.report_seconds = time.perf_counter() - started
    if not outcome.report_ok:
        raise RuntimeError(f"report download {response.status}")


def _location(headers: dict[str, str]) -> str:
    """The redirect target; HAProxy passes header names on in lower case."""
    return next(value for name, value in headers.items() if name.lower() == "location")


def _cookie(browser: Browser) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items())}
