"""Dashboard JSON for a workshop of 1,000 submitted responses of the full questionnaire.

    python bench/dashboard_bench.py [--responses 1000] [--runs 20]

Measures the endpoint through the test client twice: "uncached" forces the aggregate to be
recomputed on every request (as when a new response has just arrived), "cached" is the
common case of a poll with nothing new.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from _support import machine, temp_app

from assessment.access import SESSION_KEY
from assessment.db import session
from assessment.services import group as group_service
from assessment.services.accounts import create_user
from assessment.services.questionnaires import latest_version
from assessment.services.responses import save_page, start_response, submit_response
from assessment.services.sessions import start_session
from assessment.services.workshops import create_organisation, create_workshop
from scoring.sampling import profile_answers

ROLES = ["executive", "it", "hr", "business", "employee"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    app = temp_app()
    rng = random.Random(5)
    with app.app_context():
        user = create_user(session(), "bench@example.org", "Bench", "bench-password")
        version = latest_version(session(), "social-collaboration-readiness")
        assert version is not None  # temp_app publishes the shipped questionnaires
        workshop = create_workshop(session(), create_organisation(session(), user, "Bench Corp"), version, "Bench")
        from assessment.services.questionnaires import compiled

        q = compiled(version)
        for _ in range(args.responses):
            answers = profile_answers(q, rng, rng.uniform(10, 90))
            answers["role"] = rng.choice(ROLES)
            response = start_response(session(), version, "en", workshop_id=workshop.id)
            save_page(session(), response, 0, answers, len(q.pages))
            submit_response(session(), response)
        signed_in = start_session(session(), user)  # a server-side session, as signing in makes
        session().commit()
        workshop_id = workshop.id
    client = app.test_client()
    with client.session_transaction() as browser_session:
        browser_session[SESSION_KEY] = signed_in
    url = f"/workshops/{workshop_id}/dashboard.json"
    assert client.get(url).status_code == 200
    uncached, cached = [], []
    for _ in range(args.runs):
        group_service._CACHE.clear()
        started = time.perf_counter()
        data = client.get(url).json
        assert data is not None and data["workshop"]["respondents"] == args.responses
        uncached.append(time.perf_counter() - started)
        started = time.perf_counter()
        client.get(url)
        cached.append(time.perf_counter() - started)
    print(f"machine              {machine()}")
    print(f"workshop             {args.responses} submitted responses, full questionnaire, SQLite")
    print(
        f"dashboard.json       uncached median {statistics.median(uncached) * 1000:6.1f} ms "
        f"(max {max(uncached) * 1000:.1f} ms, n={args.runs})"
    )
    print(f"dashboard.json       cached   median {statistics.median(cached) * 1000:6.1f} ms")


if __name__ == "__main__":
    main()
