"""Statistics over counted values: Tastle-Wierman consensus, mean and spread, medians."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TypeVar

Value = TypeVar("Value", bound=float)  # counted values: scale points (int) or scores (float)


def consensus(counts: Mapping[Value, int], n: int, low: float, high: float) -> float | None:
    """Tastle & Wierman's consensus (2007) of `n` values given as {value: count} on `low`..`high`: 0..1.

    Cns = 1 + sum_i p_i * log2(1 - |X_i - mu| / (high - low)) over the distinct values X_i
    with relative frequencies p_i and mean mu. 1: everyone gave the same value; 0: an even
    split between the two extremes. None for fewer than two values or an empty range.
    """
    width = high - low
    if n < 2 or width <= 0:
        return None
    if any(not low <= value <= high for value in counts):
        raise ValueError(f"values must lie between {low} and {high}")
    mean = math.fsum(value * count for value, count in counts.items()) / n
    total = math.fsum(count * math.log2(1.0 - abs(value - mean) / width) for value, count in counts.items())
    return min(1.0, max(0.0, 1.0 + total / n))


def mean_stdev(counts: Mapping[Value, int], n: int) -> tuple[float | None, float | None]:
    if not n:
        return None, None
    mean = math.fsum(value * count for value, count in counts.items()) / n
    if n < 2:
        return mean, None
    variance = math.fsum(count * (value - mean) ** 2 for value, count in counts.items()) / n
    return mean, math.sqrt(variance)


def median(ordered: list[float]) -> float:
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def median_of_counts(counts: Mapping[Value, int]) -> float:
    """Median of values given as {value: count}; ValueError when there are none.

    One sort of the distinct values and a walk that stops at the middle: a number question
    answered with thousands of different values costs one sort.
    """
    n = sum(counts.values())
    if not n:
        raise ValueError("median of no values")
    low, high = (n - 1) // 2, n // 2  # positions of the middle value(s)
    seen = 0
    lower: Value | None = None
    for value in sorted(counts):
        seen += counts[value]
        if lower is None and seen > low:
            lower = value
        if seen > high:
            assert lower is not None  # low <= high: found at this value or before
            return (lower + value) / 2
    raise AssertionError("the counts add up to n")  # pragma: no cover


def half_up(value: float) -> int:
    return math.floor(value + 0.5)
