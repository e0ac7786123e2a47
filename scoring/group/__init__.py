"""Group scoring for workshops (see `scoring.group.workshop`)."""

from scoring.group.anonymity import OTHER, Grouping, fold
from scoring.group.comparison import compare_groups, file_mapping, match_question
from scoring.group.results import Comparison, GroupResult, NotCompared, Participant, Reason
from scoring.group.workshop import aggregate_workshop

__all__ = [
    "OTHER",
    "Comparison",
    "GroupResult",
    "Grouping",
    "NotCompared",
    "Participant",
    "Reason",
    "aggregate_workshop",
    "compare_groups",
    "file_mapping",
    "fold",
    "match_question",
]
