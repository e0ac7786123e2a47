"""What any process that renders reports does once before its first one: the web workers' warm-up
(assessment/warmup.py) and `readiness worker` (background jobs) both call these."""

from __future__ import annotations

import gc

from flask import Flask


def freeze_heap() -> None:
    """Move everything loaded so far (modules, parsed questionnaires, compiled templates: about
    150,000 objects) out of the garbage collector's sight. They live as long as the worker, and a
    full collection walking them all would stall whichever request triggered it."""
    gc.collect()
    gc.freeze()


def warm_print_path(app: Flask) -> None:
    """Import WeasyPrint (0.6 s), compile the report templates and lay out one page of a report's parts,
    so a worker's first PDF costs what its later ones do; with PDF_CHARTS=kaleido also start this
    worker's Chromium (after the fork, where it must start). Needs an app context."""
    from reports.report import warm_up_reports  # the app itself never loads WeasyPrint; a serving worker does

    warm_up_reports()
    if app.config.get("PDF_CHARTS") == "kaleido":
        from reports.svg import engine

        engine(app.config.get("CHROMIUM_PATH", ""))
