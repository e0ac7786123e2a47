"""Counted facts, sorted by kind and key once, for the figures to read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring.group.facts import Cell

Entry = tuple[str | None, str, float, int]  # role (None for none), text, num, participants


@dataclass(slots=True)
class Cells:
    """{kind: {key: [(role, text, num, participants)]}} from the counted cells."""

    by_kind: dict[str, dict[str, list[Entry]]] = field(default_factory=dict)

    @classmethod
    def of(cls, counted: Counter[Cell] | dict[Cell, int]) -> Cells:
        by_kind: dict[str, dict[str, list[Entry]]] = {}
        for (role, kind, key, text, num), count in counted.items():
            if count:
                by_kind.setdefault(kind, {}).setdefault(key, []).append((role or None, text, num, count))
        return cls(by_kind)

    @classmethod
    def of_rows(cls, rows: Iterable[Sequence[Any]]) -> Cells:
        """From (role, kind, key, text, num, participants) rows, as the database counts them."""
        by_kind: dict[str, dict[str, list[Entry]]] = {}
        for role, kind, key, text, num, count in rows:
            found = by_kind.get(kind)
            if found is None:
                found = by_kind[kind] = {}
            entries = found.get(key)
            if entries is None:
                entries = found[key] = []
            entries.append((role or None, text, num, count))
        return cls(by_kind)

    def entries(self, kind: str, key: str = "") -> list[Entry]:
        return self.by_kind.get(kind, {}).get(key, [])

    def keys(self, kind: str) -> list[str]:
        return list(self.by_kind.get(kind, {}))

    def texts(self, kind: str, key: str = "") -> Counter[str]:
        """Participants per text over all roles."""
        counts: Counter[str] = Counter()
        for _, text, _, count in self.entries(kind, key):
            counts[text] += count
        return counts

    def numbers(self, kind: str, key: str = "") -> Counter[float]:
        """Participants per number over all roles."""
        counts: Counter[float] = Counter()
        for _, _, num, count in self.entries(kind, key):
            counts[num] += count
        return counts

    def roles(self) -> Counter[str | None]:
        counts: Counter[str | None] = Counter()
        for role, _, _, count in self.entries("n"):
            counts[role] += count
        return counts
