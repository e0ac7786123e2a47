"""Logos for tests: a hostile SVG (script, handlers, external references), entity bombs, PNGs."""

from __future__ import annotations

import io

from PIL import Image

HOSTILE_SVG = b"""<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
  viewBox="0 0 100 40" onload="alert(1)">
  <script>alert(2)</script>
  <foreignObject><iframe src="http://evil.example/"/></foreignObject>
  <image href="http://evil.example/track.png" width="1" height="1"/>
  <use xlink:href="http://evil.example/sprite.svg#a"/>
  <rect id="r" width="100" height="40" fill="#0055aa" onclick="steal()"
        style="fill: url(http://evil.example/p.svg#x)"/>
  <use href="#r"/>
  <a href="javascript:alert(3)"><text x="5" y="25">ACME</text></a>
  <text x="5" y="35" fill="url(#g)">ACME</text>
</svg>"""
ENTITY_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&c;</text></svg>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>"""


def png(width: int = 120, height: int = 40) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 85, 170)).save(buffer, "PNG")
    return buffer.getvalue()
