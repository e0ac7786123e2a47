"""A per-process store of values made once and used by many requests, bounded by count.

When it is full it is emptied and fills again with what is asked for: simpler than an LRU, and
for what is kept here (compiled questionnaires, rendered questions) the set in use is far
smaller than the bound. Reads and writes are single dictionary operations, safe across a
worker's threads; two threads missing the same key at once both make the value, and one wins.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class Kept(Generic[V]):
    def __init__(self, limit: int):
        self.limit = limit
        self._values: dict[Hashable, V] = {}

    def get(self, key: Hashable, make: Callable[[], V]) -> V:
        """The value kept for `key`, made by `make()` the first time."""
        value = self._values.get(key)
        if value is None:
            value = make()
            if len(self._values) >= self.limit:
                self._values.clear()
            self._values[key] = value
        return value

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        self._values.clear()
