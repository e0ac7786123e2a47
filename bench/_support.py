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


def process_tree(root: int) -> list[int]:
    """`root` and every process below it (Linux /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = [root], [root]
    while frontier:
        frontier = [pid for pid, parent in parents.items() if parent in frontier]
        tree += frontier
    return tree


def processes_named(name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == name:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far (those that ended count 0)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


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
