"""Group scoring for workshops (see `scoring.group.workshop`)."""

from scoring.group.workshop import (
    OTHER,
    Comparison,
    GroupResult,
    NotCompared,
    Participant,
    aggregate_workshop,
    compare_groups,
    file_mapping,
    fold_groups,
    match_question,
    tastle_wierman,
)

__all__ = [
    "OTHER",
    "Comparison",
    "GroupResult",
    "NotCompared",
    "Participant",
    "aggregate_workshop",
    "compare_groups",
    "file_mapping",
    "fold_groups",
    "match_question",
    "tastle_wierman",
]
