"""Page render and answer-save latency of the full questionnaire, through the Flask test client.

    python bench/survey_bench.py [--respondents 30]

Each simulated respondent starts the full assessment, opens every page (GET) and saves it
with random valid answers (POST, then the redirect is not followed); latencies are
collected per request type.
"""

from __future__ import annotations

import argparse
import random
import time

from _support import form_data, machine, percentiles, temp_app

from assessment.db import session
from assessment.services.questionnaires import compiled, latest_version
from scoring.sampling import random_answers


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--respondents", type=int, default=30)
    args = parser.parse_args()
    app = temp_app()
    client = app.test_client()
    with app.app_context():
        version = latest_version(session(), "social-collaboration-readiness")
        assert version is not None  # temp_app publishes the shipped questionnaires
        q = compiled(version)
    rng = random.Random(1)
    renders, saves, submits = [], [], []
    for _ in range(args.respondents):
        token = client.post("/start", data={"questionnaire": q.id}).headers["Location"].split("/")[2]
        answers = random_answers(q, rng, skip_rate=0.0)
        for page in range(len(q.pages)):
            started = time.perf_counter()
            assert client.get(f"/r/{token}/page/{page}").status_code == 200
            renders.append(time.perf_counter() - started)
            started = time.perf_counter()
            response = client.post(f"/r/{token}/page/{page}", data=form_data(q, page, answers))
            saves.append(time.perf_counter() - started)
            assert response.status_code == 302, response.get_data(as_text=True)[:500]
        started = time.perf_counter()
        assert client.post(f"/r/{token}/submit").status_code == 302
        submits.append(time.perf_counter() - started)
    print(f"machine        {machine()}")
    print(f"questionnaire  {q.id} v{q.version}: {len(q.questions)} questions on {len(q.pages)} pages, SQLite")
    print(f"page render    {percentiles(renders)}")
    print(f"answer save    {percentiles(saves)}")
    print(f"submit+score   {percentiles(submits)}")


if __name__ == "__main__":
    main()
