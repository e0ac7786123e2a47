"""Questionnaires and answers for tests: the shipped files and a small hand-computable one."""

from __future__ import annotations

from functools import cache

from scoring import Questionnaire, load_file, load_questionnaire
from tests.support.paths import DATA, QUESTIONNAIRES

MINIMAL_PATH = DATA / "minimal.yaml"
PULSE_PATH = QUESTIONNAIRES / "executive-pulse.yaml"
FULL_PATH = QUESTIONNAIRES / "social-collaboration-readiness.yaml"


def minimal_text() -> str:
    return MINIMAL_PATH.read_text()


def mutated(old: str, new: str, text: str | None = None) -> str:
    """The minimal questionnaire with one exact piece of text replaced (it must exist)."""
    text = minimal_text() if text is None else text
    assert old in text, f"test setup: {old!r} not in the questionnaire"
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of `needle`."""
    return text[: text.index(needle)].count("\n") + 1


@cache
def minimal() -> Questionnaire:
    return load_file(MINIMAL_PATH)


@cache
def pulse() -> Questionnaire:
    return load_file(PULSE_PATH)


@cache
def full() -> Questionnaire:
    return load_file(FULL_PATH)


def load(text: str) -> Questionnaire:
    return load_questionnaire(text, "test.yaml")
