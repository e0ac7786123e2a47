"""The simulated clients of the load bench (`load_bench.py`): latency and error counts, a browser-like
connection with its cookie, a workshop participant answering every page, closed-loop clients."""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from _support import form_data

from scoring import Questionnaire
from scoring.sampling import profile_answers

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CEILING_CLIENTS = 32


@dataclass
class Stats:
    latencies: list[float] = field(default_factory=list)
    by_kind: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    submitted: int = 0
    joined: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, kind: str = "other") -> None:
        with self.lock:
            self.latencies.append(seconds)
            self.by_kind.setdefault(kind, []).append(seconds)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Browser:
    """One participant's HTTP/1.1 connection with its cookie, like a phone's browser tab."""

    def __init__(self, port: int, stats: Stats):
        self.port = port
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        # requests sent again (on a new connection, or after a gateway error): the server may have acted on both
        self.resent = 0

    def request(
        self, method: str, path: str, form: dict[str, Any] | None = None, kind: str = "other"
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            started = time.perf_counter()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
                self.resent += 1
        self.stats.record(time.perf_counter() - started, kind)
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
        return response.status, dict(response.getheaders()), text


def csrf_token(page: str) -> str:
    found = CSRF.search(page)
    if found is None:
        raise RuntimeError("no CSRF token on the page")
    return found.group(1)


def participant(
    port: int, link: str, q: Questionnaire, seed: int, think: float, stats: Stats, start_after: float = 0.0
) -> None:
    """One person: joins through the link `start_after` seconds from now, answers every page, submits."""
    rng = random.Random(seed)
    time.sleep(start_after)
    browser = Browser(port, stats)
    try:
        status, _, page = browser.request("GET", f"/w/{link}", kind="join")
        token = csrf_token(page)
        status, headers, _ = browser.request("POST", f"/w/{link}", {"csrf_token": token, "team": ""}, kind="join")
        if status != 302:
            stats.error(f"join {status}")
            return
        with stats.lock:
            stats.joined += 1
        response_path = headers["Location"].rsplit("/page/", 1)[0]
        answers = profile_answers(q, rng, rng.uniform(15, 85))
        answers["role"] = rng.choice(["executive", "it", "hr", "business", "employee"])
        for number in range(len(q.pages)):
            status, _, _ = browser.request("GET", f"{response_path}/page/{number}", kind="page GET")
            if status != 200:
                stats.error(f"page {number} {status}")
            time.sleep(think * rng.uniform(0.5, 1.5))
            status, _, body = browser.request(
                "POST",
                f"{response_path}/page/{number}",
                {**form_data(q, number, answers), "csrf_token": token},
                kind="page POST",
            )
            if status != 302:
                stats.error(f"save {number} {status} {body[:120]!r}")
        browser.request("GET", f"{response_path}/review", kind="review and submit")
        status, _, _ = browser.request(
            "POST", f"{response_path}/submit", {"csrf_token": token}, kind="review and submit"
        )
        if status == 302:
            with stats.lock:
                stats.submitted += 1
        else:
            stats.error(f"submit {status}")
    except Exception as exc:  # noqa: BLE001 - a participant's failure is a finding, not a crash
        stats.error(f"{type(exc).__name__}: {exc}")
    finally:
        browser.conn.close()


def closed_loop(port: int, seconds: float, work: Callable[[http.client.HTTPConnection, int], int]) -> float:
    """Requests per second with CEILING_CLIENTS clients sending back-to-back for `seconds`."""
    stop = time.perf_counter() + seconds
    counts = [0] * CEILING_CLIENTS

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        while time.perf_counter() < stop:
            counts[i] += work(conn, i)
        conn.close()

    started = time.perf_counter()
    with ThreadPoolExecutor(CEILING_CLIENTS) as pool:
        list(pool.map(client, range(CEILING_CLIENTS)))
    return sum(counts) / (time.perf_counter() - started)


def get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None) -> None:
    conn.request("GET", path, headers=headers or {})
    conn.getresponse().read()
