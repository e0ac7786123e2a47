"""Reading bounces: delivery status notifications (RFC 3464) from a mailbox, or a plain list.

A DSN's `message/delivery-status` part names each recipient (`Final-Recipient`) with an
`Action`; only `failed` counts as a bounce (a `delayed` notice is not one).
"""

from __future__ import annotations

import email
import mailbox
from email.message import Message
from email.policy import compat32
from pathlib import Path

from assessment.services.invitees import normalise_address


def bounces_in_message(message: Message) -> list[tuple[str, str]]:
    found = []
    for part in message.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        payload = part.get_payload()
        blocks = payload if isinstance(payload, list) else []
        for block in blocks[1:]:  # the first block is about the message, the others one recipient each
            if not isinstance(block, Message):
                continue
            if str(block.get("Action", "")).strip().lower() != "failed":
                continue
            recipient = str(block.get("Final-Recipient") or block.get("Original-Recipient") or "")
            address = normalise_address(recipient.rpartition(";")[2].strip().strip("<>"))
            if address is not None:
                reason = " ".join(str(block.get("Diagnostic-Code") or block.get("Status") or "bounced").split())
                found.append((address, reason[:400]))
    return found


def bounces_in_path(path: Path) -> list[tuple[str, str]]:
    """Bounces from a maildir folder, an mbox file, one message, or a list of addresses (one a line)."""
    if path.is_dir():
        return _from_mailbox(mailbox.Maildir(path, factory=None, create=False))
    data = path.read_bytes()
    if data.startswith(b"From "):
        return _from_mailbox(mailbox.mbox(path, create=False))
    message = email.message_from_bytes(data, policy=compat32)
    if message.get_content_type().startswith("multipart/"):
        return bounces_in_message(message)
    return address_lines(data.decode("utf-8", "replace"))


def _from_mailbox(
    box: mailbox.Mailbox[mailbox.MaildirMessage] | mailbox.Mailbox[mailbox.mboxMessage],
) -> list[tuple[str, str]]:
    try:
        return [b for message in box for b in bounces_in_message(message)]
    finally:
        box.close()


def address_lines(text: str) -> list[tuple[str, str]]:
    """(address, reason) from lines that start with an address; text after it is the reason."""
    found = []
    for line in text.splitlines()[:50_000]:
        first, _sep, rest = line.strip().replace(",", " ").replace(";", " ").partition(" ")
        address = normalise_address(first.strip("<>"))
        if address is not None:
            found.append((address, " ".join(rest.split())[:400] or "bounced"))
    return found
