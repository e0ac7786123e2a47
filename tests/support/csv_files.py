"""CSV files as other survey tools export them, for the import tests."""

from __future__ import annotations

# One respondent's answers to the executive pulse, as cells of an export (scales as current->target).
PULSE_ANSWERS = {
    "role": "it",
    "stage": "launched-long",
    "owner": "it",
    "steering-group": "no",
    "funding": "it-licence",
    "objectives": "generic",
    "sequence": "platform-first",
    "wiifm": "2->4",
    "sponsor-role": "signs-off",
    "exec-participation": "name-only",
    "policy": "none",
    "measurement": "logins",
    "activity-trend": "fading",
    "training": "launch",
    "change-plan": "awareness",
    "community-manager": "none",
    "workflow": "1->3",
    # what the same organisation says before launch (asked instead of the live questions then)
    "exec-commitment": "approve",
    "measurement-plan": "logins",
    "training-plan": "launch",
    "community-plan": "none",
    "workflow-plan": "none",
}


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    def cell(value: str) -> str:
        return f'"{value}"' if any(c in value for c in f'{delimiter}"\n') else value

    return "\r\n".join(delimiter.join(cell(v.replace('"', '""')) for v in row) for row in rows).encode(encoding)
