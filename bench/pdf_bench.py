"""PDF report timings: cold and warm reports, chart export, and a minimal WeasyPrint baseline.

    python bench/pdf_bench.py [--reports 10] [--png docs/report-page1.png]

"Cold" includes starting Chromium for the charts; "warm" reports reuse the kept browser.
The baseline renders a plain WeasyPrint document with the same number of pages, so the
ratio shows what the report's own layout and charts cost on top of WeasyPrint itself.
"""

from __future__ import annotations

import argparse
import io
import random
import shutil
import statistics
import subprocess
import time
from pathlib import Path

from _support import ROOT, machine, temp_app
from pypdf import PdfReader

from reports.pdf import RenderStats, html_to_pdf
from reports.report import render_report_pdf
from scoring import load_file, score_response
from scoring.sampling import random_answers


def baseline_pdf(pages: int) -> float:
    body = "".join(
        f"<h2>Section {i}</h2>"
        + "<p>Plain paragraph text for a baseline page.</p>" * 12
        + "<div style='break-after: page'></div>"
        for i in range(pages)
    )
    started = time.perf_counter()
    pdf = html_to_pdf(f"<html><body>{body}</body></html>")
    elapsed = time.perf_counter() - started
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= pages
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--png", default="", help="write page 1 of a sample report as PNG here")
    args = parser.parse_args()
    app = temp_app()
    q = load_file(ROOT / "questionnaires" / "social-collaboration-readiness.yaml")
    rng = random.Random(3)
    with app.app_context():
        answers = random_answers(q, rng, skip_rate=0)
        cold = RenderStats()
        started = time.perf_counter()
        pdf = render_report_pdf(q, answers, score_response(q, answers), "en", label="Example Corp", stats=cold)
        cold_total = time.perf_counter() - started
        pages = len(PdfReader(io.BytesIO(pdf)).pages)
        warm_totals, chart_each = [], []
        for _ in range(args.reports):
            answers = random_answers(q, rng, skip_rate=0)
            stats = RenderStats()
            started = time.perf_counter()
            render_report_pdf(q, answers, score_response(q, answers), "en", label="Example Corp", stats=stats)
            warm_totals.append(time.perf_counter() - started)
            chart_each.append(stats.chart_seconds / max(1, stats.charts))
        baseline = statistics.median(baseline_pdf(pages) for _ in range(5))
    warm = statistics.median(warm_totals)
    print(f"machine               {machine()}")
    print(f"report                {q.id}, {pages} pages, 2 charts")
    print(f"cold report           {cold_total:6.2f} s (chart export {cold.chart_seconds:.2f} s, incl. Chromium start)")
    print(f"warm report median    {warm:6.2f} s   (max {max(warm_totals):.2f} s, n={len(warm_totals)})")
    print(f"chart export (warm)   {statistics.median(chart_each):6.3f} s per chart (median)")
    print(f"baseline WeasyPrint   {baseline:6.2f} s for a plain {pages}-page document")
    print(f"report / baseline     {warm / baseline:6.1f}x")
    if args.png:
        out = Path(args.png)
        out.parent.mkdir(parents=True, exist_ok=True)
        sample = out.with_suffix(".pdf")
        sample.write_bytes(pdf)
        if shutil.which("pdftoppm"):
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "70",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(sample),
                    str(out.with_suffix("")),
                ],
                check=True,
            )
            print(f"first page            {out}")
        sample.unlink()


if __name__ == "__main__":
    main()
