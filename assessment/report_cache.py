"""Finished PDF reports kept in the instance folder, shared by every worker, so the same report
is not rendered twice.

A report's key is a hash of everything its pages show: the response's or workshop's state,
the questionnaire version, language, page size, branding, and the renderer itself (the hash of
the report code, templates and translations, so a deploy starts afresh). Each file names its
key and its organisation inside, and a file that does not match, or is damaged, is ignored,
logged and replaced. Writes go to a temporary file and are moved into place; the folder is
kept under a size cap by deleting the files read least recently.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

from flask import current_app

log = logging.getLogger(__name__)
MAGIC = b"readiness-report-cache 1\n"
PACKAGE = Path(__file__).resolve().parent
RENDERER_SOURCES = (
    (PACKAGE.parent / "reports", "*.py"),
    (PACKAGE / "templates" / "reports", "*"),
    (PACKAGE / "translations", "*/LC_MESSAGES/*.mo"),
)


@cache
def renderer_version() -> str:
    """A hash of the code, templates and translations that draw a report: changes with every deploy that
    changes a report."""
    digest = hashlib.sha256()
    for folder, pattern in RENDERER_SOURCES:
        for path in sorted(folder.glob(pattern)):
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def state_digest(*parts: Any) -> str:
    """A content hash of a report's inputs (plain values; anything else by its repr)."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=repr).encode()).hexdigest()


@dataclass(frozen=True)
class ReportKey:
    """What makes two reports the same. `scope` names the organisation (or the lone response) the
    report belongs to; `branding` is the fingerprint of the organisation's branding (empty: none yet)."""

    kind: str
    scope: str
    state: str
    questionnaire: str
    locale: str
    page_size: str
    branding: str = ""

    def digest(self) -> str:
        return state_digest(asdict(self), renderer_version())


class ReportCache:
    """PDFs in one folder, at most `max_bytes` in all."""

    def __init__(self, folder: Path, max_bytes: int):
        self.folder = folder
        self.max_bytes = max_bytes

    def get(self, key: ReportKey) -> bytes | None:
        path = self.folder / f"{key.digest()}.pdf"
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("report cache: cannot read %s (%s)", path.name, exc)
            return None
        body = self._checked(raw, key)
        if body is None:
            log.warning("report cache: ignoring a damaged or mismatched entry %s; it will be replaced", path.name)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # read recently: the last to be evicted
        except OSError:
            pass
        return body

    @staticmethod
    def _checked(raw: bytes, key: ReportKey) -> bytes | None:
        if not raw.startswith(MAGIC):
            return None
        header_line, _sep, body = raw[len(MAGIC) :].partition(b"\n")
        try:
            header = json.loads(header_line)
        except ValueError:
            return None
        expected = {"key": key.digest(), "scope": key.scope, "sha256": hashlib.sha256(body).hexdigest()}
        if not isinstance(header, dict) or any(header.get(name) != value for name, value in expected.items()):
            return None
        return body

    def put(self, key: ReportKey, pdf: bytes) -> None:
        header = json.dumps({"key": key.digest(), "scope": key.scope, "sha256": hashlib.sha256(pdf).hexdigest()})
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".tmp-", delete=False) as handle:
                try:
                    handle.write(MAGIC + header.encode() + b"\n" + pdf)
                except OSError:
                    Path(handle.name).unlink(missing_ok=True)
                    raise
            os.replace(handle.name, self.folder / f"{key.digest()}.pdf")
        except OSError as exc:
            log.warning("report cache: cannot store a report (%s); it will be rendered again next time", exc)
            return
        self.evict()

    def evict(self) -> None:
        """Delete the least recently read files until the folder is under its cap."""
        entries = []
        for path in self.folder.glob("*.pdf"):
            try:
                stat = path.stat()
            except FileNotFoundError:  # another worker evicted it
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _mtime, size, _path in entries)
        for _mtime, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size


def report_cache() -> ReportCache | None:
    """The app's cache (REPORT_CACHE_DIR, REPORT_CACHE_MB); None when the cap is 0."""
    megabytes = current_app.config.get("REPORT_CACHE_MB", 0)
    if megabytes <= 0:
        return None
    folder = current_app.config.get("REPORT_CACHE_DIR") or Path(current_app.instance_path) / "report-cache"
    return ReportCache(Path(folder), int(megabytes) * 1024 * 1024)


def cached_pdf(key: ReportKey, render: Callable[[], bytes]) -> bytes:
    """The stored PDF for `key`, or `render()`'s, stored for next time."""
    store = report_cache()
    pdf = store.get(key) if store is not None else None
    if pdf is None:
        pdf = render()
        if store is not None:
            store.put(key, pdf)
    return pdf
