"""The JSON API as a BI tool calls it: a token made on the account page, then bearer requests."""

from __future__ import annotations

import re

TOKEN = re.compile(r'id="new-token" type="text" readonly value="(rdy_[A-Za-z0-9_-]+)"')


def make_token(client, name="Power BI"):
    made = client.post("/account/tokens", {"name": name})
    assert made.status_code == 201, made.get_data(as_text=True)[:1000]
    return TOKEN.search(made.get_data(as_text=True)).group(1)


def api(client, path, token):
    return client.get(f"/api/v1{path}", headers={"Authorization": f"Bearer {token}"})
