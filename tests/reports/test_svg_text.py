"""Chart text drawn a line at a time lands where WeasyPrint's letter-by-letter drawing puts it."""

from __future__ import annotations

import re
import subprocess

import pytest

pytest.importorskip("weasyprint")

from reports import svg_text  # noqa: E402
from reports.weasy import write_pdf  # noqa: E402  (installs the one-run drawing)

SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">
<text text-anchor="start" font-size="12"><tspan x="20" y="30">Ownership and sponsorship</tspan></text>
<text text-anchor="middle" font-size="12"><tspan x="200" y="60">Führung – Reifegrad 3</tspan>
<tspan x="200" y="76">second line</tspan></text>
<text text-anchor="end" font-size="10" x="380" y="110">ends at the edge</text>
<g transform="rotate(-90 30 180)"><text text-anchor="middle" font-size="11" x="30" y="180">Score</text></g>
</svg>"""


def words(pdf: bytes) -> dict[str, tuple[float, float, float, float]]:
    """{word: (xMin, yMin, xMax, yMax)} as pdftotext -bbox reads the page."""
    out = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    found = {}
    for x0, y0, x1, y1, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out
    ):
        found[word] = (float(x0), float(y0), float(x1), float(y1))
    return found


def rendered(monkeypatch: pytest.MonkeyPatch | None) -> bytes:
    from weasyprint import svg as weasy_svg

    if monkeypatch is not None:  # the original, letter by letter
        original = weasy_svg.TAGS["text"].original
        monkeypatch.setattr(weasy_svg, "text", original)
        for tag in ("a", "text", "textPath", "tspan"):
            monkeypatch.setitem(weasy_svg.TAGS, tag, original)
    return write_pdf(f'<html lang="en"><head><title>t</title></head><body>{SVG}</body></html>')


def test_the_one_run_drawing_is_installed_for_the_pinned_weasyprint() -> None:
    from weasyprint import svg as weasy_svg

    assert svg_text.install() is True, "WeasyPrint changed: check reports/svg_text.py against its svg/text.py"
    assert weasy_svg.TAGS["tspan"] is weasy_svg.TAGS["text"] is weasy_svg.text
    assert getattr(weasy_svg.text, "original", None) is not None


def test_every_word_lands_where_the_letter_by_letter_drawing_puts_it(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = words(rendered(None))
    slow = words(rendered(monkeypatch))
    assert set(fast) == set(slow) >= {"Ownership", "Führung", "Reifegrad", "second", "edge", "Score"}
    for word, box in slow.items():
        assert fast[word] == pytest.approx(box, abs=1.0), word  # within a point: kerning inside a run


def test_text_with_per_letter_positions_goes_to_the_original() -> None:
    from types import SimpleNamespace
    from xml.etree import ElementTree

    from weasyprint.svg import Node

    def node(markup: str) -> Node:
        return Node(SimpleNamespace(etree_element=ElementTree.fromstring(markup)), {})

    assert svg_text.one_run(node('<text x="10" y="20">plain</text>'))
    assert not svg_text.one_run(node('<text x="10 20 30" y="20">abc</text>'))
    assert not svg_text.one_run(node('<text x="10" y="20" rotate="15">abc</text>'))
    assert not svg_text.one_run(node('<text x="10" y="20" letter-spacing="2">abc</text>'))
    assert not svg_text.one_run(node('<text x="10" y="20" textLength="80">abc</text>'))
