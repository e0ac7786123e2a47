"""Administration: accounts and teams on a page and on the command line, the audit log, the
warning about rate limits that are not shared."""

import csv
import io
import re

import pytest
from sqlalchemy import select

from assessment.db import session
from assessment.jobqueue import enqueue
from assessment.models import ActionPlan, QuestionnaireDraft, Team, User, Workshop
from assessment.models_aggregates import WorkshopTally
from assessment.models_benchmarks import BenchmarkImport
from assessment.services.questionnaires import compiled
from assessment.services.responses import save_page, start_response, submit_response
from tests.support.accounts import PASSWORD, make_admin, sign_in
from tests.support.answers import PULSE_IT_LED, with_role
from tests.support.client import Client
from tests.support.drafts import new_draft
from tests.support.survey import participate

LINK = re.compile(r'id="invitation-link" type="text" readonly value="https?://[^/]+(/invite/[^"]+)"')


@pytest.fixture
def admin(app, consultant):
    make_admin(app, "anna@example.org")
    client = Client(app.test_client())
    assert sign_in(client).status_code == 302
    return client


def user_id(app, email) -> int:
    with app.app_context():
        return session().scalars(select(User.id).where(User.email == email)).one()


def test_only_administrators_see_the_admin_pages(app, consultant, admin):
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    for url in ("/admin", "/admin/audit", "/admin/audit.csv", f"/admin/users/{user_id(app, 'anna@example.org')}"):
        assert bert.get(url).status_code == 404, url
        assert admin.get(url).status_code == 200, url
    assert "Administration" in admin.get("/admin").get_data(as_text=True)


def test_disabling_on_the_page_signs_the_person_out_and_keeps_them_out(app, admin):
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    assert admin.post(f"/admin/users/{user_id(app, 'bert@example.org')}/disable").status_code == 302
    assert bert.get("/workshops").status_code == 302
    assert sign_in(Client(app.test_client()), "bert@example.org").status_code == 401
    assert admin.post(f"/admin/users/{user_id(app, 'bert@example.org')}/enable").status_code == 302
    assert sign_in(Client(app.test_client()), "bert@example.org").status_code == 302


def test_an_administrator_cannot_disable_or_delete_themselves(app, admin):
    myself = user_id(app, "anna@example.org")
    assert admin.post(f"/admin/users/{myself}/disable").status_code == 302
    assert admin.post(f"/admin/users/{myself}/delete").status_code == 302
    assert admin.get("/admin").status_code == 200  # still signed in, still there


def test_deleting_an_account_keeps_what_it_did_for_its_team(app, admin):
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    organisation = bert.post("/organisations", {"name": "Bert's client"}).headers["Location"].rsplit("/", 1)[1]
    made = bert.post(
        f"/organisations/{organisation}/workshops",
        {"title": "W", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"},
    )
    workshop_id = made.headers["Location"].rsplit("/", 1)[1]
    link = re.search(r"/w/([A-Za-z0-9_-]+)", bert.get(made.headers["Location"]).get_data(as_text=True)).group(1)
    for _ in range(3):
        participate(app, link, with_role(PULSE_IT_LED, "it"))
    plan = bert.post(f"/workshops/{workshop_id}/plan", {"start_date": "2027-01-04"}).headers["Location"]
    new_draft(bert, "format: 1\n", name="bert.yaml")
    bert_id = user_id(app, "bert@example.org")
    page = admin.get(f"/admin/users/{bert_id}/delete").get_data(as_text=True)
    assert "This cannot be undone." in page
    assert admin.post(f"/admin/users/{bert_id}/delete").status_code == 302
    with app.app_context():
        assert session().get(User, bert_id) is None
        assert session().scalars(select(QuestionnaireDraft)).all() == []
        plan_row = session().get(ActionPlan, int(plan.rsplit("/", 1)[1]))
        assert plan_row is not None and plan_row.created_by is None


def test_users_delete_on_the_command_line(app, runner, consultant):
    result = runner.invoke(args=["users", "delete", "bert@example.org", "--yes"])
    assert result.exit_code == 0, result.output
    assert "bert@example.org" not in runner.invoke(args=["users", "list"]).output


def test_an_administrator_who_imported_a_benchmark_file_can_be_deleted(app, runner, consultant):
    with app.app_context():
        root = session().scalars(select(User).where(User.email == "bert@example.org")).one()
        batch = BenchmarkImport(
            file_hash="0" * 64,
            file_name="peers.json",
            questionnaire_id="executive-pulse",
            exported="2026-11",
            records=5,
        )
        batch.imported_by = root.id
        session().add(batch)
        session().commit()
    result = runner.invoke(args=["users", "delete", "bert@example.org", "--yes"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        kept = session().scalars(select(BenchmarkImport)).one()
        assert kept.file_name == "peers.json" and kept.imported_by is None


def test_a_team_is_made_and_a_consultant_invited_into_it(app, admin):
    made = admin.post("/admin/teams", {"name": "Berg Consulting"})
    assert made.status_code == 302
    team_url = made.headers["Location"]
    invited = admin.post(team_url + "/invite", {"email": "carla@example.org"})
    assert invited.status_code == 201
    link = LINK.search(invited.get_data(as_text=True)).group(1)
    carla = Client(app.test_client())
    assert carla.post(link, {"name": "Carla", "new": PASSWORD, "again": PASSWORD}).status_code == 302
    carla._token = None
    organisation = carla.post("/organisations", {"name": "Carla's client"})
    assert organisation.status_code == 302
    with app.app_context():
        carla_row = session().scalars(select(User).where(User.email == "carla@example.org")).one()
        assert carla_row.team.name == "Berg Consulting"


def test_moving_a_consultant_to_another_team_moves_what_they_see(app, admin, runner):
    bert = Client(app.test_client())
    sign_in(bert, "bert@example.org")
    organisation = bert.post("/organisations", {"name": "Bert's client"}).headers["Location"]
    annas = admin.post("/organisations", {"name": "Anna's client"}).headers["Location"]
    with app.app_context():
        anna_team = session().scalars(select(Team).where(Team.name == "Anna")).one().id
    moved = admin.post(f"/admin/users/{user_id(app, 'bert@example.org')}/team", {"team": str(anna_team)})
    assert moved.status_code == 302
    assert bert.get(annas).status_code == 200
    assert bert.get(organisation).status_code == 404  # it stays with the team Bert left
    assert admin.get(organisation).status_code == 404


def test_the_audit_log_is_shown_and_exported(app, admin, runner):
    runner.invoke(args=["users", "disable", "bert@example.org"])
    admin.post(f"/admin/users/{user_id(app, 'bert@example.org')}/enable")
    page = admin.get("/admin/audit").get_data(as_text=True)
    assert "disabled account" in page and "enabled account" in page
    exported = admin.get("/admin/audit.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["time", "actor", "action"]
    assert ["system", "disabled account"] in [row[1:3] for row in rows[1:]]
    assert ["anna@example.org", "enabled account"] in [row[1:3] for row in rows[1:]]


def test_the_admin_page_warns_when_rate_limits_are_not_shared(app, admin):
    assert "Rate limits are not shared" not in admin.get("/admin").get_data(as_text=True)
    app.config["SERVER_WORKERS"] = 4
    page = admin.get("/admin").get_data(as_text=True)
    assert "Rate limits are not shared" in page and "4 server processes" in page


def test_the_cells_job_page_says_how_many_workshops_it_counted(app, admin, workshop):
    with app.app_context():
        db = session()
        found = db.get(Workshop, workshop[0])
        response = start_response(db, found.questionnaire_version, "en", workshop_id=found.id)
        answers = {qid: value for page in with_role(PULSE_IT_LED, "it") for qid, value in page.items()}
        save_page(db, response, 0, answers, len(compiled(found.questionnaire_version).pages))
        assert submit_response(db, response)
        db.execute(WorkshopTally.__table__.delete())  # as a workshop from before revision 0011
        db.commit()
        job_id = enqueue("assessment.tasks.cells.count_cells", {}, kind="cells", description="cells")
    page = admin.get(f"/jobs/{job_id}").get_data(as_text=True)
    assert "The dashboard of 1 workshop was counted." in page
    german = admin.get(f"/jobs/{job_id}", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert "Das Dashboard von 1 Workshop wurde ausgezählt." in german
