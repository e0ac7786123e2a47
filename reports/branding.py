"""Branding on a report (an organisation's, or its consultant's default): logo, accent colour,
confidentiality line and preparer, as plain values for the templates, and a fingerprint of them.

The fingerprint is part of a report's identity: two renderings with the same state, version,
language and page size differ if and only if their branding fingerprints differ.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from reports.logo import logo_data_uri

ACCENT = re.compile(r"^#[0-9a-fA-F]{6}$")
TEXT_CONTRAST = 4.5  # WCAG AA for body text, against the white page


@dataclass(frozen=True)
class Branding:
    """What a report shows of its preparer; every field optional ("" or None: not set)."""

    logo_kind: str = ""  # "png" or "svg"
    logo: bytes | None = None  # checked (PNG) or sanitised (SVG) already, see reports.logo
    accent: str = ""  # "#rrggbb"
    confidentiality: str = ""
    preparer: str = ""

    @property
    def logo_uri(self) -> str:
        return logo_data_uri(self.logo_kind, self.logo) if self.logo else ""

    @property
    def safe_accent(self) -> str:
        """The accent if it is "#rrggbb" (it goes into a style sheet), else ""."""
        return self.accent.lower() if ACCENT.match(self.accent) else ""

    @property
    def accent_text(self) -> str:
        """The accent as a text colour: darkened until it reads on white (4.5:1)."""
        return readable_on_white(self.safe_accent) if self.safe_accent else ""

    def fingerprint(self) -> str:
        return branding_fingerprint(self)


NO_BRANDING = Branding()


def branding_fingerprint(branding: Branding | None) -> str:
    """A stable short hash of every branding field (the same for no branding and empty fields)."""
    branding = branding or NO_BRANDING
    logo = hashlib.sha256(branding.logo).hexdigest() if branding.logo else ""
    fields = [branding.logo_kind if logo else "", logo, branding.accent.lower(), branding.confidentiality]
    fields.append(branding.preparer)
    return hashlib.sha256(json.dumps(fields).encode("utf-8")).hexdigest()[:16]


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def contrast_on_white(colour: str) -> float:
    """WCAG 2 contrast ratio of a "#rrggbb" colour against white (1 to 21)."""
    r, g, b = (_channel(c) for c in _rgb(colour))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return 1.05 / (luminance + 0.05)


def readable_on_white(colour: str) -> str:
    """The colour itself if it reaches 4.5:1 on white, else the same hue darkened until it does."""
    r, g, b = _rgb(colour)
    shade = colour.lower()
    factor = 1.0
    while contrast_on_white(shade) < TEXT_CONTRAST:
        factor -= 0.05
        shade = "#{:02x}{:02x}{:02x}".format(*(max(0, int(c * factor)) for c in (r, g, b)))
    return shade
