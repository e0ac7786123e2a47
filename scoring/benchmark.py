"""Peer benchmarks: where one assessment stands among other organisations, never revealing one.

Each peer is one organisation (its latest assessment on the questionnaire) or one record
of an imported benchmark file. A comparison is made only from at least `MIN_PEERS`
organisations, and only the subject's own percentile is shown, rounded to the nearest
10: no other organisation's figure (no median, quartile, minimum or maximum) ever leaves
this module. Subsets by industry or size band are compared the same way where they hold
enough peers. Community benchmarks compare trends within an organisation better than
across firms (SOCM, SWOOP); a percentile is context, never the verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from scoring.format.schema import ID_PATTERN

MIN_PEERS = 5
STEP = 10  # percentiles are rounded to this, so a rank among few peers is not read too exactly
INDUSTRIES = (
    "financial-services",
    "manufacturing",
    "public-sector",
    "healthcare",
    "retail",
    "technology",
    "professional-services",
    "energy-utilities",
    "education",
    "other",
)
SIZE_BANDS = ("under-250", "250-999", "1000-4999", "5000-19999", "20000-plus")
FILE_FORMAT = "readiness-benchmark"


@dataclass(frozen=True, slots=True)
class Peer:
    """One organisation's figures: index and dimension scores on 0-100."""

    index: float
    dimensions: Mapping[str, float]
    industry: str | None = None
    size_band: str | None = None


@dataclass(frozen=True, slots=True)
class Standing:
    """The subject's percentile among `peers` organisations (share of them scoring lower; ties count half)."""

    percentile: int
    peers: int


@dataclass(frozen=True)
class Benchmark:
    """Where one assessment stands: overall, by industry and by size band (where enough peers exist)."""

    questionnaire_id: str
    peers: int
    index: Standing
    dimensions: dict[str, Standing] = field(default_factory=dict)
    industry: str | None = None
    by_industry: Standing | None = None
    size_band: str | None = None
    by_size: Standing | None = None

    def to_dict(self) -> dict[str, Any]:
        def standing(s: Standing | None) -> dict[str, int] | None:
            return None if s is None else {"percentile": s.percentile, "peers": s.peers}

        return {
            "questionnaire_id": self.questionnaire_id,
            "peers": self.peers,
            "min_peers": MIN_PEERS,
            "index": standing(self.index),
            "dimensions": {k: standing(v) for k, v in self.dimensions.items()},
            "industry": self.industry,
            "by_industry": standing(self.by_industry),
            "size_band": self.size_band,
            "by_size": standing(self.by_size),
        }


def standing(value: float, others: Iterable[float], min_peers: int = MIN_PEERS) -> Standing | None:
    """The percentile of `value` among `others`, or None with fewer than `min_peers` of them."""
    values = list(others)
    if len(values) < max(min_peers, 1):
        return None
    below = sum(1 for v in values if v < value)
    equal = sum(1 for v in values if v == value)
    share = 100.0 * (below + 0.5 * equal) / len(values)
    return Standing(int(STEP * round(share / STEP)), len(values))


def compare(
    questionnaire_id: str,
    index: float | None,
    dimensions: Mapping[str, float | None],
    peers: list[Peer],
    industry: str | None = None,
    size_band: str | None = None,
    min_peers: int = MIN_PEERS,
) -> Benchmark | None:
    """The subject's standing among `peers` (its own organisation already left out), or None."""
    if index is None:
        return None
    overall = standing(index, (p.index for p in peers), min_peers)
    if overall is None:
        return None
    by_dimension = {}
    for dimension_id, score in dimensions.items():
        if score is None:
            continue
        found = standing(score, (p.dimensions[dimension_id] for p in peers if dimension_id in p.dimensions), min_peers)
        if found is not None:
            by_dimension[dimension_id] = found
    by_industry = by_size = None
    if industry:
        by_industry = standing(index, (p.index for p in peers if p.industry == industry), min_peers)
    if size_band:
        by_size = standing(index, (p.index for p in peers if p.size_band == size_band), min_peers)
    return Benchmark(
        questionnaire_id,
        overall.peers,
        overall,
        by_dimension,
        industry if by_industry else None,
        by_industry,
        size_band if by_size else None,
        by_size,
    )


# --------------------------------------------------------------------------- the exchange file

Score = Annotated[float, Field(ge=0, le=100)]


class Record(BaseModel):
    """One anonymised organisation: no name, no id, no respondents, the month only."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    industry: Literal[INDUSTRIES] | None = None  # type: ignore[valid-type]
    size_band: Literal[SIZE_BANDS] | None = None  # type: ignore[valid-type]
    period: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    index: Score
    dimensions: dict[Annotated[str, StringConstraints(pattern=ID_PATTERN)], Score] = {}


class BenchmarkFile(BaseModel):
    """An anonymised benchmark set for one questionnaire, as exported by one server and imported by another."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["readiness-benchmark"]
    version: Literal[1]
    questionnaire_id: Annotated[str, StringConstraints(pattern=ID_PATTERN)]
    exported: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
    records: list[Record] = Field(min_length=MIN_PEERS, max_length=100_000)


def anonymised(records: list[Record]) -> list[Record]:
    """The records in an order that says nothing about the organisations (by index, then the rest)."""
    return sorted(records, key=lambda r: (r.index, r.industry or "", r.size_band or "", r.period))
