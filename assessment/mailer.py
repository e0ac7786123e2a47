"""Sending e-mail through SMTP: the server, port, TLS and credentials come from the settings.

One connection carries a batch; each message is multipart (plain text and HTML). A refusal
for one address is reported for that address (permanent for 5xx, temporary for 4xx) and the
batch goes on; a server that cannot be reached raises `MailUnavailable`, so the job retries.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from assessment.db import utcnow


class MailUnavailable(Exception):
    """No mail server is configured, or it cannot be reached: nothing was sent."""


@dataclass(frozen=True)
class MailSettings:
    server: str
    port: int
    security: str  # none, starttls or ssl
    username: str
    password: str
    sender: str
    timeout: int

    @classmethod
    def of(cls, config: Any) -> MailSettings:
        return cls(
            server=config["MAIL_SERVER"],
            port=int(config["MAIL_PORT"]),
            security=str(config["MAIL_SECURITY"]).lower(),
            username=config["MAIL_USERNAME"],
            password=config["MAIL_PASSWORD"],
            sender=config["MAIL_FROM"],
            timeout=int(config["MAIL_TIMEOUT"]),
        )


@dataclass(frozen=True)
class Mail:
    to: str
    to_name: str
    subject: str
    text: str
    html: str
    locale: str
    unsubscribe_url: str = ""


@dataclass(frozen=True)
class Refusal:
    """What the server said about one address."""

    permanent: bool
    reason: str


def build_message(mail: Mail, settings: MailSettings, sender_name: str = "") -> EmailMessage:
    """A multipart message; header values with line breaks are refused by the e-mail library."""
    message = EmailMessage()
    message["From"] = Address(display_name=_one_line(sender_name), addr_spec=settings.sender)
    message["To"] = Address(display_name=_one_line(mail.to_name), addr_spec=mail.to)
    message["Subject"] = _one_line(mail.subject)
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=settings.sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"
    if mail.unsubscribe_url:
        message["List-Unsubscribe"] = f"<{mail.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(mail.text)
    message.add_alternative(mail.html, subtype="html")
    message["Content-Language"] = mail.locale  # after the body: setting content clears Content-* headers
    return message


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def connect(settings: MailSettings) -> smtplib.SMTP:
    if not settings.server:
        raise MailUnavailable("MAIL_SERVER is not set")
    try:
        if settings.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                settings.server, settings.port, timeout=settings.timeout, context=ssl.create_default_context()
            )
        else:
            smtp = smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout)
            if settings.security == "starttls":
                smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password)
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(f"{settings.server}:{settings.port}: {exc}") from exc
    return smtp


def send_batch(settings: MailSettings, mails: Iterable[tuple[Mail, str]]) -> Iterator[tuple[Mail, Refusal | None]]:
    """Send (mail, sender name) pairs over one connection; yields each mail with its refusal or None."""
    smtp: smtplib.SMTP | None = None
    try:
        for mail, sender_name in mails:
            if smtp is None:
                smtp = connect(settings)
            yield mail, _send_one(smtp, build_message(mail, settings, sender_name))
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def _send_one(smtp: smtplib.SMTP, message: EmailMessage) -> Refusal | None:
    try:
        refused = smtp.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        code, reason = next(iter(exc.recipients.values()))
        return Refusal(code >= 500, _reason(code, reason))
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        return Refusal(exc.smtp_code >= 500, _reason(exc.smtp_code, exc.smtp_error))
    except (OSError, smtplib.SMTPException) as exc:
        raise MailUnavailable(str(exc)) from exc
    if refused:
        code, reason = next(iter(refused.values()))
        return Refusal(code >= 500, _reason(code, reason))
    return None


def _reason(code: int, reason: bytes | str) -> str:
    text = reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)
    return f"{code} {' '.join(text.split())}"[:500]
