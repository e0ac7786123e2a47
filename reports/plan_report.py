"""Action plan exports: PDF (grouped by horizon), CSV rows and an iCalendar file of due dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import force_locale
from flask_babel import gettext as _

from reports.branding import Branding
from reports.pdf import render_pdf
from reports.result_presenter import severity_label
from reports.verdict_presenter import band_label


def status_label(status: str) -> str:
    return {"planned": _("Planned"), "in_progress": _("In progress"), "done": _("Done"), "dropped": _("Dropped")}[
        status
    ]


def render_plan_pdf(
    plan: dict[str, Any], page_size: str = "A4", today: date | None = None, branding: Branding | None = None
) -> bytes:
    with force_locale(plan["locale"]):
        groups = [(h, [i for i in plan["items"] if i["horizon"] == h]) for h in (30, 60, 90)]
        other = [i for i in plan["items"] if i["horizon"] not in (30, 60, 90)]
        if other:
            groups.append((0, other))
        return render_pdf(
            "reports/plan.html",
            page_size=page_size,
            plan=plan,
            groups=groups,
            band=band_label(plan["band"]) if plan["band"] else "",
            status_label=status_label,
            severity_label=severity_label,
            today=today or datetime.now(UTC).date(),
            branding=branding,
        )


def plan_rows(plan: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    header = [
        "#",
        "action",
        "owner",
        "horizon_days",
        "due_date",
        "status",
        "priority",
        "success_measure",
        "why",
        "last_changed",
    ]
    rows = [
        [
            i["position"],
            i["title"],
            i["owner"],
            i["horizon"],
            i["due_date"].isoformat(),
            i["status"],
            i["severity"],
            i["success_measure"],
            i["reasons"],
            i["updated_at"].isoformat(timespec="seconds"),
        ]
        for i in plan["items"]
    ]
    return header, rows


_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x85|\x0b|\x0c")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f]")


def _ics_text(value: str) -> str:
    """An RFC 5545 TEXT value: escaped, every kind of line break as "\\n", no other control character.

    A bare CR would otherwise end the line for some readers and start an event of its own.
    """
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\\\\n", value))


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue on lines starting with a space."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode("utf-8")) > 74:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return "\r\n".join(out)


def plan_calendar(plan: dict[str, Any], host: str) -> str:
    """One all-day event per open action on its due date."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//readiness//action plan//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ics_text(plan['title'])}",
    ]
    for item in plan["items"]:
        if item["status"] in ("done", "dropped"):
            continue
        day = item["due_date"]
        lines += [
            "BEGIN:VEVENT",
            f"UID:plan-{plan['id']}-item-{item['id']}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"SUMMARY:{_ics_text(item['title'])}",
            f"DESCRIPTION:{_ics_text(item['owner'] + ' — ' + item['success_measure'])}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
