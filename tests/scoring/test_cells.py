"""Counted cells updated in place of a fresh count: what a process that kept a workshop's cells
reads after new responses must be exactly the cells counted anew, in the same order."""

from __future__ import annotations

import copy
import random

from scoring.group import Cells

KINDS = ("a", "d", "n", "s")


def random_cell(rng: random.Random) -> tuple[str, str, str, str, float]:
    return (
        rng.choice(["", "hr", "it", "executive"]),
        rng.choice(KINDS),
        rng.choice(["q1", "q2", "q3", ""]),
        rng.choice(["", "yes", "no"]),
        float(rng.randrange(12)),
    )


def test_updated_cells_equal_the_cells_counted_anew():
    rng = random.Random(7)
    counts = {random_cell(rng): rng.randrange(1, 9) for _ in range(60)}
    cells = Cells.of(counts)
    for _ in range(200):
        before, kept = cells, copy.deepcopy(cells.by_kind)
        changes = {random_cell(rng): rng.randrange(0, 9) for _ in range(rng.randrange(1, 12))}
        cells = cells.updated([(*cell, n) for cell, n in changes.items()])
        counts.update(changes)  # a changed cell keeps its place, a new one comes last
        counts = {cell: n for cell, n in counts.items() if n}
        assert cells.by_kind == Cells.of(counts).by_kind
        assert before.by_kind == kept  # the cells read before are left as they were


def test_a_key_whose_cells_all_reach_zero_is_gone():
    cells = Cells.of({("hr", "a", "q1", "yes", 0.0): 2, ("hr", "a", "q2", "no", 0.0): 1})
    cells = cells.updated([("hr", "a", "q1", "yes", 0.0, 0)])
    assert cells.keys("a") == ["q2"] and cells.entries("a", "q1") == []
    assert cells.updated([("hr", "a", "q1", "yes", 0.0, 3)]).entries("a", "q1") == [("hr", "yes", 0.0, 3)]
