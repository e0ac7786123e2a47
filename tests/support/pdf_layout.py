"""Pages of a PDF measured as a reader sees them: how far down each page the ink goes, which
headings have nothing after them on their page, and each page's text (poppler's pdftoppm and
pdftotext, which scripts/setup installs)."""

from __future__ import annotations

import glob
import io
import re
import subprocess
import tempfile

from PIL import Image, ImageOps
from pypdf import PdfReader

DPI = 24
MM = DPI / 25.4  # pixels per millimetre
TOP_MM, BOTTOM_MM = 22, 20  # the @page margins of report.css: header and footer live in them


def _pages(pdf: bytes) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        path = f"{folder}/doc.pdf"
        with open(path, "wb") as handle:
            handle.write(pdf)
        subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", path, f"{folder}/p"], check=True)
        return [Image.open(name).copy() for name in sorted(glob.glob(f"{folder}/p*.pgm"))]


def _ink_rows(page: Image.Image) -> tuple[int, int, int | None]:
    """(body top, body bottom, lowest row with ink in the body or None), in pixels."""
    top, bottom = round(TOP_MM * MM), page.height - round(BOTTOM_MM * MM)
    body = ImageOps.invert(page.crop((0, top, page.width, bottom))).point(lambda v: 255 if v > 60 else 0)
    box = body.getbbox()
    return top, bottom, None if box is None else top + box[3]


def page_fill(pdf: bytes) -> list[float]:
    """Per page, the share of the body's height down to the last ink (0 empty, 1 full)."""
    fills = []
    for page in _pages(pdf):
        top, bottom, last = _ink_rows(page)
        fills.append(0.0 if last is None else (last - top) / (bottom - top))
    return fills


FOOTER = re.compile(r"(Page|Seite) \d+ / \d+")


def _last_on_page(title: str, text: str) -> bool:
    """Whether no text follows the heading's title on its page (the footer aside)."""
    flat, wanted = " ".join(text.split()), " ".join(title.split())
    at = flat.rfind(wanted)
    return at >= 0 and not re.search(r"\w", FOOTER.sub("", flat[at + len(wanted) :]))


def stranded_headings(pdf: bytes) -> list[tuple[int, str]]:
    """(page number, title) of every bookmarked heading that ends its page: no text after it,
    and no ink (a chart) below it."""
    reader = PdfReader(io.BytesIO(pdf))
    pages, texts = _pages(pdf), page_texts(pdf)
    found = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            number = reader.get_destination_page_number(item)
            if not _last_on_page(str(item.title), texts[number]):
                continue
            page, height = pages[number], float(reader.pages[number].mediabox.height)
            heading_top = round((height - float(item.top)) / 72 * DPI)
            below = heading_top + round(12 * MM)  # a heading line, its rule and its margin
            _, bottom, _last = _ink_rows(page)
            region = ImageOps.invert(page.crop((0, min(below, bottom), page.width, bottom)))
            if region.height == 0 or region.point(lambda v: 255 if v > 60 else 0).getbbox() is None:
                found.append((number + 1, str(item.title)))

    walk(reader.outline)
    return found


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text in reading order (pdftotext), for headers and per-page checks."""
    texts = []
    for number in range(1, len(PdfReader(io.BytesIO(pdf)).pages) + 1):
        out = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"], input=pdf, capture_output=True, check=True
        )
        texts.append(out.stdout.decode("utf-8"))
    return texts
