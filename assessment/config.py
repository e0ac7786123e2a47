"""Settings, read once from the environment when the app is created.

Every setting has a default that makes `readiness run` work on a laptop: a SQLite file in
the instance folder, the shipped questionnaires, in-memory rate limits. In production set
at least SECRET_KEY and DATABASE_URL (see README, "Production").
"""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

from flask import Flask

from assessment.locales import DEFAULT, LOCALES

PACKAGE = Path(__file__).resolve().parent

ENV_SETTINGS: dict[str, type] = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "QUESTIONNAIRE_DIR": str,
    "RATELIMIT_STORAGE_URI": str,
    "SESSION_COOKIE_SECURE": bool,
    "ANONYMITY_THRESHOLD": int,
    "TRUSTED_PROXIES": int,
    "CHROMIUM_PATH": str,
    "PDF_CHARTS": str,
    "REPORT_CACHE_DIR": str,
    "REPORT_CACHE_MB": int,
    "LOG_FORMAT": str,
    "DEFAULT_LOCALE": str,
    "PUBLIC_URL": str,
    "LOGIN_RATE_LIMIT": str,
    "LOGIN_ADDRESS_RATE_LIMIT": str,
    "JOIN_RATE_LIMIT": str,
    "API_RATE_LIMIT": str,
    "SESSION_IDLE_SECONDS": int,
    "SESSION_ABSOLUTE_SECONDS": int,
    "RETENTION_MONTHS": int,
    "HSTS_SECONDS": int,
    "SERVER_WORKERS": int,
    "REDIS_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_SECURITY": str,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_FROM": str,
    "MAIL_TIMEOUT": int,
    "MAIL_RATE_LIMIT": str,
    "CAMPAIGN_LINK_SECRET": str,
    "JOB_RETRIES": int,
    "JOB_HEARTBEAT_GRACE": int,
    "JOB_WORKER_NICE": int,
    "JOB_MAINTENANCE_INTERVAL": int,
    "JOB_TICK_SECONDS": int,
    "IMPORT_JOB_ROWS": int,
    "JOB_MAIL_TIMEOUT": int,
    "REPORT_JOB_TIMEOUT": int,
}


def _defaults(instance: Path) -> dict[str, Any]:
    return {
        "DATABASE_URL": f"sqlite:///{instance / 'readiness.db'}",
        "QUESTIONNAIRE_DIR": str(PACKAGE / "questionnaires"),
        "RATELIMIT_STORAGE_URI": "memory://",
        "RATELIMIT_HEADERS_ENABLED": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": False,
        "SESSION_COOKIE_NAME": "readiness_session",
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,  # the cookie; the server-side session decides (below)
        "SESSION_IDLE_SECONDS": 2 * 3600,  # a signed-in session ends after this long unused
        "SESSION_ABSOLUTE_SECONDS": 12 * 3600,  # and after this long in any case
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        "MAX_FORM_MEMORY_SIZE": 512 * 1024,
        "MAX_FORM_PARTS": 2000,
        "ANONYMITY_THRESHOLD": 3,
        "TRUSTED_PROXIES": 0,
        "CHROMIUM_PATH": "",
        "PDF_CHARTS": "python",  # print charts drawn in Python; "kaleido": by Chromium (README, "Performance")
        "REPORT_CACHE_DIR": str(instance / "report-cache"),  # finished PDFs, shared by every worker
        "REPORT_CACHE_MB": 200,  # the cache's size cap; 0: no cache
        "LOG_FORMAT": "text",
        "DEFAULT_LOCALE": DEFAULT,
        "LOCALES": LOCALES,
        "BABEL_TRANSLATION_DIRECTORIES": str(PACKAGE / "translations"),
        "PUBLIC_URL": "",
        # failures counted in RATELIMIT_STORAGE_URI; each further window makes the wait longer (assessment.throttle)
        "LOGIN_RATE_LIMIT": "10 per minute; 20 per hour; 50 per day",  # wrong passwords, per e-mail and address
        "LOGIN_ADDRESS_RATE_LIMIT": "100 per hour; 300 per day",  # wrong passwords, per address, any e-mail
        "JOIN_RATE_LIMIT": "20 per minute; 200 per hour",  # wrong workshop codes, per browser and address
        "API_RATE_LIMIT": "30 per minute; 300 per hour",  # refused API tokens, per address
        "RETENTION_MONTHS": 0,  # delete the raw answers of workshops closed this long ago (0: keep them)
        "HSTS_SECONDS": 365 * 86400,  # Strict-Transport-Security on HTTPS responses (0: none)
        "SERVER_WORKERS": 1,  # set by gunicorn.conf.py: rate limits in memory are refused with several
        "SQL_ECHO": False,
        "REDIS_URL": "",  # empty: jobs run inside the process that asks for them (README, "Background jobs")
        "MAIL_SERVER": "",  # empty: no mail is sent; campaigns say so instead of failing later
        "MAIL_PORT": 25,
        "MAIL_SECURITY": "none",  # none, starttls or ssl
        "MAIL_USERNAME": "",
        "MAIL_PASSWORD": "",
        "MAIL_FROM": "readiness@localhost",
        "MAIL_TIMEOUT": 20,
        "MAIL_RATE_LIMIT": "3 per hour; 10 per day",  # resume links a respondent mails to themselves, per address
        "CAMPAIGN_LINK_SECRET": "",  # empty: derived from SECRET_KEY
        "JOB_RETRIES": 3,
        "JOB_HEARTBEAT_GRACE": 60,  # seconds after its timeout that a job of a dead worker is taken up again
        "JOB_WORKER_NICE": 10,  # added to a worker's niceness: on a shared CPU, pages go before reports
        "JOB_MAINTENANCE_INTERVAL": 60,  # how often a worker looks for such jobs
        "JOB_TICK_SECONDS": 60,  # how often the worker looks for reminders that are due
        "IMPORT_JOB_ROWS": 500,  # CSV imports with more rows run as a background job
        "JOB_MAIL_TIMEOUT": 1200,  # a sending job's time limit; it hands over to a new job at half of it
        "REPORT_JOB_TIMEOUT": 180,  # a PDF job's time limit; a dead worker's report comes back after it
    }


def load_settings(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Defaults, then environment variables, then `overrides` (used by the tests)."""
    instance = Path(os.environ.get("READINESS_INSTANCE") or Path.cwd() / "instance").resolve()
    app.instance_path = str(instance)
    app.config.from_mapping(_defaults(instance))
    for name, kind in ENV_SETTINGS.items():
        raw = os.environ.get(name)
        if raw is not None and raw != "":
            app.config[name] = _convert(raw, kind)
    app.config.update(overrides or {})
    if app.config["DATABASE_URL"].startswith("sqlite:///") or not app.config.get("SECRET_KEY"):
        instance.mkdir(mode=0o700, parents=True, exist_ok=True)  # the database and the secret: for the owner only
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(instance / "secret_key")


def _convert(raw: str, kind: type) -> Any:
    if kind is bool:
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if kind is int:
        return int(raw)
    return raw


def _instance_secret(path: Path) -> str:
    """A secret kept in the instance folder, created once, shared by every worker."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it right now
            secret = path.read_text().strip()
            if secret:
                return secret
            time.sleep(0.02)
        raise RuntimeError(f"{path} is empty; delete it or set SECRET_KEY") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32))
    return path.read_text().strip()
