"""PDF report timings side by side in one run: plain WeasyPrint, warm report, cold report, cache hit.

    python bench/pdf_bench.py [--reports 10] [--charts python,kaleido] [--png docs/report-page1.png]

For each print chart renderer (`PDF_CHARTS`): "warm" is the median report in a process that
has made one already, measured as a serving process runs: after its warm-up hid the loaded
heap from the garbage collector (`assessment.print_path.freeze_heap`, which gunicorn workers and
`readiness worker` call), and also before that ("without the freeze"). "cold" is the first
report of a fresh process (a child started for it, with the app created as a gunicorn worker
has it), so it includes importing WeasyPrint and starting the chart renderer; "first of a
worker" is the same after the warm-up a worker runs before it takes work
(assessment/warmup.py), which is what a visitor waits for. "plain" is WeasyPrint alone on a
document of the same page count without charts, in the same process and state as the warm
reports: the same text as the report in plain paragraphs (and, once, the sparse pages the
earlier figures used).
Targets (issue 17, point 8): warm <= 2x plain; cold - warm <= 1.5 s.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from _support import ROOT, machine, temp_app
from pypdf import PdfReader

from reports.pdf import html_to_pdf
from reports.report import render_report_pdf
from scoring import load_file, score_response
from scoring.sampling import random_answers

QUESTIONNAIRE = ROOT / "questionnaires" / "social-collaboration-readiness.yaml"
SEED = 2


def plain_html_same_text(pdf: bytes) -> str:
    """The report's own words in plain paragraphs, one page per report page."""
    pages = [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]
    body = "".join(
        "<div style='break-after: page'>"
        + "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
        + "</div>"
        for text in pages
    )
    return f"<html><body style='font-size: 9pt'>{body}</body></html>"


def plain_html_sparse(pages: int) -> str:
    """The baseline of the figures before 2026-12-01: a heading and twelve short paragraphs per page."""
    body = "".join(
        f"<h2>Section {i}</h2>"
        + "<p>Plain paragraph text for a baseline page.</p>" * 12
        + "<div style='break-after: page'></div>"
        for i in range(pages)
    )
    return f"<html><body>{body}</body></html>"


def clock() -> tuple[float, float]:
    """(wall, CPU) seconds now: CPU time stays meaningful while other jobs share the machine."""
    return time.perf_counter(), time.process_time()


def since(start: tuple[float, float]) -> tuple[float, float]:
    wall, cpu = clock()
    return wall - start[0], cpu - start[1]


def timed_plain(html: str) -> tuple[float, float]:
    started = clock()
    pdf = html_to_pdf(html)
    elapsed = since(started)
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 1
    return elapsed


def one_report() -> tuple[tuple[float, float], bytes]:
    """The same answers every time (seed 2), so every report has the same pages as the plain document."""
    q = load_file(QUESTIONNAIRE)
    answers = random_answers(q, random.Random(SEED), skip_rate=0)
    started = clock()
    pdf = render_report_pdf(q, answers, score_response(q, answers), "en", label="Example Corp")
    return since(started), pdf


def medians(samples: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


def descendants_memory() -> tuple[int, int, int]:
    """(processes, RSS, PSS) in bytes of this process's descendants (Chromium, for kaleido)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    todo, found = list(children.get(os.getpid(), [])), []
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    rss = pss = 0
    for pid in found:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return len(found), rss, pss


def cold_child(charts: str, warmed: bool) -> None:
    """In a fresh process: create the app as a worker does (`warmed`: and run its warm-up, as
    gunicorn.conf.py and `readiness worker` do before they take work), then time its first report."""
    app = temp_app({"PDF_CHARTS": charts})
    if warmed:
        from assessment.warmup import warm_up

        assert warm_up(app, connections=1, freeze=True)
    with app.app_context():
        seconds, _pdf = one_report()
        memory = descendants_memory()
    print(json.dumps({"cold": seconds, "memory": memory}))


def cold_report(charts: str, warmed: bool = False) -> dict[str, Any]:
    command = [sys.executable, __file__, "--cold-child", charts] + (["--warmed"] if warmed else [])
    out = subprocess.run(command, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    result: dict[str, Any] = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    return result


def measure(charts: str, reports: int) -> dict[str, Any]:
    """Warm reports and the plain document, first in this bare process, then after hiding its heap
    from the garbage collector as every serving process does after its warm-up (`freeze_heap`)."""
    from assessment.print_path import freeze_heap

    cold = cold_report(charts)
    served = cold_report(charts, warmed=True)
    app = temp_app({"PDF_CHARTS": charts})
    with app.app_context():
        _seconds, sample = one_report()  # this process's first report: imports WeasyPrint, starts the renderer
        bare = medians([one_report()[0] for _ in range(reports)])
        bare_plain = medians([timed_plain(plain_html_same_text(sample)) for _ in range(5)])
        freeze_heap()
        warm = medians([one_report()[0] for _ in range(reports)])
        plain = medians([timed_plain(plain_html_same_text(sample)) for _ in range(5)])
        memory = descendants_memory()
    figures = {"cold": cold["cold"], "served": served["cold"], "warm": warm, "plain": plain}
    return {**figures, "bare": bare, "bare_plain": bare_plain, "sample": sample, "memory": memory}


def cache_hit_seconds(pdf: bytes) -> float:
    """Reading a stored report back (the report cache's cost on a hit)."""
    import tempfile

    from assessment.report_cache import ReportCache, ReportKey

    store = ReportCache(Path(tempfile.mkdtemp(prefix="readiness-cache-")), 50 * 1024 * 1024)
    key = ReportKey("response", "organisation:1", "bench", "q@1", "en", "A4")
    store.put(key, pdf)
    started = time.perf_counter()
    for _ in range(20):
        assert store.get(key) == pdf
    return (time.perf_counter() - started) / 20


def met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def report(charts: str, figures: dict[str, Any], sparse: tuple[float, float]) -> None:
    """Wall and CPU seconds; kaleido's Chromium works in other processes, so its CPU column is partial."""
    (warm, warm_cpu), (cold, cold_cpu), (served, served_cpu) = figures["warm"], figures["cold"], figures["served"]
    plain = figures["plain"]
    print(f"-- print charts: {charts}")
    print(f"plain WeasyPrint      {plain[0]:6.2f} s   CPU {plain[1]:.2f} s (the report's text as plain paragraphs)")
    print(f"warm report median    {warm:6.2f} s   CPU {warm_cpu:.2f} s")
    print(f"cold report           {cold:6.2f} s   CPU {cold_cpu:.2f} s (a fresh process: WeasyPrint import, renderer)")
    print(f"first of a worker     {served:6.2f} s   CPU {served_cpu:.2f} s (a fresh process after its warm-up)")
    ratio, ratio_cpu = warm / plain[0], warm_cpu / plain[1]
    verdict = f"target <= 2x: {met(ratio <= 2)}, CPU {met(ratio_cpu <= 2)}"
    print(f"warm / plain          {ratio:6.1f}x  CPU {ratio_cpu:.1f}x ({verdict})")
    print(f"warm / plain sparse   {warm / sparse[0]:6.1f}x  CPU {warm_cpu / sparse[1]:.1f}x")
    (bare, bare_cpu), (bare_plain, bare_plain_cpu) = figures["bare"], figures["bare_plain"]
    print(
        f"  without the freeze  report {bare:.2f} s (CPU {bare_cpu:.2f} s), plain {bare_plain:.2f} s "
        f"(CPU {bare_plain_cpu:.2f} s): {bare / bare_plain:.1f}x, CPU {bare_cpu / bare_plain_cpu:.1f}x"
    )
    gap, gap_cpu = cold - warm, cold_cpu - warm_cpu
    verdict = f"target <= 1.5 s: {met(gap <= 1.5)}, CPU {met(gap_cpu <= 1.5)}"
    print(f"cold - warm           {gap:6.2f} s  CPU {gap_cpu:.2f} s ({verdict})")
    gap, gap_cpu = served - warm, served_cpu - warm_cpu
    verdict = f"target <= 1.5 s: {met(gap <= 1.5)}, CPU {met(gap_cpu <= 1.5)}"
    print(f"worker's first - warm {gap:6.2f} s  CPU {gap_cpu:.2f} s ({verdict})")
    count, rss, pss = figures["memory"]
    if count:
        memory = f"RSS {rss / 2**20:.0f} MiB, PSS {pss / 2**20:.0f} MiB"
        print(f"renderer processes    {count} (Chromium): {memory} per worker")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reports", type=int, default=10)
    parser.add_argument("--charts", default="python,kaleido", help="print chart renderers to measure, in order")
    parser.add_argument("--png", default="", help="write page 1 of a sample report as PNG here")
    parser.add_argument("--cold-child", default="", help=argparse.SUPPRESS)
    parser.add_argument("--warmed", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.cold_child:
        cold_child(args.cold_child, args.warmed)
        return
    results = {charts: measure(charts, args.reports) for charts in args.charts.split(",")}
    sample = next(iter(results.values()))["sample"]
    pages = len(PdfReader(io.BytesIO(sample)).pages)
    sparse = medians([timed_plain(plain_html_sparse(pages)) for _ in range(5)])
    print(f"machine               {machine()}; load average {os.getloadavg()[0]:.2f} at the end")
    print(f"report                {QUESTIONNAIRE.stem}, {pages} pages, 2 charts, median of {args.reports} warm reports")
    print("warm                  as a serving process runs: after its warm-up hid the heap from the collector")
    print(f"plain, sparse         {sparse[0]:6.2f} s   CPU {sparse[1]:.2f} s (12 short lines a page, as before)")
    print(f"cache hit             {cache_hit_seconds(sample) * 1000:6.1f} ms  (the same report again)")
    for charts, figures in results.items():
        report(charts, figures, sparse)
    if args.png:
        write_png(sample, Path(args.png))


def write_png(pdf: bytes, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    sample = out.with_suffix(".pdf")
    sample.write_bytes(pdf)
    command = ["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(sample)]
    command.append(str(out.with_suffix("")))
    subprocess.run(command, check=True)
    print(f"first page            {out}")
    sample.unlink()


if __name__ == "__main__":
    main()
