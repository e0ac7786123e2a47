"""Group scoring for workshops (see `scoring.group.workshop`)."""

from scoring.group.anonymity import OTHER, fold_groups
from scoring.group.comparison import compare_groups, file_mapping, match_question
from scoring.group.results import Comparison, GroupResult, NotCompared, Participant
from scoring.group.workshop import aggregate_workshop

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
]
