"""Rendered HTML that many people see alike, kept per process.

A survey page's questions look the same to everyone who opens the page with the same stored
answers: the same questionnaire text, language and choices, nothing about the person. A room of
300 opening page 1 at once would otherwise render the same questions 300 times. The key names
everything the HTML depends on; a render that depends on anything else (a posted form, an error,
a long free text) has no key and is rendered every time. The "e-mail me my link" field on every
survey page is the same empty field for everyone in a language, and is kept the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from markupsafe import Markup

from assessment.kept import Kept

LIMIT = 4096  # fragments per process: a questionnaire's questions in every language and answer

_kept: Kept[Markup] = Kept(LIMIT)


def kept_html(key: Hashable | None, render: Callable[..., Markup], *args: object, **kwargs: object) -> Markup:
    """`render(*args, **kwargs)` (a template macro: markup), from the store when `key` was rendered
    before (None: never kept)."""
    if key is None:
        return render(*args, **kwargs)
    return _kept.get(key, lambda: render(*args, **kwargs))


def kept_count() -> int:
    return len(_kept)


def forget_kept_html() -> None:
    """Empty the store (tests that count what is kept)."""
    _kept.clear()
