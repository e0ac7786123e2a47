"""Questionnaire texts for authoring: the shipped pulse, the next version of it, and one with a mistake."""

from __future__ import annotations

from tests.support.questionnaires import PULSE_PATH

PULSE = PULSE_PATH.read_text(encoding="utf-8")
# A changed pulse: the next version (the shipped one is 2), a reworded question, and one mistake
# (a severity the format does not know).
VERSION_2 = PULSE.replace("version: 2\n", "version: 3\n", 1).replace(
    "How has activity developed since launch?", "How has activity changed since the launch?"
)
ERROR_LINE = VERSION_2.splitlines().index("    severity: critical") + 1
WITH_ERROR = VERSION_2.replace("    severity: critical\n", "    severity: catastrophic\n", 1)
