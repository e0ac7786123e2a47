"""Background jobs on a real Redis: a PDF rendered by a worker, the failed-jobs page with retry,
and a worker killed with SIGKILL mid-job whose job another worker finishes, nothing lost."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from redis import Redis
from sqlalchemy import select

from assessment.db import session
from assessment.jobqueue import jobs
from assessment.models import Organisation, Workshop
from assessment.models_campaigns import CampaignInvitation as Invitation
from tests.support.benchmarks import NAMES, seed
from tests.support.campaigns import add_people, launch, new_campaign, new_organisation
from tests.support.jobs import run_worker_once
from tests.support.paths import ROOT
from tests.support.pdfs import pdf_text


@pytest.fixture
def app_settings(redis_clean, mail_server):
    return {"REDIS_URL": redis_clean, "JOB_RETRIES": 0, **mail_server.settings()}


@pytest.mark.slow
def test_a_worker_renders_the_pdf_while_the_page_says_it_is_preparing(app, survey):
    token = survey.complete()
    asked = survey.client.get(f"/r/{token}/report.pdf")
    assert asked.status_code == 302
    waiting = asked.headers["Location"]
    assert waiting.startswith(f"/r/{token}/report/")
    page = survey.client.get(waiting).get_data(as_text=True)
    assert "Preparing your report" in page and 'http-equiv="refresh"' in page
    assert survey.client.get(waiting + "/status.json").get_json()["done"] is False
    run_worker_once(app)
    assert survey.client.get(waiting + "/status.json").get_json() == {
        "status": "finished",
        "done": True,
        "progress": {"done": 2, "total": 2},
    }
    assert "Download the PDF report" in survey.client.get(waiting).get_data(as_text=True)
    pdf = survey.client.get(waiting + "/download")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    other = survey.complete()  # another respondent's link does not open this job
    assert survey.client.get(f"/r/{other}/report/{waiting.rsplit('/', 1)[1]}/download").status_code == 404


@pytest.mark.slow
def test_the_group_report_is_rendered_by_a_worker_for_its_consultant_only(app, anna, workshop):
    workshop_id = workshop[0]
    asked = anna.get(f"/workshops/{workshop_id}/report.pdf")
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/jobs/")
    job = asked.headers["Location"].rsplit("/", 1)[1]
    assert "Waiting for a free worker" in anna.get(f"/jobs/{job}").get_data(as_text=True)
    run_worker_once(app)
    assert "Download the PDF report" in anna.get(f"/jobs/{job}").get_data(as_text=True)
    pdf = anna.get(f"/jobs/{job}/download")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    bert = type(anna)(app.test_client())
    bert.post("/login", {"email": "bert@example.org", "password": "correct horse battery"})
    assert bert.get(f"/jobs/{job}/download").status_code == 404


@pytest.mark.slow
def test_a_group_report_rendered_by_a_worker_shows_the_peer_benchmark(app, anna):
    seed(app, 6)
    with app.app_context():
        workshop_id = session().query(Workshop).join(Organisation).filter(Organisation.name == NAMES[0]).one().id
    asked = anna.get(f"/workshops/{workshop_id}/report.pdf")
    assert asked.status_code == 302 and asked.headers["Location"].startswith("/jobs/")
    run_worker_once(app)
    pdf = anna.get(asked.headers["Location"] + "/download")
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    assert "How you compare" in text and "of 5 organisations" in text


def test_a_failed_job_is_listed_for_its_owner_and_retried(app, anna, mail_server):
    campaign = new_campaign(anna, new_organisation(anna))
    add_people(anna, campaign)
    app.config["MAIL_PORT"] = mail_server.port + 1  # nobody listens there: the job fails
    job = launch(anna, campaign).headers["Location"].split("job=")[1]
    run_worker_once(app)
    failed = anna.get("/jobs/failed").get_data(as_text=True)
    assert f"campaign {campaign}: invitations and reminders" in failed and "Connection refused" in failed
    bert = type(anna)(app.test_client())
    bert.post("/login", {"email": "bert@example.org", "password": "correct horse battery"})
    assert f"campaign {campaign}:" not in bert.get("/jobs/failed").get_data(as_text=True)
    assert bert.get(f"/jobs/{job}").status_code == 404 and bert.post(f"/jobs/{job}/retry").status_code == 404
    app.config["MAIL_PORT"] = mail_server.port  # the mail server is back
    assert anna.post(f"/jobs/{job}/retry").status_code == 302
    run_worker_once(app)
    assert len(mail_server.messages) == 3
    assert "No failed jobs." in anna.get("/jobs/failed").get_data(as_text=True)
    status = anna.get(f"/jobs/{job}").get_data(as_text=True)
    assert "3 sent, 0 refused by the mail server." in status


def start_worker(app, database_url, mail_server, log):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": app.config["REDIS_URL"],
        "SECRET_KEY": "test-secret",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(mail_server.port),
        "MAIL_FROM": "survey@readiness.test",
        "JOB_MAIL_TIMEOUT": "4",
        "JOB_HEARTBEAT_GRACE": "1",
        "JOB_MAINTENANCE_INTERVAL": "1",
        "JOB_TICK_SECONDS": "1",
        "READINESS_INSTANCE": app.instance_path,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "assessment.cli", "worker"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: SIGKILL reaches the scheduler it forks too
    )


def kill(worker) -> None:
    try:
        os.killpg(worker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    worker.wait(10)


@pytest.mark.slow
def test_a_job_whose_worker_is_killed_is_taken_up_again_and_nothing_is_lost(
    app, anna, mail_server, database_url, tmp_path
):
    app.config["JOB_MAIL_TIMEOUT"] = 4
    app.config["JOB_RETRIES"] = 3  # read when the app first reaches the queue
    campaign = new_campaign(anna, new_organisation(anna))
    people = "\n".join(f"person{n}@example.org, Person {n}, Unit {n % 2}" for n in range(5))
    assert add_people(anna, campaign, people).status_code == 302
    mail_server.recorder.delay = 1.0  # a slow mail server: the worker is mid-batch when it dies
    job = launch(anna, campaign).headers["Location"].split("job=")[1]
    log = open(tmp_path / "workers.log", "w")
    first = start_worker(app, database_url, mail_server, log)
    try:
        end = time.monotonic() + 60
        while not mail_server.messages and time.monotonic() < end:
            time.sleep(0.05)
        assert mail_server.messages, (tmp_path / "workers.log").read_text()
        # a worker runs below the web servers' priority (JOB_WORKER_NICE, 10 by default)
        assert os.getpriority(os.PRIO_PROCESS, first.pid) == min(19, os.getpriority(os.PRIO_PROCESS, 0) + 10)
        kill(first)
        delivered_before = len(mail_server.messages)
        assert delivered_before < 5
        second = start_worker(app, database_url, mail_server, log)
        try:
            end = time.monotonic() + 90
            while time.monotonic() < end and not (all(i.invited_at for i in _invitations(app)) and _finished(app, job)):
                time.sleep(0.2)
        finally:
            kill(second)
    finally:
        kill(first)
        log.close()
    output = (tmp_path / "workers.log").read_text()
    assert all(i.invited_at for i in _invitations(app)), output
    received = [str(m["To"]) for m in mail_server.messages]
    assert all(any(f"person{n}@" in to for to in received) for n in range(5)), received
    assert len(received) <= 6, received  # at most the one message in flight went out twice
    with app.app_context():
        state = jobs().state(job)
    assert state is not None and state.status == "finished", output  # the killed job itself was run again
    assert f"Job {job}: scheduled for retry" in output, output  # RQ found it abandoned and retried it
    Redis.from_url(app.config["REDIS_URL"]).flushdb()


def _invitations(app) -> list[Invitation]:
    with app.app_context():
        rows = list(session().scalars(select(Invitation)))
        session().expunge_all()  # read once, kept as read
        return rows


def _finished(app, job: str) -> bool:
    with app.app_context():
        state = jobs().state(job)
    return state is not None and state.status == "finished"
