"""PDFs read back as text."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """Every page's text, whitespace folded."""
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))
