"""Logging: one handler for our loggers, a request id on every line, text or JSON, one line per record."""

from __future__ import annotations

import json
import logging
import re
import uuid

from flask import Flask, g, request

REQUEST_ID = re.compile(r"^[A-Za-z0-9_.-]{6,64}$")
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")  # what could start a forged line or move the cursor


def register_logging(app: Flask) -> None:
    app.before_request(_start_request)
    handler = logging.StreamHandler()
    handler.addFilter(_RequestIdFilter())
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(_JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"))
    for name in ("assessment", "reports", "scoring"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(logging.INFO)
        logger.propagate = False


def _start_request() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]


class _RequestIdFilter(logging.Filter):
    """Adds the request id, and writes control characters in the message as escapes, so that what a
    visitor typed (an e-mail with a newline, say) can never start a line of its own."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            record.request_id = g.get("request_id", "-")
        except RuntimeError:
            record.request_id = "-"
        message = record.getMessage()
        if UNSAFE.search(message):
            record.msg, record.args = escaped(message), None
        return True


def escaped(text: str) -> str:
    """`text` with every control character as a visible escape (a newline reads "\\n")."""
    return UNSAFE.sub(lambda match: repr(match.group())[1:-1], text)


class _JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", "-"),
            "message": record.getMessage(),
        }
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return json.dumps(data)
