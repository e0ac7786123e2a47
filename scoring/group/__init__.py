"""Group scoring for workshops: many participants, one questionnaire, figures for the room.

`aggregate_workshop` (workshop) gives a workshop's figures; `compare_groups` (comparison)
sets a follow-up workshop against its baseline. Their results (results) carry no text:
reasons are codes for the presenter to word. Which groups a figure may show is decided in
one place (anonymity); per-question figures are read column by column (columns) with the
statistics in statistics.
"""

from scoring.group.anonymity import OTHER, Grouping, fold, row_groups
from scoring.group.cells import Cells
from scoring.group.comparison import compare_groups, file_mapping, match_question
from scoring.group.facts import Cell, Fact, count_facts, participant_facts
from scoring.group.results import Comparison, GroupResult, NotCompared, Participant, Reason
from scoring.group.workshop import aggregate_cells, aggregate_workshop

__all__ = [
    "Cell",
    "Cells",
    "Fact",
    "aggregate_cells",
    "count_facts",
    "participant_facts",
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
    "row_groups",
]
