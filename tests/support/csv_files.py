"""CSV files as other survey tools export them, for the import tests."""

from __future__ import annotations

import io
import re

from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from tests.support.client import Client

# One respondent's answers to the executive pulse, as cells of an export (scales as current->target).
PULSE_ANSWERS = {
    "role": "it",
    "stage": "launched-long",
    "owner": "it",
    "steering-group": "no",
    "funding": "it-licence",
    "objectives": "generic",
    "sequence": "platform-first",
    "wiifm": "2->4",
    "sponsor-role": "signs-off",
    "exec-participation": "name-only",
    "policy": "none",
    "measurement": "logins",
    "activity-trend": "fading",
    "training": "launch",
    "change-plan": "awareness",
    "community-manager": "none",
    "workflow": "1->3",
    # what the same organisation says before launch (asked instead of the live questions then)
    "exec-commitment": "approve",
    "measurement-plan": "logins",
    "training-plan": "launch",
    "community-plan": "none",
    "workflow-plan": "none",
}


def csv_bytes(rows: list[list[str]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    def cell(value: str) -> str:
        return f'"{value}"' if any(c in value for c in f'{delimiter}"\n') else value

    return "\r\n".join(delimiter.join(cell(v.replace('"', '""')) for v in row) for row in rows).encode(encoding)


INPUT = re.compile(r'<input[^>]*name="(content|sha256|file_name|proof)"[^>]*value="([^"]*)"')


def upload(client: Client, workshop_id: int, data: bytes, name: str = "answers.csv", csrf: bool = True):
    """The upload as a browser sends it, encoded in memory (the test client would spool a large one to disk)."""
    fields = {"file": FileStorage(io.BytesIO(data), name), **({"csrf_token": client.csrf()} if csrf else {})}
    boundary, body = encode_multipart(fields)
    content_type = f"multipart/form-data; boundary={boundary}"
    return client.raw.post(f"/workshops/{workshop_id}/import", data=body, content_type=content_type)


def confirm_fields(page: str) -> dict:
    return {name: value for name, value in INPUT.findall(page)}


def import_file(client: Client, workshop_id: int, data: bytes, name: str = "answers.csv"):
    dry = upload(client, workshop_id, data, name)
    assert dry.status_code == 200, dry.get_data(as_text=True)[:3000]
    fields = confirm_fields(dry.get_data(as_text=True))
    assert fields, "no confirm form"
    return client.post(f"/workshops/{workshop_id}/import/confirm", fields)
