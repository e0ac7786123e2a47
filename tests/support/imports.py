"""Importing a file into a workshop as the browser does: the upload (dry run), the confirm form's
fields, both steps in one, and how many responses and import batches are stored."""

from __future__ import annotations

import io
import re

from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage
from werkzeug.test import encode_multipart

from assessment.db import session
from assessment.models import Response
from assessment.models_imports import ImportBatch
from tests.support.client import Client

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


def counts(app) -> tuple[int, int]:
    with app.app_context():
        responses = session().scalar(select(func.count(Response.id)))
        batches = session().scalar(select(func.count(ImportBatch.id)))
        return responses, batches
