"""Client people: invited by a one-time link to one organisation as viewer or editor; they see that
organisation's reports and plans, editors also edit the plans, and nothing else exists for them."""

import re

import pytest

from assessment.db import session
from assessment.models import AuditEvent, Membership
from tests.support.accounts import sign_in
from tests.support.answers import PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.clients import invite, register
from tests.support.survey import participate


@pytest.fixture
def acme(app, anna, workshop):
    """Anna's organisation with a workshop of three IT participants and a plan made from it."""
    workshop_id, _, link = workshop
    for _ in range(3):
        participate(app, link, with_role(PULSE_IT_LED, "it"))
    plan = anna.post(f"/workshops/{workshop_id}/plan", {"start_date": "2027-01-04"}).headers["Location"]
    page = anna.get(f"/workshops/{workshop_id}").get_data(as_text=True)
    organisation_id = int(re.search(r"/organisations/(\d+)", page).group(1))
    return {"organisation": organisation_id, "workshop": workshop_id, "plan": int(plan.rsplit("/", 1)[1])}


def _edit(client: Client, plan_id: int, title: str):
    page = client.get(f"/plans/{plan_id}").get_data(as_text=True)
    item = re.search(r'id="item-(\d+)"', page).group(1)
    revision = re.search(rf'name="item-{item}-revision" value="(\d+)"', page)
    fields = {"title": title, "owner": "HR", "due_date": "2027-02-01", "status": "in_progress"}
    fields["revision"] = revision.group(1) if revision else "1"
    return client.post(f"/plans/{plan_id}/items/{item}", {f"item-{item}-{k}": v for k, v in fields.items()})


def test_an_invited_editor_makes_an_account_and_edits_and_exports_the_plan(app, anna, acme):
    link = invite(anna, acme["organisation"], "hera@client.example", "editor")
    hera = register(app, link)
    organisation = hera.get(f"/organisations/{acme['organisation']}")
    assert organisation.status_code == 200 and f"/plans/{acme['plan']}" in organisation.get_data(as_text=True)
    assert _edit(hera, acme["plan"], "Name a business owner (HR edit)").status_code == 302
    assert "Name a business owner (HR edit)" in hera.get(f"/plans/{acme['plan']}").get_data(as_text=True)
    for export in ("plan.pdf", "plan.csv", "plan.ics"):
        assert hera.get(f"/plans/{acme['plan']}/{export}").status_code == 200, export
    assert hera.get(f"/workshops/{acme['workshop']}/report.pdf").status_code == 200
    dashboard = hera.get(f"/workshops/{acme['workshop']}").get_data(as_text=True)
    assert "join-code" not in dashboard and "Close workshop" not in dashboard  # a reader's view


def test_the_link_works_once(app, anna, acme):
    link = invite(anna, acme["organisation"], "hera@client.example", "editor")
    register(app, link)
    assert Client(app.test_client()).get(link).status_code == 404


def test_a_withdrawn_invitation_no_longer_works(app, anna, acme):
    link = invite(anna, acme["organisation"], "hera@client.example", "viewer")
    page = anna.get(f"/organisations/{acme['organisation']}/people").get_data(as_text=True)
    invitation = re.search(r"/invitations/(\d+)/revoke", page).group(1)
    assert anna.post(f"/organisations/{acme['organisation']}/invitations/{invitation}/revoke").status_code == 302
    assert Client(app.test_client()).get(link).status_code == 404


def test_a_viewer_reads_but_cannot_change_the_plan(app, anna, acme):
    vera = register(app, invite(anna, acme["organisation"], "vera@client.example", "viewer"), "Vera")
    page = vera.get(f"/plans/{acme['plan']}").get_data(as_text=True)
    assert "You can read this plan" in page and "item-1-title" not in page
    assert _edit(vera, acme["plan"], "changed by a viewer").status_code == 404
    assert (
        vera.post(f"/plans/{acme['plan']}/items", {"title": "x", "owner": "y", "order_revision": "1"}).status_code
        == 404
    )
    assert vera.get(f"/plans/{acme['plan']}/plan.csv").status_code == 200


def test_consultant_pages_of_their_own_organisation_are_not_found_for_a_client(app, anna, acme):
    hera = register(app, invite(anna, acme["organisation"], "hera@client.example", "editor"))
    organisation, workshop, plan = acme["organisation"], acme["workshop"], acme["plan"]
    for url in (
        f"/organisations/{organisation}/people",
        f"/organisations/{organisation}/settings",
        f"/organisations/{organisation}/delete",
        f"/workshops/{workshop}/export.csv",
        f"/workshops/{workshop}/export.json",
        f"/workshops/{workshop}/qr.svg",
        f"/workshops/{workshop}/import",
        f"/workshops/{workshop}/settings",
        "/authoring",
        "/admin",
    ):
        assert hera.get(url).status_code == 404, url
    for url in (
        "/organisations",
        f"/organisations/{organisation}/workshops",
        f"/organisations/{organisation}/plans",
        f"/workshops/{workshop}/close",
        f"/workshops/{workshop}/plan",
        f"/workshops/{workshop}/delete",
    ):
        assert hera.post(url, {"name": "x", "title": "x"}).status_code == 404, url
    assert hera.get(f"/plans/{plan}").status_code == 200


def test_removing_access_takes_effect_at_once(app, anna, acme):
    hera = register(app, invite(anna, acme["organisation"], "hera@client.example", "editor"))
    page = anna.get(f"/organisations/{acme['organisation']}/people").get_data(as_text=True)
    membership = re.search(r"/people/(\d+)/remove", page).group(1)
    assert anna.post(f"/organisations/{acme['organisation']}/people/{membership}/remove").status_code == 302
    assert hera.get(f"/plans/{acme['plan']}").status_code == 404
    assert hera.get(f"/organisations/{acme['organisation']}").status_code == 404


def test_a_role_can_be_changed(app, anna, acme):
    vera = register(app, invite(anna, acme["organisation"], "vera@client.example", "viewer"), "Vera")
    with app.app_context():
        membership = session().query(Membership).one()
    changed = anna.post(
        f"/organisations/{acme['organisation']}/people/{membership.id}", {f"m{membership.id}-role": "editor"}
    )
    assert changed.status_code == 302
    assert _edit(vera, acme["plan"], "now an editor").status_code == 302


def test_someone_with_an_account_accepts_after_signing_in(app, anna, acme):
    link = invite(anna, acme["organisation"], "bert@example.org", "viewer")  # Bert: a consultant of another team
    bert = Client(app.test_client())
    page = bert.get(link).get_data(as_text=True)
    assert "Sign in as bert@example.org to accept" in page
    sign_in(bert, "bert@example.org")
    assert bert.post(link).status_code == 302
    assert bert.get(f"/plans/{acme['plan']}").status_code == 200
    assert _edit(bert, acme["plan"], "by a viewer").status_code == 404


def test_an_invitation_for_someone_else_is_refused_to_the_account_signed_in(app, anna, acme):
    link = invite(anna, acme["organisation"], "hera@client.example", "viewer")
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    assert "You are signed in as bert@example.org" in bert.get(link).get_data(as_text=True)
    assert bert.post(link).status_code == 409
    assert bert.get(f"/plans/{acme['plan']}").status_code == 404


def test_invitations_and_access_changes_go_to_the_audit_log(app, anna, acme):
    register(app, invite(anna, acme["organisation"], "hera@client.example", "editor"))
    with app.app_context():
        actions = [event.action for event in session().query(AuditEvent).order_by(AuditEvent.id)]
    assert "invited" in actions and "accepted invitation" in actions
