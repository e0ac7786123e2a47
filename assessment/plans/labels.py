"""What the plan history and the edit-conflict box show for the names and values stored with a
change: the field's label and the value in the reader's language, never a raw key."""

from __future__ import annotations

import re
from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import lazy_gettext as _l

CHANGE_LABELS = {
    "title": _l("Action"),
    "owner": _l("Owner"),
    "due_date": _l("Due"),
    "status": _l("Status"),
    "success_measure": _l("Success measure"),
    "horizon": _l("Horizon"),
    "created": _l("Plan made"),
    "added": _l("Action added"),
    "removed": _l("Action removed"),
    "position": _l("Position"),
    "start_date": _l("Plan starts on"),
}
STATUS_LABELS = {
    "planned": _l("Planned"),
    "in_progress": _l("In progress"),
    "done": _l("Done"),
    "dropped": _l("Dropped"),
}
ACTIONS = re.compile(r"(\d+) actions")


def change_label(name: str) -> str:
    return str(CHANGE_LABELS.get(name, name))


def change_value(value: str | None, name: str = "") -> str:
    """A stored value (text, as the history keeps it) as the reader reads it."""
    if value is None:
        return ""
    if name == "status" and value in STATUS_LABELS:
        return str(STATUS_LABELS[value])
    if name in ("due_date", "start_date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return str(format_date(date.fromisoformat(value), "medium"))
    if name == "created" and (count := ACTIONS.fullmatch(value)):
        return str(ngettext("%(num)d action", "%(num)d actions", int(count.group(1))))
    return value
