"""Load and no-loss test: gunicorn on loopback, hundreds of workshop participants at once.

    python bench/load_bench.py [--participants 300] [--db sqlite,postgresql] [--think 5] [--join-window 1]
    python bench/load_bench.py --short          # the CI form: 60 participants, pulse, SQLite + PostgreSQL

For each database it starts a fresh database and `gunicorn` (several workers) on 127.0.0.1,
creates a workshop, then:

1. Participants: every simulated participant joins through the workshop link, opens and
   answers every page of the questionnaire (a GET and a POST per page, with `--think`
   seconds of reading time between pages, drawn from 0.5x-1.5x), reviews and submits.
   All start together (or, with `--join-window S`, each at a random moment within S seconds).
   Prints latency p50/p99, errors, and checks the database: every accepted submission is
   stored exactly once and nothing else is. Then the floor: the same opening against /livez,
   which does no work, as what these clients and server reach when the app costs nothing.
2. Ceiling: the same server saturated by 32 closed-loop clients, first on the survey pages
   (GET a page, POST its answers), then on /livez, which does no work at all. The ratio of
   the two throughputs says how much of the framework's ceiling the app keeps.

The simulated clients are in `load_clients.py`. Loopback only; every phase is bounded in count and time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from _support import ROOT, cpu_by_tree, form_data, machine, postmaster_pid
from load_clients import CEILING_CLIENTS, Browser, Stats, closed_loop, csrf_token, get, participant

from scoring import Questionnaire, load_file
from scoring.sampling import profile_answers

VENV = ROOT / ".venv" / "bin"


def free_port() -> int:
    """A free loopback port: BENCH_PORT when set (a shared machine may reserve a range), else any."""
    if os.environ.get("BENCH_PORT"):
        return int(os.environ["BENCH_PORT"])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def prepare(url: str, env: dict[str, str], questionnaire: str) -> str:
    """Migrate, publish the questionnaires and create a workshop; returns its link token."""
    subprocess.run([str(VENV / "readiness"), "db", "upgrade"], env=env, check=True, capture_output=True)
    subprocess.run([str(VENV / "readiness"), "questionnaire", "sync"], env=env, check=True, capture_output=True)
    script = f"""
from app import create_app
from assessment.db import session
from assessment.services.accounts import create_user
from assessment.services.questionnaires import latest_version
from assessment.services.workshops import create_organisation, create_workshop
app = create_app()
with app.app_context():
    user = create_user(session(), "load@example.org", "Load", "load-password")
    w = create_workshop(session(), create_organisation(session(), user, "Load Corp"),
                        latest_version(session(), "{questionnaire}"), "Load test", threshold=3)
    session().commit()
    print(w.link_token, w.id)
"""
    out = subprocess.run([str(VENV / "python"), "-c", script], env=env, check=True, capture_output=True, text=True)
    return out.stdout.split()[-2]


def count_stored(url: str) -> tuple[int, int, int]:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.connect() as conn:
        total = conn.execute(text("SELECT count(*) FROM responses")).scalar_one()
        submitted = conn.execute(text("SELECT count(*) FROM responses WHERE status = 'submitted'")).scalar_one()
        distinct = conn.execute(text("SELECT count(DISTINCT token) FROM responses")).scalar_one()
    engine.dispose()
    return total, submitted, distinct


def run_database(
    kind: str, url: str, args: argparse.Namespace, q: Questionnaire, pg_folder: str | None = None
) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"readiness-load-{kind}-"))
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=url,
        READINESS_INSTANCE=str(folder),
        SECRET_KEY=secrets.token_hex(16),
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(args.workers),
        THREADS="4",
        ALLOW_MEMORY_RATE_LIMITS="1",  # nobody fails here: the limits are not what is measured
    )
    link = prepare(url, env, args.questionnaire)
    log = open(folder / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(VENV / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_live(port)
        stats = Stats()
        roots = {server.pid: "app"}
        postmaster = postmaster_pid(pg_folder) if pg_folder else None
        if postmaster is not None:
            roots[postmaster] = "postgresql"

        def read_cpu() -> tuple[float, float, float]:
            used = cpu_by_tree(roots)
            return time.process_time(), used["app"], used.get("postgresql", 0.0)

        meter = CpuMeter(read_cpu)
        watch = threading.Thread(target=meter.until, args=(lambda: stats.joined >= args.participants,), daemon=True)
        started = time.perf_counter()
        watch.start()
        arrivals = random.Random(0)
        with ThreadPoolExecutor(args.participants) as pool:
            for n in range(args.participants):
                start_after = arrivals.uniform(0, args.join_window)
                pool.submit(participant, port, link, q, n, args.think, stats, start_after)
        elapsed = time.perf_counter() - started
        watch.join(5)
        whole = meter.since_start()
        total, stored, distinct = count_stored(url)
        floor_p50, floor_p99 = floor(port, args.participants, args.join_window)
        app_rps, live_rps = ceiling(port, link, q, args.ceiling_seconds)
    finally:
        server.terminate()
        server.wait(30)
        log.close()
    ordered = sorted(stats.latencies)
    return {
        "kind": kind,
        "participants": args.participants,
        "joined": stats.joined,
        "accepted": stats.submitted,
        "stored": stored,
        "responses": total,
        "distinct": distinct,
        "errors": stats.errors,
        "elapsed": elapsed,
        "requests": len(ordered),
        "p50": statistics.median(ordered),
        "p99": ordered[int(0.99 * (len(ordered) - 1))],
        "by_kind": {k: _percentiles(v) for k, v in stats.by_kind.items()},
        "app_rps": app_rps,
        "live_rps": live_rps,
        "floor": (floor_p50, floor_p99),
        "opening_cpu": meter.opening,
        "whole_cpu": whole,
    }


class CpuMeter:
    """CPU seconds of the load generator, the app server and the database: over the opening (from
    the first join until every participant has joined) and over the whole run."""

    def __init__(self, read: Callable[[], tuple[float, float, float]]):
        self.read = read
        self.start = (time.perf_counter(), *read())
        self.opening: tuple[float, ...] = ()

    def since_start(self) -> tuple[float, ...]:
        now = (time.perf_counter(), *self.read())
        return tuple(b - a for a, b in zip(self.start, now, strict=True))

    def until(self, done: Callable[[], bool]) -> None:
        deadline = time.perf_counter() + 120
        while not done() and time.perf_counter() < deadline:
            time.sleep(0.05)
        self.opening = self.since_start()


def _cpu_line(label: str, cpu: tuple[float, ...]) -> str:
    if not cpu:
        return f"  {label:<14} not measured"
    wall, generator, app, database = cpu
    cores = os.cpu_count() or 1
    return (
        f"  {label:<14} {wall:.1f} s: CPU load generator {generator:.1f} s, app server {app:.1f} s, "
        f"PostgreSQL {database:.1f} s, of {cores * wall:.1f} s the {cores} cores had"
    )


def _percentiles(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.99 * (len(ordered) - 1))]


def _wait_live(port: int) -> None:
    deadline = time.time() + 120  # a loaded shared machine takes a while to warm four workers
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            get(conn, "/livez")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")


def floor(port: int, clients: int, window: float) -> tuple[float, float]:
    """The opening's shape with nothing to do: as many clients as participants, each starting at the
    same moments and sending three requests (as a join does: the join page, the join, the first
    page) to /livez, which does no work. Its p50/p99 are what these clients and this server reach
    when the app costs nothing: the best any join could do on this machine."""
    latencies: list[float] = []
    arrivals = random.Random(0)

    def one(start_after: float) -> None:
        time.sleep(start_after)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        for _ in range(3):
            started = time.perf_counter()
            get(conn, "/livez")
            latencies.append(time.perf_counter() - started)
        conn.close()

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, [arrivals.uniform(0, window) for _ in range(clients)]))
    return _percentiles(latencies)


def ceiling(port: int, link: str, q: Questionnaire, seconds: float) -> tuple[float, float]:
    """Saturated throughput on the survey pages, and on /livez."""
    stats = Stats()
    browsers = []
    for n in range(CEILING_CLIENTS):
        browser = Browser(port, stats)
        _, _, page = browser.request("GET", f"/w/{link}")
        token = csrf_token(page)
        _, headers, _ = browser.request("POST", f"/w/{link}", {"csrf_token": token, "team": ""})
        browsers.append(
            (browser, headers["Location"].rsplit("/page/", 1)[0], token, profile_answers(q, random.Random(n), 50))
        )

    def survey_cycle(_conn: http.client.HTTPConnection, i: int) -> int:
        browser, path, token, answers = browsers[i]
        number = random.randrange(len(q.pages))
        browser.request("GET", f"{path}/page/{number}")
        browser.request(
            "POST", f"{path}/page/{number}", {**form_data(q, number, answers), "csrf_token": token, "action": "save"}
        )
        return 2

    def live_cycle(conn: http.client.HTTPConnection, _i: int) -> int:
        get(conn, "/livez")
        return 1

    app_rps = closed_loop(port, seconds, survey_cycle)
    live_rps = closed_loop(port, seconds, live_cycle)
    for browser, *_ in browsers:
        browser.conn.close()
    return app_rps, live_rps


def postgres_url() -> tuple[str, Callable[[], None], str]:
    """A throwaway PostgreSQL on BENCH_PG_PORT, else on a port free right now: a fixed port in the
    ephemeral range was once taken by another test's outgoing connection, so it is tried thrice.
    Returns its URL, what stops it and its folder."""
    for _ in range(3):
        folder = tempfile.mkdtemp(prefix="readiness-load-pg-")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = os.environ.get("BENCH_PG_PORT") or str(s.getsockname()[1])
        started = subprocess.run(
            [str(ROOT / "scripts" / "pg-test-server"), "start", folder],
            check=False,
            capture_output=True,
            text=True,
            env=dict(os.environ, PGPORT_TEST=port),
        )
        if started.returncode == 0:
            break
    if started.returncode != 0:
        log = Path(folder, "server.log")
        detail = log.read_text()[-2000:] if log.exists() else started.stderr
        raise RuntimeError(f"PostgreSQL did not start (is its port taken? BENCH_PG_PORT):\n{detail}")
    server = started.stdout.strip()
    name = f"load_{secrets.token_hex(4)}"
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()

    def stop() -> None:
        subprocess.run([str(ROOT / "scripts" / "pg-test-server"), "stop", folder], check=False)

    return server.rsplit("/", 1)[0] + "/" + name, stop, folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--questionnaire", default="social-collaboration-readiness")
    parser.add_argument("--db", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--think", type=float, default=5.0, help="mean seconds a participant spends on a page")
    parser.add_argument("--ceiling-seconds", type=float, default=8.0)
    parser.add_argument("--short", action="store_true", help="CI form: 60 participants, pulse, 1 s think time")
    parser.add_argument(
        "--join-window",
        type=float,
        default=0.0,
        help="seconds over which the participants' joins are spread, each at a random moment (0: all at once)",
    )
    args = parser.parse_args()
    if args.short:
        args.participants, args.questionnaire, args.think, args.ceiling_seconds = 60, "executive-pulse", 1.0, 4.0
    q = load_file(ROOT / "questionnaires" / f"{args.questionnaire}.yaml")
    print(f"machine        {machine()}")
    when = f"within {args.join_window:g} s" if args.join_window else "at the same instant"
    print(
        f"scenario       {args.participants} participants joining {when}, {q.id} ({len(q.pages)} pages), "
        f"think {args.think:g} s/page, gunicorn {args.workers} workers x 4 threads"
    )
    failed = False
    for kind in args.db.split(","):
        stop, pg_folder = None, None
        if kind == "sqlite":
            url = f"sqlite:///{tempfile.mkdtemp(prefix='readiness-load-db-')}/load.db"
        else:
            url, stop, pg_folder = postgres_url()
        try:
            result = run_database(kind, url, args, q, pg_folder)
        finally:
            if stop:
                stop()
        failed |= report(result)
    return 1 if failed else 0


def report(r: dict[str, Any]) -> bool:
    lost = r["accepted"] - r["stored"]
    duplicated = r["responses"] - r["distinct"]
    print(f"\n[{r['kind']}]")
    print(
        f"  requests       {r['requests']} in {r['elapsed']:.1f} s ({r['requests'] / r['elapsed']:.0f}/s offered load)"
    )
    print(f"  latency        p50 {r['p50'] * 1000:.1f} ms   p99 {r['p99'] * 1000:.1f} ms   (target p99 < 1000 ms)")
    for kind, (p50, p99) in r["by_kind"].items():
        print(f"    {kind:<18} p50 {p50 * 1000:.1f} ms   p99 {p99 * 1000:.1f} ms")
    print(
        f"  floor          the same opening on /livez (no work): p50 {r['floor'][0] * 1000:.1f} ms   "
        f"p99 {r['floor'][1] * 1000:.1f} ms"
    )
    print(_cpu_line("opening", r["opening_cpu"]))
    print(_cpu_line("whole run", r["whole_cpu"]))
    print(f"  errors         {len(r['errors'])}" + (f"  e.g. {r['errors'][:3]}" if r["errors"] else ""))
    print(f"  participants   {r['participants']} started, {r['joined']} joined, {r['accepted']} submissions accepted")
    print(f"  stored         {r['stored']} submitted responses (lost {lost}, duplicated {duplicated})")
    print(
        f"  ceiling        survey pages {r['app_rps']:.0f} req/s, /livez {r['live_rps']:.0f} req/s, "
        f"ratio {r['app_rps'] / r['live_rps']:.2f} (target 0.25)"
    )
    ok = not r["errors"] and lost == 0 and duplicated == 0 and r["stored"] == r["participants"]
    print(f"  verdict        {'OK' if ok else 'FAILED'}")
    return not ok


if __name__ == "__main__":
    sys.exit(main())
