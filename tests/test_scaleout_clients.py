"""The scale-out test's participants (bench/scaleout_clients.py) count every join they may have
sent twice, so that the stray response a cut connection leaves behind is told apart from a bug."""

from __future__ import annotations

import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture
def clients(monkeypatch):
    monkeypatch.syspath_prepend(str(BENCH))
    import load_clients
    import scaleout_clients

    yield load_clients, scaleout_clients
    for name in ("scaleout_clients", "load_clients", "_support"):
        sys.modules.pop(name, None)


class CutFirstJoin(BaseHTTPRequestHandler):
    """A join page; the first join is stored and then its connection dropped, as a killed server does."""

    protocol_version = "HTTP/1.1"
    joins_stored = 0

    def do_GET(self):
        body = b'<input name="csrf_token" type="hidden" value="t0k">'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        self.rfile.read(int(self.headers["Content-Length"]))
        type(self).joins_stored += 1
        if type(self).joins_stored == 1:
            self.close_connection = True  # stored, but no answer ever reaches the participant
            return
        self.send_response(302)
        self.send_header("Location", f"/s/r{self.joins_stored}/page/0")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_join_resent_on_a_cut_connection_counts_as_tried_again(clients):
    load_clients, scaleout_clients = clients
    server = ThreadingHTTPServer(("127.0.0.1", 0), CutFirstJoin)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    browser = load_clients.Browser(server.server_address[1], load_clients.Stats())
    try:
        outcome = scaleout_clients.Outcome()
        _csrf, path = scaleout_clients._join(browser, "room", outcome)
    finally:
        browser.conn.close()
        server.shutdown()
        server.server_close()
    assert path == "/s/r2"
    assert CutFirstJoin.joins_stored == 2  # one stray response on the server ...
    assert outcome.join_retries == 1  # ... which the verdict allows because the join went twice
