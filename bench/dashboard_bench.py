"""Dashboard JSON for a workshop of many submitted responses of the full questionnaire.

    python bench/dashboard_bench.py [--responses 1000] [--runs 20] [--rescore] [--import-rows N]
                                    [--database-url postgresql+psycopg://...]

SQLite by default; `--database-url` names an empty database instead (PostgreSQL: for example
the server `scripts/pg-test-server start DIR` prints).

The responses are written in bulk (scored, with their facts, as an import writes them; the
full explained result is left out to keep the file small). Then it measures: the first read,
which counts every stored fact with one GROUP BY; "new response" polls, each after one more
participant submitted through the pages' use-case (counted in incrementally) with the
per-process figures emptied, in a process that kept the cells it read before (it reads only
the cells the new response changed), and once more in a process that kept nothing (it reads
every cell: a worker's first poll); and "cached" polls with nothing new. With --rescore, it also
times the background job that scores every stored response of the version again. With
--import-rows N, it exports N of the workshop's responses as a CSV and times two imports of
them: one into current cells (counted in by the import) and the first read after it, then one
into cells marked behind (the import counts nothing, as before) and the first read after that,
which rebuilds the cells in the request; then it undoes the first import (its rows counted
out) and times the first read after that.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from _support import machine, temp_app
from sqlalchemy import text, update

from assessment.access import SESSION_KEY
from assessment.db import session
from assessment.models import QuestionnaireVersion, Response, Workshop
from assessment.services import aggregates, imports
from assessment.services import group as group_service
from assessment.services.accounts import create_user
from assessment.services.aggregates import forget_kept_cells, response_facts, store_facts
from assessment.services.questionnaires import compiled, latest_version
from assessment.services.responses import (
    new_token,
    save_page,
    start_response,
    stored_answers,
    submit_response,
    submitted_fields,
)
from assessment.services.sessions import start_session
from assessment.services.workshops import create_organisation, create_workshop
from scoring import Questionnaire, score_response
from scoring.answers import to_jsonable
from scoring.sampling import profile_answers

ROLES = ["executive", "it", "hr", "business", "employee"]
BATCH = 2000


def seed(q: Questionnaire, workshop: Workshop, count: int, rng: random.Random) -> None:
    """`count` submitted responses written in batches, each with its facts."""
    for start in range(0, count, BATCH):
        created = []
        for _ in range(min(BATCH, count - start)):
            answers = to_jsonable(profile_answers(q, rng, rng.uniform(10, 90)))
            answers["role"] = rng.choice(ROLES)
            fields: dict[str, Any] = submitted_fields(score_response(q, stored_answers(q, answers)))
            fields["result"] = None
            created.append(
                Response(
                    **fields,
                    token=new_token(),
                    questionnaire_version_id=workshop.questionnaire_version_id,
                    workshop_id=workshop.id,
                    role=answers["role"],
                    locale="en",
                    answers=answers,
                    current_page=len(q.pages),
                )
            )
        session().add_all(created)
        session().flush()
        store_facts(session(), [(r.id, response_facts(q, r)) for r in created])
        session().commit()
        session().expunge_all()


def replicate(distinct: int, count: int) -> None:
    """Copies of the first `distinct` responses (ids 1..distinct) and their facts until there are `count`."""
    table = Response.__table__
    columns = [c.name for c in table.c if c.name not in ("id", "token")]
    listed = ", ".join(columns)
    for copy in range(1, count // distinct):
        offset = copy * distinct
        session().execute(
            text(
                f"INSERT INTO responses (id, token, {listed}) "
                f"SELECT id + {offset}, token || '-{copy}', {listed} FROM responses WHERE id <= {distinct}"
            )
        )
        session().execute(
            text(
                "INSERT INTO response_facts (response_id, kind, key, text, num) SELECT response_id + "
                f"{offset}, kind, key, text, num FROM response_facts WHERE response_id <= {distinct}"
            )
        )
        session().commit()
    if session().get_bind().dialect.name == "postgresql":  # the copies took ids the sequence has not given
        sequence = "pg_get_serial_sequence('responses', 'id')"
        session().execute(text(f"SELECT setval({sequence}, (SELECT max(id) FROM responses))"))
        session().commit()


def settle() -> None:
    """On PostgreSQL, what autovacuum does within a minute or two of a bulk load: statistics, and the
    visibility map that lets a count over the workshop's index skip the table."""
    engine = session().get_bind().engine
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def submit_one(q: Questionnaire, version_id: int, workshop_id: int, rng: random.Random) -> None:
    version = session().get(QuestionnaireVersion, version_id)
    assert version is not None
    answers = profile_answers(q, rng, rng.uniform(10, 90))
    answers["role"] = rng.choice(ROLES)
    response = start_response(session(), version, "en", workshop_id=workshop_id)
    save_page(session(), response, 0, answers, len(q.pages))
    submit_response(session(), response)
    session().commit()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--distinct", type=int, default=0, help="score this many, then copy them (0: all)")
    parser.add_argument("--rescore", action="store_true", help="also time re-scoring every stored response")
    parser.add_argument("--import-rows", type=int, default=0, help="also time importing this many rows (see above)")
    parser.add_argument("--database-url", default="", help="an empty database to use instead of a new SQLite file")
    args = parser.parse_args()
    app = temp_app(url=args.database_url)
    rng = random.Random(5)
    with app.app_context():
        user = create_user(session(), "bench@example.org", "Bench", "bench-password")
        version = latest_version(session(), "social-collaboration-readiness")
        assert version is not None  # temp_app publishes the shipped questionnaires
        workshop = create_workshop(session(), create_organisation(session(), user, "Bench Corp"), version, "Bench")
        q = compiled(version)
        workshop_id, version_id = workshop.id, version.id
        started = time.perf_counter()
        distinct = args.distinct or args.responses
        seed(q, workshop, distinct, rng)
        if distinct < args.responses:
            replicate(distinct, args.responses)
        settle()
        seeded = time.perf_counter() - started
        signed_in = start_session(session(), user)  # a server-side session, as signing in makes
        session().commit()
    client = app.test_client()
    with client.session_transaction() as browser_session:
        browser_session[SESSION_KEY] = signed_in
    url = f"/workshops/{workshop_id}/dashboard.json"
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    first = time.perf_counter() - started
    fresh, cold, cached = [], [], []
    for run in range(args.runs):
        with app.app_context():
            submit_one(q, version_id, workshop_id, rng)
        group_service._CACHE.clear()
        started = time.perf_counter()
        data = client.get(url).json
        fresh.append(time.perf_counter() - started)
        assert data is not None and data["workshop"]["respondents"] == args.responses + run + 1
        started = time.perf_counter()
        client.get(url)
        cached.append(time.perf_counter() - started)
        group_service._CACHE.clear()
        kept = dict(aggregates._KEPT)
        forget_kept_cells()
        started = time.perf_counter()
        again = client.get(url).json
        cold.append(time.perf_counter() - started)
        assert again == data  # every cell read gives the figures the changed cells gave
        aggregates._KEPT.update(kept)  # the process goes on from the cells it kept
    print(f"machine              {machine()}, load average {os.getloadavg()[0]:.2f}")
    print(
        f"workshop             {args.responses} submitted responses ({distinct} distinct), full questionnaire, "
        f"{'PostgreSQL' if args.database_url.startswith('postgresql') else 'SQLite'}"
    )
    print(f"seeding              {seeded:.1f} s")
    print(f"first read           {first * 1000:8.1f} ms (every stored fact counted with one GROUP BY)")
    print(
        f"dashboard.json       new response median {statistics.median(fresh) * 1000:6.1f} ms "
        f"(max {max(fresh) * 1000:.1f} ms, n={args.runs})"
    )
    print(
        f"dashboard.json       new response, process kept nothing: median {statistics.median(cold) * 1000:6.1f} ms "
        f"(max {max(cold) * 1000:.1f} ms)"
    )
    print(f"dashboard.json       cached       median {statistics.median(cached) * 1000:6.1f} ms")
    if args.import_rows:
        import_then_read(app, client, workshop_id, args.import_rows, args.responses + args.runs)
    if args.rescore:
        rescore(app, version_id, args.responses + args.runs + 2 * args.import_rows)


def import_then_read(app: Any, client: Any, workshop_id: int, rows: int, before: int) -> None:
    """An import into current cells and the first read after it; the same into cells behind (a rebuild)."""
    from assessment.models_aggregates import WorkshopTally
    from assessment.services.group import export_rows

    with app.app_context():
        workshop = session().get(Workshop, workshop_id)
        assert workshop is not None
        header, exported = export_rows(session(), workshop)
        session().rollback()
    url = f"/workshops/{workshop_id}/dashboard.json"
    limits = {"max_rows": rows, "max_bytes": 1 << 30}
    counting: list[float] = []
    vars(imports)["count_in"] = timed(aggregates.count_in, counting)  # the import's counting into the cells, timed
    timings = []
    for number, behind in ((1, False), (2, True)):
        out = io.StringIO()
        chosen = exported[:rows] if number == 1 else exported[rows - 1 :: -1]  # reversed: another file
        csv.writer(out).writerows([header, *chosen])
        with app.app_context():
            if behind:  # as every import left them before the import counted itself in
                session().execute(
                    update(WorkshopTally).where(WorkshopTally.workshop_id == workshop_id).values(responses=-1)
                )
                session().commit()
            workshop = session().get(Workshop, workshop_id)
            assert workshop is not None
            started = time.perf_counter()
            data = out.getvalue().encode()
            outcome = imports.apply_import(session(), workshop, data, f"import-{number}.csv", None, **limits)
            session().commit()
            imported = time.perf_counter() - started
        assert outcome.created == rows, outcome
        group_service._CACHE.clear()
        started = time.perf_counter()
        figures = client.get(url).json
        read = time.perf_counter() - started
        assert figures is not None and figures["workshop"]["respondents"] == before + number * rows
        timings.append((imported, read))
    undone, undone_read = undo_then_read(app, client, workshop_id, before + rows)
    (counted_import, counted_read), (plain_import, rebuilt_read) = timings
    print(f"import {rows} rows    into current cells {counted_import:.1f} s, first read {counted_read * 1000:.0f} ms")
    print(f"import {rows} rows    into cells behind  {plain_import:.1f} s, first read {rebuilt_read * 1000:.0f} ms")
    print(f"of which counting    into current cells {counting[0]:.2f} s, into cells behind {counting[1]:.2f} s")
    print(f"undo of import 1     {undone:.1f} s (its rows counted out), first read {undone_read * 1000:.0f} ms")
    print(f"load average         {os.getloadavg()[0]:.2f}")


def undo_then_read(app: Any, client: Any, workshop_id: int, left: int) -> tuple[float, float]:
    """Undo the first import (its responses' facts counted out of the cells) and read the dashboard."""
    with app.app_context():
        workshop = session().get(Workshop, workshop_id)
        assert workshop is not None
        first = imports.batches_of(session(), workshop)[0]
        started = time.perf_counter()
        imports.undo_import(session(), workshop, first.id)
        session().commit()
        undone = time.perf_counter() - started
    group_service._CACHE.clear()
    started = time.perf_counter()
    figures = client.get(f"/workshops/{workshop_id}/dashboard.json").json
    read = time.perf_counter() - started
    assert figures is not None and figures["workshop"]["respondents"] == left
    return undone, read


def timed(function: Callable[..., bool], into: list[float]) -> Callable[..., bool]:
    def run(*args: Any, **kwargs: Any) -> bool:
        started = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            into.append(time.perf_counter() - started)

    return run


def rescore(app: Any, version_id: int, total: int) -> None:
    from assessment.tasks.rescoring import rescore_version

    with app.app_context():
        started = time.perf_counter()
        outcome = rescore_version(version_id)
        elapsed = time.perf_counter() - started
    assert outcome["rescored"] == total
    print(f"re-scoring           {total} responses in {elapsed:.1f} s ({total / elapsed:,.0f}/s, batches of 500)")


if __name__ == "__main__":
    main()
