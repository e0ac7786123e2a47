"""Findings 1 and 7 of issue 18: limits that slow down guessing but cannot be turned against users.

Sign-in failures count per e-mail and address, join codes per browser, API tokens only when
refused; and several server processes that would each count on their own refuse to start.
"""

import os
import re
import subprocess

from tests.support.accounts import PASSWORD
from tests.support.api import api, make_token
from tests.support.client import Client
from tests.support.paths import ROOT


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def sign_in_from(client: Client, address: str, password: str = PASSWORD, email: str = "anna@example.org"):
    return client.post("/login", {"email": email, "password": password}, **from_address(address))


def test_wrong_passwords_from_changing_addresses_never_lock_the_owner_out(app, consultant):
    attacker = Client(app.test_client())
    for n in range(60):  # ten a minute for the hour, compressed
        assert sign_in_from(attacker, f"203.0.113.{n % 250}", password=f"guess {n} 123456").status_code == 401
    anna = Client(app.test_client())
    assert sign_in_from(anna, "198.51.100.7").status_code == 302


def test_guessing_from_one_address_is_slowed_for_that_address_only(app, consultant):
    guesser = Client(app.test_client())
    codes = [sign_in_from(guesser, "203.0.113.9", password=f"guess {n} 123456").status_code for n in range(11)]
    assert codes == [401] * 10 + [429]
    held = sign_in_from(guesser, "203.0.113.9")  # even the right password waits there
    assert held.status_code == 429 and int(held.headers["Retry-After"]) >= 1
    assert "Please wait" in held.get_data(as_text=True)
    assert sign_in_from(Client(app.test_client()), "198.51.100.7").status_code == 302


def test_wrong_passwords_for_someone_else_do_not_hold_back_a_colleague_behind_the_same_address(app, consultant):
    office = "192.0.2.10"
    for n in range(15):
        sign_in_from(Client(app.test_client()), office, password=f"guess {n} 123456", email="bert@example.org")
    assert sign_in_from(Client(app.test_client()), office).status_code == 302


def _join_code(anna) -> str:
    organisation = anna.post("/organisations", {"name": "Room"}).headers["Location"].rsplit("/", 1)[1]
    made = anna.post(
        f"/organisations/{organisation}/workshops",
        {"title": "Big room", "questionnaire": "executive-pulse", "locale": "en", "threshold": "3"},
    )
    page = anna.get(made.headers["Location"]).get_data(as_text=True)
    return re.search(r'class="join-code"[^>]*>([A-Z0-9]{6})<', page).group(1)


def test_wrong_codes_from_one_browser_never_keep_the_room_out(app, anna):
    code = _join_code(anna)
    office = from_address("192.0.2.20")
    guesser = Client(app.test_client())
    statuses = [guesser.post("/join", {"code": f"ZZZZ{n:02d}"}, **office).status_code for n in range(25)]
    assert statuses[:20] == [404] * 20 and set(statuses[20:]) == {429}
    assert guesser.post("/join", {"code": code}, **office).status_code == 429  # the guessing browser waits
    for _ in range(5):  # everyone else in the room joins with the right code
        assert Client(app.test_client()).post("/join", {"code": code}, **office).status_code == 302


def test_bad_api_tokens_never_lock_out_a_good_one(app, anna):
    good = make_token(anna)
    tool = Client(app.test_client())
    office = from_address("192.0.2.30")
    bad = [
        tool.get("/api/v1/organisations", headers={"Authorization": "Bearer rdy_bad"}, **office).status_code
        for _ in range(35)
    ]
    assert bad[:30] == [401] * 30 and set(bad[30:]) == {429}
    assert tool.get("/api/v1/organisations", headers={"Authorization": f"Bearer {good}"}, **office).status_code == 200
    assert api(anna, "/organisations", good).status_code == 200


def test_several_workers_with_limits_in_memory_refuse_to_start(tmp_path):
    env = dict(
        os.environ,
        DATABASE_URL=f"sqlite:///{tmp_path / 'x.db'}",
        READINESS_INSTANCE=str(tmp_path),
        SECRET_KEY="x",
        BIND="127.0.0.1:0",
        WEB_CONCURRENCY="2",
    )
    env.pop("RATELIMIT_STORAGE_URI", None)
    started = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert started.returncode != 0
    assert "refusing to start" in started.stderr and "RATELIMIT_STORAGE_URI" in started.stderr
