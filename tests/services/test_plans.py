"""Action plans: made from a result, edited by several people without overwriting each other, logged."""

from datetime import date, timedelta

import pytest

from assessment.models import Response
from assessment.services.plan_progress import shown_change
from assessment.services.plans import (
    PlanConflict,
    add_item,
    changes_of,
    check_changes,
    move_item,
    plan_from_response,
    plan_from_workshop,
    remove_item,
    set_start_date,
    update_item,
)
from assessment.services.responses import result_of
from scoring import load_file
from tests.support.answers import PULSE_HR_LED
from tests.support.paths import DATA
from tests.support.records import submitted

START = date(2027, 1, 4)


@pytest.fixture
def plan(db, user, organisation, pulse_version):
    return plan_from_response(db, organisation, submitted(db, pulse_version), user, START)


def order(plan) -> list[int]:
    """The plan's items by position (what the next page load shows)."""
    return [item.id for item in sorted(plan.items, key=lambda item: item.position)]


def logged(db, plan) -> list[tuple[str, str | None, str | None]]:
    return [(change.field, change.old_value, change.new_value) for change, _name in reversed(changes_of(db, plan))]


def test_a_plan_from_a_response_lists_its_actions_in_priority_order_with_due_dates(db, plan):
    _q, _answers, result = result_of(db.get(Response, plan.response_id))
    assert [item.action_key for item in plan.items] == [action.id for action in result.actions]
    assert [item.position for item in plan.items] == list(range(len(plan.items)))
    for item, action in zip(plan.items, result.actions):
        assert item.horizon == action.horizon and item.due_date == START + timedelta(days=action.horizon)
        assert item.severity == action.severity and item.status == "planned" and item.title and item.owner
    # the summary holds the result's JSON form, rounded to one decimal
    assert plan.title == "ACME" and plan.source_summary["readiness_index"] == round(result.readiness_index, 1)
    assert logged(db, plan) == [("created", None, f"{len(plan.items)} actions")]


def test_a_plan_from_a_workshop_needs_as_many_responses_as_the_threshold(db, user, workshop, pulse_version):
    for _ in range(workshop.anonymity_threshold - 1):
        submitted(db, pulse_version, workshop=workshop)
    with pytest.raises(ValueError):
        plan_from_workshop(db, workshop, user, START)
    submitted(db, pulse_version, PULSE_HR_LED, workshop=workshop)
    plan = plan_from_workshop(db, workshop, user, START)
    assert plan.workshop_id == workshop.id and plan.title == "Kick-off" and plan.items


def test_an_edit_is_applied_counted_and_logged(db, user, plan):
    item = plan.items[0]
    old_owner, seen = item.owner, item.revision
    changed = update_item(db, item, {"owner": "  Head of HR ", "status": "in_progress"}, seen, user)
    assert sorted(changed) == ["owner", "status"]
    assert (item.owner, item.status, item.revision) == ("Head of HR", "in_progress", seen + 1)
    assert ("owner", old_owner, "Head of HR") in logged(db, plan)
    assert update_item(db, item, {"owner": "Head of HR"}, item.revision, user) == []  # nothing differs
    assert item.revision == seen + 1


def test_a_stale_edit_is_refused_with_what_the_item_now_says(db, user, plan):
    item = plan.items[0]
    seen = item.revision
    update_item(db, item, {"owner": "Dana"}, seen, user)  # someone else saves first
    with pytest.raises(PlanConflict) as conflict:
        update_item(db, item, {"owner": "Erik", "status": "done"}, seen, user)
    assert conflict.value.item.owner == "Dana" and conflict.value.attempted == {"owner": "Erik", "status": "done"}
    assert (item.owner, item.status) == ("Dana", "planned")


@pytest.mark.parametrize(
    "changes",
    [{"status": "forgotten"}, {"owner": "  "}, {"title": ""}, {"due_date": "tomorrow"}, {"severity": "low"}],
)
def test_bad_edits_are_refused(changes):
    with pytest.raises(ValueError):
        check_changes(changes)


def test_added_items_take_their_due_date_from_the_horizon_unless_one_is_given(db, user, plan):
    count = len(plan.items)
    item = add_item(db, plan, {"title": "Run a survey", "owner": "HR", "horizon": "60"}, plan.order_revision, user)
    dated = add_item(
        db, plan, {"title": "Kick-off", "owner": "CEO", "due_date": date(2027, 2, 1)}, plan.order_revision, user
    )
    assert [i.title for i in plan.items[count:]] == ["Run a survey", "Kick-off"]
    assert item.due_date == START + timedelta(days=60) and not item.due_date_set and item.action_key is None
    assert dated.horizon == 30 and dated.due_date == date(2027, 2, 1) and dated.due_date_set
    with pytest.raises(ValueError):
        add_item(db, plan, {"title": "Later", "owner": "HR", "horizon": "45"}, plan.order_revision, user)


def test_moving_swaps_neighbours_and_stops_at_the_ends(db, user, plan):
    first, second, *rest = order(plan)
    move_item(db, plan, plan.items[1], -1, plan.order_revision, user)
    assert order(plan) == [second, first, *rest]
    db.expire(plan, ["items"])  # the next request loads the items in their new order
    revision = plan.order_revision
    move_item(db, plan, plan.items[0], -1, revision, user)  # already first: nothing happens
    assert plan.order_revision == revision and order(plan) == [second, first, *rest]
    assert ("position", "2", "1") in logged(db, plan)


def test_removing_an_item_is_logged(db, user, plan):
    item = plan.items[0]
    title, count = item.title, len(plan.items)
    remove_item(db, plan, item, plan.order_revision, user)
    assert len(plan.items) == count - 1 and item not in plan.items
    assert ("removed", title, None) in logged(db, plan)


@pytest.mark.parametrize("change", ["add", "move", "remove"])
def test_a_change_of_order_on_a_stale_page_is_refused(db, user, plan, change):
    stale = plan.order_revision
    move_item(db, plan, plan.items[1], -1, stale, user)  # someone else reorders first
    before = order(plan)
    with pytest.raises(PlanConflict):
        if change == "add":
            add_item(db, plan, {"title": "Late", "owner": "HR"}, stale, user)
        elif change == "move":
            move_item(db, plan, plan.items[2], -1, stale, user)
        else:
            remove_item(db, plan, plan.items[0], stale, user)
    assert order(plan) == before


def test_a_new_start_date_moves_the_due_dates_not_set_by_hand(db, user, plan):
    by_hand, follows = plan.items[0], plan.items[1]
    update_item(db, by_hand, {"due_date": date(2027, 3, 1)}, by_hand.revision, user)
    set_start_date(db, plan, START + timedelta(days=7), user)
    assert by_hand.due_date == date(2027, 3, 1)
    assert follows.due_date == START + timedelta(days=7 + follows.horizon)
    assert ("start_date", str(START), str(START + timedelta(days=7))) in logged(db, plan)


def test_a_plans_score_change_is_the_difference_of_the_figures_shown_in_the_pages_locale():
    q = load_file(DATA / "port.yaml")  # a display scale of 0-3 with two decimals

    def german(value: float, decimals: int) -> str:
        return f"{value:.{decimals}f}".replace(".", ",")

    # 40 -> 1.20 and 57.3 -> 1.719, shown as 1.72: the change is the shown 0.52, in German 0,52
    assert shown_change(q, 40.0, 57.3, german) == "+0,52"
    assert shown_change(q, 57.3, 40.0, german) == "-0,52"
    assert shown_change(q, 40.0, 57.3) == "+0.52"  # files, commands and the API keep a decimal point
    assert shown_change(q, 40.0, 40.1, german) == "±0"
    assert shown_change(q, None, 40.0, german) == ""
