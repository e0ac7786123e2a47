"""Finding 6 of issue 18: the exports keep the anonymity promise of the dashboard.

With "Business 5, HR 4" on the dashboard, the CSV and JSON exports and the API's rows used
to carry the two IT participants' answers with a blank role, one row per person. Every
export now names a role, a team or both only for groups of at least the threshold.
"""

import csv
import io
from collections import Counter

import pytest

from tests.support.answers import PULSE_HR_LED, PULSE_IT_LED, with_role
from tests.support.api import api, make_token
from tests.support.survey import participate

THRESHOLD = 3
PEOPLE = (  # role, team, answers: business 5, hr 4, it 2; teams Sales 3, Ops 7, none 1
    [("business", "Sales", PULSE_HR_LED)] * 3
    + [("business", "Ops", PULSE_HR_LED)] * 2
    + [("hr", "Ops", PULSE_HR_LED)] * 4
    + [("it", "Ops", PULSE_IT_LED), ("it", "", PULSE_IT_LED)]
)


def small_groups(rows: list[dict]) -> dict[str, Counter]:
    """Every set of rows sharing a role, a team or both that holds fewer people than the threshold."""
    found = {}
    for columns in (("role",), ("team",), ("role", "team")):
        sizes = Counter(tuple(row[c] or "" for c in columns) for row in rows)
        small = Counter({key: n for key, n in sizes.items() if n < THRESHOLD})
        if small:
            found["+".join(columns)] = small
    return found


@pytest.fixture
def room(app, anna, workshop):
    workshop_id, _code, link = workshop
    for role, team, pages in PEOPLE:
        participate(app, link, with_role(pages, role), team=team)
    return workshop_id


def exported_rows(anna, workshop_id) -> dict[str, list[dict]]:
    text = anna.get(f"/workshops/{workshop_id}/export.csv").data.decode("utf-8-sig")
    token = make_token(anna)
    return {
        "csv": list(csv.DictReader(io.StringIO(text))),
        "json": anna.get(f"/workshops/{workshop_id}/export.json").json["responses"],
        "api": api(anna, f"/workshops/{workshop_id}/responses", token).json["responses"],
    }


def test_the_dashboard_shows_business_and_hr_only(anna, room):
    roles = {r["key"]: r["count"] for r in anna.get(f"/workshops/{room}/dashboard.json").json["roles"]}
    assert roles == {"business": 5, "hr": 4}


def test_no_group_under_the_threshold_is_recoverable_from_any_export(anna, room):
    for name, rows in exported_rows(anna, room).items():
        assert len(rows) == len(PEOPLE), name
        assert small_groups(rows) == {}, name
        assert "it" not in {row["role"] for row in rows}, name


def test_the_it_answers_are_not_the_only_rows_without_a_role(anna, room):
    rows = exported_rows(anna, room)["csv"]
    unnamed = [row for row in rows if not row["role"]]
    assert len(unnamed) >= THRESHOLD and {row["owner"] for row in unnamed} != {"it"}


def test_fewer_people_than_the_threshold_give_no_rows(app, anna, workshop):
    workshop_id, _code, link = workshop
    participate(app, link, PULSE_IT_LED)
    participate(app, link, PULSE_HR_LED)
    for name, rows in exported_rows(anna, workshop_id).items():
        assert rows == [], name
