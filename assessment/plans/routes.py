"""Plan pages: create from a workshop or a response, edit items, reorder, export PDF/CSV/iCalendar."""

from __future__ import annotations

import logging
import re
from datetime import date

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.access import login_required, organisation_or_404, plan_or_404, signed_in_user, workshop_or_404
from assessment.db import session
from assessment.downloads import csv_response, paper_size, pdf_download
from assessment.models import ActionItem, ActionPlan, Organisation, Workshop
from assessment.models import Response as StoredResponse
from assessment.plans.document import plan_pdf
from assessment.plans.forms import (
    AddItemForm,
    ItemForm,
    NewPlanForm,
    OrderForm,
    StartDateForm,
    WorkshopPlanForm,
    status_labels,
)
from assessment.plans.labels import change_label, change_value
from assessment.services.plan_progress import plan_progress, plan_view
from assessment.services.plans import (
    PlanConflict,
    add_item,
    automatic_due_date,
    changes_of,
    due_before_start,
    due_changes,
    move_item,
    plan_from_response,
    plan_from_workshop,
    remove_item,
    removed_items,
    restore_item,
    set_start_date,
    update_item,
)
from assessment.services.responses import find_response
from assessment.web_support import DATABASE_ERRORS, required, save_failed
from reports.numbers import locale_number
from reports.plan_report import plan_calendar, plan_rows, status_label
from reports.result_presenter import severity_label
from reports.verdict_presenter import band_label

bp = Blueprint("plans", __name__)
bp.add_app_template_filter(change_label, "change_label")
bp.add_app_template_filter(change_value, "change_value")
bp.add_app_template_global(band_label, "band_label")
log = logging.getLogger(__name__)
TOKEN_IN_LINK = re.compile(r"(?:/r/)?([A-Za-z0-9_-]{40,64})(?:/results)?/?$")


def _item(plan: ActionPlan, item_id: int) -> ActionItem:
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None:
        abort(404)
    return item


@bp.post("/workshops/<int:workshop_id>/plan")
@login_required
def from_workshop(workshop_id: int) -> ResponseReturnValue:
    workshop = workshop_or_404(workshop_id)
    form = WorkshopPlanForm()
    if not form.validate():
        abort(400)
    try:
        plan = plan_from_workshop(session(), workshop, signed_in_user(), form.start_date.data or date.today())
    except ValueError:
        flash(_("A plan needs results from at least %(n)d participants.", n=workshop.anonymity_threshold), "error")
        return redirect(url_for("workshops.dashboard", workshop_id=workshop.id))
    session().commit()
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.post("/organisations/<int:organisation_id>/plans")
@login_required
def from_response(organisation_id: int) -> ResponseReturnValue:
    organisation = organisation_or_404(organisation_id)
    form = NewPlanForm()
    match = TOKEN_IN_LINK.search((form.source.data or "").strip()) if form.validate() else None
    response = find_response(session(), match.group(1)) if match else None
    if response is None or not response.submitted or not _belongs_here(response, organisation):
        flash(_("That link does not lead to a submitted result."), "error")
        return redirect(url_for("workshops.organisation", organisation_id=organisation.id))
    plan = plan_from_response(session(), organisation, response, signed_in_user(), form.start_date.data or date.today())
    session().commit()
    return redirect(url_for("plans.show", plan_id=plan.id))


def _belongs_here(response: StoredResponse, organisation: Organisation) -> bool:
    """A standalone result may become any plan; a workshop participant's only one of that workshop's
    organisation (the anonymity threshold and the team's walls hold otherwise)."""
    if response.workshop_id is None:
        return True
    workshop = session().get(Workshop, response.workshop_id)
    return workshop is not None and workshop.organisation_id == organisation.id


def _page(
    plan: ActionPlan,
    conflict: PlanConflict | None = None,
    forms: dict[int, ItemForm] | None = None,
    status: int = 200,
    add_form: AddItemForm | None = None,
    start_form: StartDateForm | None = None,
    busy: bool = False,
) -> tuple[str, int]:
    """The plan page; forms given keep what the person typed (a conflict, a refused save)."""
    item_forms = forms or {}
    for item in plan.items:
        if item.id not in item_forms:
            item_forms[item.id] = ItemForm(prefix=f"item-{item.id}", obj=item, formdata=None)
            item_forms[item.id].follow_start.data = not item.due_date_set
    removed_id = request.args.get("removed", type=int)
    removed = removed_items(session(), plan)
    return render_template(
        "plans/plan.html",
        plan=plan,
        item_forms=item_forms,
        add_form=add_form or AddItemForm(order_revision=plan.order_revision, formdata=None),
        order_form=OrderForm(order_revision=plan.order_revision, formdata=None),
        start_form=start_form or StartDateForm(start_date=plan.start_date, formdata=None),
        busy=busy,
        conflict=conflict,
        progress=plan_progress(session(), plan, locale_number),
        owners=sorted({i.owner for i in plan.items}),
        severity_label=severity_label,
        status_label=status_label,
        removed=removed,
        just_removed=next((i for i in removed if i.id == removed_id), None),
        automatic_due_date=automatic_due_date,
        statuses=status_labels(),
    ), status


@bp.get("/plans/<int:plan_id>")
@login_required
def show(plan_id: int) -> ResponseReturnValue:
    return _page(plan_or_404(plan_id))


@bp.post("/plans/<int:plan_id>/items/<int:item_id>")
@login_required
def edit_item(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    item = _item(plan, item_id)
    form = ItemForm(prefix=f"item-{item.id}")
    if not form.validate():
        log.info("plan %s item %s: edit refused", plan.id, item.id)
        return _page(plan, forms={item.id: form}, status=422)
    changes = {name: getattr(form, name).data for name in ("title", "owner", "status", "success_measure")}
    changes |= due_changes(plan, item, form.due_date.data, bool(form.follow_start.data))
    try:
        changed = update_item(session(), item, changes, int(required(form.revision.data)), signed_in_user())
        session().commit()
    except PlanConflict as conflict:
        session().rollback()
        log.info("plan %s item %s: edit conflict", plan.id, item.id)
        return _page(plan_or_404(plan_id), conflict=conflict, status=409)
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        return _page(plan_or_404(plan_id), forms={item_id: form}, status=503, busy=True)
    if changed:
        flash(_("Saved: %(title)s", title=item.title), "info")
    if item in due_before_start(plan):
        flash(_("“%(title)s” is due before the plan starts. Check the date.", title=item.title), "error")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"item-{item.id}"))


def _order_revision() -> int:
    form = OrderForm()
    if not form.validate():
        abort(400)
    try:
        return int(required(form.order_revision.data))
    except ValueError:
        abort(400)


def _order_conflict(plan_id: int) -> tuple[str, int]:
    session().rollback()
    flash(_("Someone else changed the list of actions meanwhile. Here is the current list; please try again."), "error")
    return _page(plan_or_404(plan_id), status=409)


@bp.post("/plans/<int:plan_id>/items/<int:item_id>/move")
@login_required
def move(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    item = _item(plan, item_id)
    step = -1 if request.form.get("direction") == "up" else 1
    try:
        move_item(session(), plan, item, step, _order_revision(), signed_in_user())
    except PlanConflict:
        return _order_conflict(plan_id)
    session().commit()
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"item-{item.id}"))


@bp.post("/plans/<int:plan_id>/items/<int:item_id>/delete")
@login_required
def delete(plan_id: int, item_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    item = _item(plan, item_id)
    try:
        remove_item(session(), plan, item, _order_revision(), signed_in_user())
    except PlanConflict:
        return _order_conflict(plan_id)
    session().commit()
    return redirect(url_for("plans.show", plan_id=plan.id, removed=item.id))


@bp.post("/plans/<int:plan_id>/items/<int:item_id>/restore")
@login_required
def restore(plan_id: int, item_id: int) -> ResponseReturnValue:
    """Undo a removal: the item goes back where it was."""
    plan = plan_or_404(plan_id)
    try:
        item = restore_item(session(), plan, item_id, _order_revision(), signed_in_user())
    except PlanConflict:
        return _order_conflict(plan_id)
    if item is None:
        abort(404)
    session().commit()
    flash(_("Put back: %(title)s", title=item.title), "info")
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"item-{item.id}"))


@bp.post("/plans/<int:plan_id>/items")
@login_required
def add(plan_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    form = AddItemForm()
    if not form.validate():
        log.info("plan %s: new action refused", plan.id)
        return _page(plan, add_form=form, status=422)
    fields = {"title": form.title.data, "owner": form.owner.data, "success_measure": form.success_measure.data or ""}
    try:
        item = add_item(
            session(),
            plan,
            fields | {"horizon": int(required(form.horizon.data))},
            int(required(form.order_revision.data)),
            signed_in_user(),
        )
        session().commit()
    except PlanConflict:
        return _order_conflict(plan_id)
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        return _page(plan_or_404(plan_id), add_form=form, status=503, busy=True)
    return redirect(url_for("plans.show", plan_id=plan.id, _anchor=f"item-{item.id}"))


@bp.post("/plans/<int:plan_id>/start")
@login_required
def start_date(plan_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    form = StartDateForm()
    if not form.validate():
        log.info("plan %s: start date refused", plan.id)
        return _page(plan, start_form=form, status=422)
    try:
        set_start_date(session(), plan, required(form.start_date.data), signed_in_user())
        session().commit()
    except DATABASE_ERRORS as exc:
        save_failed(exc)
        return _page(plan_or_404(plan_id), start_form=form, status=503, busy=True)
    early = due_before_start(plan)
    if early:
        titles = "; ".join(f"“{i.title}”" for i in early)
        flash(_("Due dates set by hand now fall before the start: %(titles)s. Check them.", titles=titles), "error")
    return redirect(url_for("plans.show", plan_id=plan.id))


@bp.get("/plans/<int:plan_id>/history")
@login_required
def history(plan_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    return render_template("plans/history.html", plan=plan, changes=changes_of(session(), plan))


@bp.get("/plans/<int:plan_id>/plan.pdf")
@login_required
def export_pdf(plan_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    size = paper_size(request.args.get("size"))
    return pdf_download(plan_pdf(plan, size), f"action-plan-{plan.id}.pdf")


@bp.get("/plans/<int:plan_id>/plan.csv")
@login_required
def export_csv(plan_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    header, rows = plan_rows(plan_view(plan))
    return csv_response(header, rows, f"action-plan-{plan.id}.csv")


@bp.get("/plans/<int:plan_id>/plan.ics")
@login_required
def export_ics(plan_id: int) -> ResponseReturnValue:
    plan = plan_or_404(plan_id)
    response = Response(plan_calendar(plan_view(plan), request.host), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="action-plan-{plan.id}.ics"'
    return response
