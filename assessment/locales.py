"""The interface languages: the one list every part of the app (and scripts/i18n) reads."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {"en": "English", "de": "Deutsch"}
"""Locale code -> the language's name in itself, in the order the switch shows them."""
DEFAULT = "en"
LOCALES: tuple[str, ...] = tuple(LANGUAGES)


def language_name(code: str) -> str:
    return LANGUAGES.get(code, code)
