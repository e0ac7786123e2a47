"""The scale-out test's verdict (bench/scaleout_check.py) catches what it exists to catch: a lost or
changed save, a missing or invented submission, a stray response, an undelivered report."""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

_spec = importlib.util.spec_from_file_location(
    "scaleout_check", Path(__file__).resolve().parent.parent / "bench" / "scaleout_check.py"
)
assert _spec is not None and _spec.loader is not None
check = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check)


@dataclass
class Seen:
    token: str
    expected: dict[str, Any] = field(default_factory=lambda: {"role": "hr", "q1": 3})
    submitted: bool = True
    join_retries: int = 0
    wants_report: bool = False
    report_ok: bool = False


def failed(rows: dict[str, tuple[str, dict[str, Any]]], seen: list[Seen]) -> list[str]:
    return [name for name, (passed, _detail) in check.compare(rows, seen).items() if not passed]


def stored(*tokens: str, status: str = "submitted") -> dict[str, tuple[str, dict[str, Any]]]:
    return {token: (status, {"role": "hr", "q1": 3, "q2": ["a"]}) for token in tokens}


def test_everything_kept_passes():
    assert failed(stored("a", "b"), [Seen("a"), Seen("b", wants_report=True, report_ok=True)]) == []


@pytest.mark.parametrize(
    ("rows", "seen", "caught"),
    [
        (stored("a"), [Seen("a"), Seen("b")], "no accepted save lost"),  # a whole response gone
        (stored("a"), [Seen("a", expected={"role": "hr", "q1": 4})], "no accepted save lost"),  # an answer changed
        (stored("a", status="in_progress"), [Seen("a")], "every accepted submission stored once"),
        (stored("a", "x"), [Seen("a")], "every accepted submission stored once"),  # submitted by nobody
        (stored("a", "x", status="in_progress"), [Seen("a", submitted=False)], "no duplicates"),
        (stored("a"), [Seen("a", wants_report=True)], "every report delivered"),
    ],
)
def test_each_kind_of_loss_is_caught(rows, seen, caught):
    assert caught in failed(rows, seen)


def test_a_join_cut_off_and_tried_again_may_leave_one_stray_response():
    rows = stored("a") | {"x": ("in_progress", {})}
    assert failed(rows, [Seen("a", join_retries=1)]) == []
