"""Browser fixtures: the app served on loopback in a thread, and the system Chromium via Playwright.

Never downloads a browser: Playwright is pointed at /usr/bin/chromium (Debian package).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.support.browser import CHROMIUM, CHROMIUM_ARGS, PHONE


@pytest.fixture
def live_server(app):
    """The test app on a free loopback port, for the duration of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["SERVER_NAME"] = f"127.0.0.1:{server.server_port}"
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/setup --test (Debian package 'chromium')")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport=PHONE, bypass_csp=False)
    # scripts/test runs three lanes on two cores: a PDF rendered inside a request, or a publish,
    # can take well over Playwright's 30 s there; a real failure still fails, a minute later
    context.set_default_timeout(90_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda msg: page.csp_errors.append(msg.text) if "Content Security Policy" in msg.text else None)
    return page
