"""A logo for the reports, made safe: PNG checked by its magic bytes, size and pixel size; SVG
parsed without entities or DTDs and cut down to an allow-list of drawing elements and attributes.

The PDF renderer fetches nothing (`reports.weasy`), so a logo can only ever arrive as a data: URI;
this module makes sure what is inside that URI draws and does nothing else.
"""

from __future__ import annotations

import base64
import re
import struct
import xml.etree.ElementTree as ET  # noqa: S405  # only to build and write the cleaned tree

from defusedxml import DefusedXmlException  # type: ignore[import-untyped]  # defusedxml ships no types
from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped]  # defusedxml ships no types
from flask_babel import lazy_gettext as _l

MAX_BYTES = 256 * 1024
MAX_PIXELS = 4000  # width or height of a PNG
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text", "tspan",
    "defs", "lineargradient", "radialgradient", "stop", "clippath", "use", "title", "desc",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "width", "height",
    "d", "points", "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
    "stroke-linecap", "stroke-linejoin", "opacity", "transform", "viewbox", "preserveaspectratio",
    "font-family", "font-size", "font-weight", "text-anchor", "offset", "stop-color", "stop-opacity",
    "gradientunits", "gradienttransform", "clip-path", "clip-rule", "style", "version", "href", "fx", "fy",
}  # fmt: skip
_URL = re.compile(r"url\(\s*['\"]?\s*([^)'\"\s]*)", re.IGNORECASE)


class LogoRefused(ValueError):
    """A logo that cannot be made safe; the message says why, for the person who uploaded it."""


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _safe_value(name: str, value: str) -> bool:
    """No reference leaves the document: href only to "#id", url(...) only to "#id", no script URLs."""
    if name == "href":
        return value.startswith("#")
    lowered = value.lower()
    if "javascript:" in lowered or "expression(" in lowered or "@import" in lowered:
        return False
    return all(target.startswith("#") for target in _URL.findall(value))


def _clean(element: ET.Element) -> list[str]:
    """Removes what is not allowed, in place; returns what was removed (for the message)."""
    removed: list[str] = []
    for child in list(element):
        tag = child.tag if isinstance(child.tag, str) else ""
        if not tag.startswith(SVG) or _local(tag) not in ELEMENTS:
            element.remove(child)
            removed.append(_local(tag) or "comment")
            continue
        removed += _clean(child)
    for name, value in list(element.attrib.items()):
        local = "href" if name == XLINK else _local(name)
        if name.startswith("{") and name != XLINK or local not in ATTRIBUTES or not _safe_value(local, value):
            del element.attrib[name]
            removed.append(local)
    return removed


def sanitise_svg(data: bytes) -> tuple[bytes, list[str]]:
    """The SVG with only drawing left, and the names of what was removed; raises LogoRefused."""
    if len(data) > MAX_BYTES:
        raise LogoRefused(_l("The logo is larger than 256 kB."))
    try:
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ET.ParseError, ValueError) as exc:
        raise LogoRefused(_l("The SVG file could not be read safely (%(reason)s).", reason=type(exc).__name__)) from exc
    if root.tag != f"{SVG}svg":
        raise LogoRefused(_l("The file is not an SVG image."))
    removed = _clean(root)
    ET.register_namespace("", SVG[1:-1])
    ET.register_namespace("xlink", XLINK[1:].split("}")[0])
    return ET.tostring(root, encoding="utf-8"), sorted(set(removed))


def check_png(data: bytes) -> tuple[int, int]:
    """(width, height) of a PNG within the limits; raises LogoRefused."""
    if len(data) > MAX_BYTES:
        raise LogoRefused(_l("The logo is larger than 256 kB."))
    if not data.startswith(PNG_MAGIC) or data[12:16] != b"IHDR" or len(data) < 33:
        raise LogoRefused(_l("The file is not a PNG image."))
    width, height = struct.unpack(">II", data[16:24])
    if not (0 < width <= MAX_PIXELS and 0 < height <= MAX_PIXELS):
        raise LogoRefused(_l("The logo must be at most %(n)d pixels wide and high.", n=MAX_PIXELS))
    return width, height


def checked_logo(data: bytes) -> tuple[str, bytes, list[str]]:
    """(kind "png" or "svg", the bytes to store, what was removed) for an uploaded file."""
    if data.startswith(PNG_MAGIC):
        check_png(data)
        return "png", data, []
    if data.lstrip()[:1] == b"<":
        clean, removed = sanitise_svg(data)
        return "svg", clean, removed
    raise LogoRefused(_l("The logo must be a PNG or an SVG file."))


def logo_data_uri(kind: str, data: bytes) -> str:
    """The stored logo as the only kind of URL the PDF renderer accepts."""
    mime = "image/png" if kind == "png" else "image/svg+xml"
    return f"data:{mime};base64," + base64.b64encode(data).decode("ascii")
