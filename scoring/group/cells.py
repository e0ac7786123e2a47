"""Counted facts, sorted by kind and key once, for the figures to read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring.group.facts import Cell

Entry = tuple[str | None, str, float, int]  # role (None for none), text, num, participants
Place = tuple[str | None, str, float]  # an entry without its count


@dataclass(slots=True)
class Cells:
    """{kind: {key: [(role, text, num, participants)]}} from the counted cells."""

    by_kind: dict[str, dict[str, list[Entry]]] = field(default_factory=dict)
    # per (kind, key): where each (role, text, num) sits in its list, made and kept by `updated`
    places: dict[tuple[str, str], dict[Place, int]] = field(default_factory=dict, repr=False, compare=False)

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

    def updated(self, rows: Iterable[Sequence[Any]]) -> Cells:
        """New cells with these (role, kind, key, text, num, participants) rows' counts in place of
        the same cells' (a new one is added at the end, one at 0 goes); these are left as they are.

        The lists of the keys changed are copied and changed in place through an index of where
        each cell sits, kept along for the next update: a new response touches nearly every key,
        but only a few cells of each.
        """
        changed: dict[tuple[str, str], dict[Place, int]] = {}
        for role, kind, key, text, num, count in rows:
            changed.setdefault((kind, key), {})[(role or None, text, num)] = count
        by_kind = dict(self.by_kind)  # copied where changed: whoever reads these cells meanwhile is not disturbed
        for kind in {kind for kind, _key in changed}:
            by_kind[kind] = dict(by_kind.get(kind, {}))
        places = dict(self.places)
        for (kind, key), counts in changed.items():
            entries = list(by_kind[kind].get(key, ()))
            found = places.get((kind, key))
            where = dict(found) if found is not None else {entry[:3]: i for i, entry in enumerate(entries)}
            for place, count in counts.items():
                at = where.get(place)
                if at is None:
                    where[place] = len(entries)
                    entries.append((*place, count))
                else:
                    entries[at] = (*place, count)
            if not all(counts.values()):
                entries = [entry for entry in entries if entry[3]]
                where = {entry[:3]: i for i, entry in enumerate(entries)}
            if entries:
                by_kind[kind][key], places[(kind, key)] = entries, where
            else:
                by_kind[kind].pop(key, None)
                places.pop((kind, key), None)
        return Cells(by_kind, places)

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
