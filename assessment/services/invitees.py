"""Reading a campaign's list of people: CSV (a file or pasted), one person a line.

Columns: name, e-mail, unit, role, language; found by a header line (English or German
names, any order) or, without one, in that order (or with the e-mail first, when the line
starts with an address). Only the e-mail is required. Every value
is checked: an address the mail library would refuse, a line break or a control character
in a name, a language the questionnaire does not have, a person listed twice.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from assessment.services.import_table import FileRefused, decode_csv, sniff_delimiter
from scoring.answers import visible_controls

MAX_INVITEES = 20_000
FIELDS = ("name", "email", "unit", "role", "language")
HEADER_NAMES = {
    "name": "name",
    "full name": "name",
    "vorname nachname": "name",
    "e-mail": "email",
    "email": "email",
    "e-mail address": "email",
    "mail": "email",
    "e-mail-adresse": "email",
    "unit": "unit",
    "department": "unit",
    "team": "unit",
    "bereich": "unit",
    "abteilung": "unit",
    "einheit": "unit",
    "role": "role",
    "rolle": "role",
    "funktion": "role",
    "language": "language",
    "locale": "language",
    "lang": "language",
    "sprache": "language",
}
LIMITS = {"name": 200, "unit": 80, "role": 80}
# A deliberately plain address check: one @, no spaces, quotes, angle brackets or control
# characters, a dotted domain. What passes here the e-mail library writes into a header safely.
ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$"
)  # noqa: E501


@dataclass(frozen=True)
class Invitee:
    name: str
    email: str
    unit: str
    role: str
    locale: str


@dataclass(frozen=True)
class InviteeProblem:
    line: int  # as a spreadsheet numbers it (a header is line 1)
    kind: str  # address, language, duplicate, too_long, too_many
    value: str


def normalise_address(raw: str) -> str | None:
    """The address in lower case, or None when it is not one we will send to."""
    address = raw.strip()
    if len(address) > 254 or not ADDRESS.match(address):
        return None
    local, _, domain = address.rpartition("@")
    if ".." in local or local.startswith(".") or local.endswith("."):
        return None
    return f"{local}@{domain}".lower()


def parse_invitees(
    data: bytes | str, locales: tuple[str, ...], default_locale: str
) -> tuple[list[Invitee], list[InviteeProblem]]:
    """The people on the list and every problem found; a list with problems adds nobody."""
    text = data if isinstance(data, str) else decode_csv(data)
    rows = list(csv.reader(io.StringIO(text), delimiter=sniff_delimiter(text)))
    columns, start = _columns(rows[0] if rows else [])
    address_first = {"email": 0, "name": 1, "unit": 2, "role": 3, "language": 4}
    people: list[Invitee] = []
    problems: list[InviteeProblem] = []
    seen: set[str] = set()
    for number, cells in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in cells):
            continue
        if len(people) >= MAX_INVITEES:
            problems.append(InviteeProblem(number, "too_many", str(MAX_INVITEES)))
            break
        order = address_first if start == 0 and normalise_address(cells[0]) else columns  # "ada@x.org, Ada" too
        person, problem = _read(cells, order, number, locales, default_locale)
        if problem is None and person is not None and person.email in seen:
            problem = InviteeProblem(number, "duplicate", person.email)
        if problem is not None:
            problems.append(problem)
        elif person is not None:
            seen.add(person.email)
            people.append(person)
    return people, problems


def _columns(first: list[str]) -> tuple[dict[str, int], int]:
    """Column positions from a header line, or the default order when the first line is data."""
    found = {
        HEADER_NAMES[key]: i for i, cell in enumerate(first) if (key := " ".join(cell.lower().split())) in HEADER_NAMES
    }
    if "email" in found:
        return found, 1
    return {name: i for i, name in enumerate(FIELDS)}, 0


def _read(
    cells: list[str], columns: dict[str, int], number: int, locales: tuple[str, ...], default: str
) -> tuple[Invitee | None, InviteeProblem | None]:
    values = {name: cells[i].strip() if i < len(cells) else "" for name, i in columns.items()}
    email = normalise_address(values.get("email", ""))
    if email is None:
        return None, InviteeProblem(number, "address", visible_controls(values.get("email", ""))[:254])
    for name, limit in LIMITS.items():
        if len(values.get(name, "")) > limit:
            return None, InviteeProblem(number, "too_long", name)
    language = values.get("language", "").lower()[:8] or default
    if language not in locales:
        return None, InviteeProblem(number, "language", visible_controls(language))
    clean = {name: " ".join(visible_controls(values.get(name, "")).split()) for name in LIMITS}
    return Invitee(clean["name"], email, clean["unit"], clean["role"], language), None


__all__ = ["FileRefused", "Invitee", "InviteeProblem", "normalise_address", "parse_invitees"]
