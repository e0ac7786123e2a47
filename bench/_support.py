"""Shared by the benchmarks: a throwaway app on a temporary SQLite database, and percentiles."""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

    from scoring import Questionnaire

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu_by_tree(roots: dict[int, str]) -> dict[str, float]:
    """CPU seconds used so far by each named process and everything below it (a server with its
    workers, PostgreSQL with its backends, which each start a session of their own, so a process
    group would miss them), the children they reaped included, from /proc; 0 for a name whose
    processes are gone."""
    parent: dict[int, int] = {}
    seconds: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parent[pid] = int(fields[1])
        seconds[pid] = sum(int(f) for f in fields[11:15]) / tick  # utime stime cutime cstime
    used = dict.fromkeys(roots.values(), 0.0)
    for pid, spent in seconds.items():
        ancestor = pid
        while ancestor not in roots and ancestor in parent:
            ancestor = parent[ancestor]
        if ancestor in roots:
            used[roots[ancestor]] += spent
    return used


def postmaster_pid(pg_folder: str | Path) -> int | None:
    """The PostgreSQL server (postmaster) of a `scripts/pg-test-server` folder."""
    pidfile = Path(pg_folder, "data", "postmaster.pid")
    return int(pidfile.read_text().split()[0]) if pidfile.exists() else None


def machine() -> str:
    cpus = os.cpu_count()
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or platform.machine()}, {cpus} cores, Python {platform.python_version()}"


def temp_app(extra: dict[str, Any] | None = None, url: str = "") -> Flask:
    """An app on a fresh, migrated SQLite database (or the empty database at `url`) with the shipped
    questionnaires."""
    from app import create_app
    from assessment.commands.db_cli import upgrade_database
    from assessment.db import session
    from assessment.services.questionnaires import sync_directory

    folder = Path(tempfile.mkdtemp(prefix="readiness-bench-"))
    os.environ["READINESS_INSTANCE"] = str(folder)
    url = url or f"sqlite:///{folder / 'bench.db'}"
    upgrade_database(url)
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False, **(extra or {})})
    with app.app_context():
        sync_directory(session(), ROOT / "questionnaires")
        session().commit()
    return app


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
    return f"p50 {p50 * 1000:7.1f} ms   p99 {p99 * 1000:7.1f} ms   n={len(ordered)}"


def form_data(q: Questionnaire, page: int, answers: dict[str, Any]) -> dict[str, Any]:
    """The form fields a browser posts for one page of `answers` (normalised), with action "next"."""
    from assessment.survey.fields import target_name
    from scoring.answers import to_jsonable

    data: dict[str, Any] = {"action": "next"}
    for qid in q.pages[page].question_ids:
        if qid not in answers:
            continue
        value = to_jsonable({qid: answers[qid]})[qid]
        if isinstance(value, dict):
            data[qid] = str(value["current"])
            if "target" in value:
                data[target_name(qid)] = str(value["target"])
        elif isinstance(value, list):
            data[qid] = value
        else:
            data[qid] = str(value)
    return data
