"""The production setup for real: gunicorn with several workers sharing rate limits through Redis."""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv" / "bin"
pytestmark = pytest.mark.slow
EMAIL = f"gun-{os.getpid()}-{int(time.time())}@example.org"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str = "/livez", seconds: float = 120) -> None:
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            try:
                conn.request("GET", path)
                conn.getresponse().read()
                return
            finally:
                conn.close()
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}")


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("redis")
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is missing: run scripts/setup --test (Debian package redis-server)")
    port = free_port()
    server = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_redis(port)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(10)


def wait_redis(port: int) -> None:
    deadline = time.time() + 10
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("redis did not start")


@pytest.fixture(scope="module")
def gunicorn(database_url, redis_url, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("gunicorn")
    port = free_port()
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        READINESS_INSTANCE=str(tmp_path),
        SECRET_KEY="shared-secret",
        RATELIMIT_STORAGE_URI=redis_url,
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY="3",
        THREADS="2",
    )
    script = (
        f"EMAIL = {EMAIL!r}\n"
        "from app import create_app\nfrom assessment.db import session\n"
        "from assessment.services.accounts import create_user\napp = create_app()\n"
        "with app.app_context():\n    create_user(session(), EMAIL, 'G', 'gun-password-1')\n"
        "    session().commit()\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(VENV / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port)
        yield port
    finally:
        server.terminate()
        server.wait(30)


def failed_login(port: int) -> int:
    """A sign-in with a wrong password on a new connection (so any worker may take it)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    response = conn.getresponse()
    page = response.read().decode()
    conn.close()
    cookie = response.getheader("Set-Cookie").split(";", 1)[0]
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    body = urlencode({"csrf_token": token, "email": EMAIL, "password": "wrong-password"})
    conn.request(
        "POST", "/login", body=body, headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    )
    response = conn.getresponse()
    response.read()
    conn.close()
    return response.status


def test_rate_limit_is_shared_by_all_workers(gunicorn):
    statuses = [failed_login(gunicorn) for _ in range(14)]
    assert statuses[:10] == [401] * 10
    assert statuses[10:] == [429] * 4


def test_health_and_security_headers_under_gunicorn(gunicorn):
    conn = http.client.HTTPConnection("127.0.0.1", gunicorn, timeout=10)
    conn.request("GET", "/healthz", headers={"X-Request-ID": "probe-12345"})
    response = conn.getresponse()
    assert response.status == 200 and b'"ok"' in response.read()
    assert response.getheader("X-Request-ID") == "probe-12345"
    conn.request("GET", "/")
    response = conn.getresponse()
    response.read()
    assert "frame-ancestors 'none'" in response.getheader("Content-Security-Policy")
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    conn.close()


def test_warm_up_prepares_a_worker_and_survives_a_missing_database(app, caplog, tmp_path, monkeypatch):
    import logging

    import reports.pdf
    from assessment.services.questionnaires import compiled_versions, forget_compiled
    from assessment.warmup import warm_up

    printed: list[str] = []
    monkeypatch.setattr(reports.pdf, "html_to_pdf", lambda html: printed.append(html) or b"%PDF-")
    forget_compiled()
    with caplog.at_level(logging.INFO, logger="assessment.warmup"):
        assert warm_up(app, connections=2)
    assert compiled_versions() >= 2  # both shipped questionnaires parsed before any visitor
    assert len(printed) == 1  # WeasyPrint loaded and one page laid out: the first report is not slower
    assert "@page" in printed[0] and "data:image/svg+xml" in printed[0]  # with the print CSS and a chart
    compiled_templates = {key[1] for key in app.jinja_env.cache.keys()}
    assert {"reports/readiness.html", "reports/group.html", "reports/plan.html"} <= compiled_templates
    assert "warmed up" in caplog.text
    from app import create_app

    broken = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/missing/dir/x.db", "SECRET_KEY": "x"})
    assert not warm_up(broken)  # logs and returns: the first visitors will simply wait longer


def test_a_warmed_worker_hides_its_loaded_heap_from_the_garbage_collector(app):
    """Otherwise a full collection walks ~150,000 long-lived objects inside someone's request."""
    import gc

    from assessment.warmup import warm_up

    try:
        assert warm_up(app, connections=1, freeze=True)
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
