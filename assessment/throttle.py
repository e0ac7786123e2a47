"""Counting failures (wrong passwords, join codes, API tokens) so that guessing slows down, while
what is right is never refused because of someone else's mistakes.

The counts live in the rate limiter's storage (`RATELIMIT_STORAGE_URI`: Redis when several
processes serve), so every worker sees the same numbers. A limit is a list of windows
("10 per minute; 20 per hour; 50 per day"): each further window makes the wait longer, so
repeated failures slow down progressively instead of locking an account.
"""

from __future__ import annotations

import hashlib
import logging
import math
import time
from dataclasses import dataclass

from flask import Flask, current_app
from limits import RateLimitItem, parse_many

from assessment.extensions import limiter

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Throttle:
    """Failures counted per key (say an e-mail and an address) against the limit in setting `setting`."""

    name: str
    setting: str

    def _items(self) -> list[RateLimitItem]:
        return parse_many(current_app.config[self.setting])

    def _key(self, parts: tuple[str, ...]) -> str:
        return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()[:32]

    def wait(self, *parts: str) -> int:
        """Seconds until the next attempt for this key is considered (0: now)."""
        key = self._key(parts)
        try:
            longest = 0.0
            for item in self._items():
                if not limiter.limiter.test(item, self.name, key):
                    reset, _remaining = limiter.limiter.get_window_stats(item, self.name, key)
                    longest = max(longest, reset - time.time())
            return max(1, math.ceil(longest)) if longest > 0 else 0
        except Exception:  # noqa: BLE001 - an unreachable store must not lock everybody out
            log.exception("rate limit store unavailable; %s not checked", self.name)
            return 0

    def failed(self, *parts: str) -> None:
        key = self._key(parts)
        try:
            for item in self._items():
                limiter.limiter.hit(item, self.name, key)
        except Exception:  # noqa: BLE001 - see `wait`
            log.exception("rate limit store unavailable; %s not counted", self.name)

    def clear(self, *parts: str) -> None:
        key = self._key(parts)
        try:
            for item in self._items():
                limiter.limiter.clear(item, self.name, key)
        except Exception:  # noqa: BLE001 - see `wait`
            log.exception("rate limit store unavailable; %s not cleared", self.name)


# Wrong passwords per e-mail and address: someone else's guesses never slow down the right
# password from a clean address. Per address over all e-mails, a generous cap.
SIGN_IN = Throttle("sign-in", "LOGIN_RATE_LIMIT")
SIGN_IN_ADDRESS = Throttle("sign-in-address", "LOGIN_ADDRESS_RATE_LIMIT")
# Wrong workshop codes per browser and address: a browser that keeps guessing waits, a room
# behind one office address keeps joining with the right code.
JOIN = Throttle("join", "JOIN_RATE_LIMIT")
# Refused API tokens per address: a good token is always served.
API = Throttle("api", "API_RATE_LIMIT")


def memory_limits_with_workers(config: dict[str, object]) -> bool:
    """Several server processes keeping their own counts: every limit multiplies by their number."""
    workers = int(str(config.get("SERVER_WORKERS") or 1))
    return workers > 1 and str(config.get("RATELIMIT_STORAGE_URI", "memory://")).startswith("memory")


def warn_if_not_shared(app: Flask) -> None:
    """Say loudly in the log when the limits multiply by the number of worker processes (the admin page says it too)."""
    if memory_limits_with_workers(app.config):
        log.error(
            "RATE LIMITS ARE NOT SHARED: %s worker processes keep them in memory, each on its own; "
            "set RATELIMIT_STORAGE_URI=redis://... (README, Production)",
            app.config["SERVER_WORKERS"],
        )
