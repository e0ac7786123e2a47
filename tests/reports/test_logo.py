"""Logos made safe before they are stored: hostile SVGs lose what could run or fetch, or are
refused with a message; PNGs are checked by magic bytes, file size and pixel size."""

from __future__ import annotations

import struct
import zlib

import pytest

from reports.branding import Branding, branding_fingerprint, contrast_on_white, readable_on_white
from reports.logo import MAX_BYTES, LogoRefused, checked_logo, sanitise_svg
from tests.support.logos import ENTITY_BOMB, EXTERNAL_ENTITY, HOSTILE_SVG, png


def test_a_hostile_svg_keeps_its_drawing_and_loses_what_could_run_or_fetch():
    clean, removed = sanitise_svg(HOSTILE_SVG)
    text = clean.decode("utf-8")
    for gone in ("script", "alert", "foreignObject", "iframe", "evil.example", "onload", "onclick", "javascript"):
        assert gone not in text, gone
    assert '<use href="#r"' in text and 'fill="url(#g)"' in text and "ACME" in text and "<rect" in text
    assert {"script", "foreignobject", "image", "onload", "onclick", "href", "style"} <= set(removed)


@pytest.mark.parametrize("hostile", [ENTITY_BOMB, EXTERNAL_ENTITY], ids=["entity bomb", "external entity"])
def test_svgs_with_entities_are_refused_with_a_message(app, hostile):
    with app.test_request_context(), pytest.raises(LogoRefused, match="could not be read safely"):
        checked_logo(hostile)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"GIF89a" + b"\0" * 40, "must be a PNG or an SVG"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "not a PNG"),
        (png()[:-12] + b"\0" * (MAX_BYTES + 1), "larger than 256 kB"),
        (
            b"\x89PNG\r\n\x1a\n"
            + struct.pack(">I", 13)
            + b"IHDR"
            + struct.pack(">II", 20000, 20)
            + b"\x08\x02\0\0\0"
            + struct.pack(">I", zlib.crc32(b"IHDR")),
            "at most 4000 pixels",
        ),
    ],
    ids=["wrong magic", "broken header", "too large", "too many pixels"],
)
def test_hostile_pngs_are_refused_with_a_message(app, data, message):
    with app.test_request_context(), pytest.raises(LogoRefused, match=message):
        checked_logo(data)


def test_a_good_png_is_kept_as_it_is(app):
    data = png()
    assert checked_logo(data) == ("png", data, [])


def test_accent_text_is_darkened_until_it_reads_on_white():
    assert readable_on_white("#0055aa") == "#0055aa"  # already 7:1
    yellow = readable_on_white("#ffcc00")
    assert yellow != "#ffcc00" and contrast_on_white(yellow) >= 4.5
    assert Branding(accent="red; } body { display: none").safe_accent == ""


def test_the_fingerprint_changes_with_every_field_and_only_then():
    base = Branding("png", png(), "#0055aa", "Confidential", "Anna")
    assert branding_fingerprint(base) == branding_fingerprint(Branding("png", png(), "#0055AA", "Confidential", "Anna"))
    assert branding_fingerprint(None) == branding_fingerprint(Branding())
    others = [
        Branding("png", png(121), "#0055aa", "Confidential", "Anna"),
        Branding("png", png(), "#0055ab", "Confidential", "Anna"),
        Branding("png", png(), "#0055aa", "Internal", "Anna"),
        Branding("png", png(), "#0055aa", "Confidential", "Ben"),
        Branding(),
    ]
    prints = {branding_fingerprint(b) for b in [base, *others]}
    assert len(prints) == 6
