"""Static SVG charts for PDFs: one Chromium per process, kept alive, used under a lock.

kaleido drives a headless Chromium. Starting it costs about two seconds, so the engine
starts lazily on first use in each worker process (never before gunicorn forks: a browser
does not survive a fork) and then renders every chart of every report. kaleido is not
thread-safe, hence the lock; every call has a timeout, so a stuck browser cannot hang a
request.
"""

from __future__ import annotations

import asyncio
import importlib.util
import logging
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)
START_TIMEOUT = 30.0
RENDER_TIMEOUT = 30.0
TABS = 2  # a report has two charts; each gets a tab and they render side by side
INSTALL_HINT = "install the Debian package 'chromium' (scripts/setup does it) or set CHROMIUM_PATH"


def plotly_js_path() -> Path:
    """plotly.js as the plotly package ships it, found without importing the package."""
    spec = importlib.util.find_spec("plotly")
    if spec is None or not spec.submodule_search_locations:
        raise ChartEngineUnavailable("the plotly package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "package_data" / "plotly.min.js"


class ChartEngineUnavailable(RuntimeError):
    """Charts cannot be drawn; the message names what to install."""


def find_chromium(configured: str = "") -> str:
    if configured:
        candidates = [configured]
    else:
        candidates = [
            os.environ.get("BROWSER_PATH", ""),
            "/usr/bin/chromium",
            "/usr/lib/chromium/chromium",
            shutil.which("chromium") or "",
            shutil.which("chromium-browser") or "",
        ]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    if configured:
        raise ChartEngineUnavailable(f"Chromium was not found at {configured!r}; {INSTALL_HINT}")
    raise ChartEngineUnavailable(f"Chromium was not found; {INSTALL_HINT}")


class ChartEngine:
    """A kaleido instance on its own event-loop thread, owned by one process."""

    def __init__(self, chromium: str):
        self.chromium = chromium
        self.pid = os.getpid()
        self.lock = threading.Lock()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="chart-engine", daemon=True)
        self.kaleido: Any = None
        self.exports = 0
        self.export_seconds = 0.0

    def start(self) -> None:
        import kaleido  # with the first chart, not with the app

        self.thread.start()
        self.kaleido = kaleido.Kaleido(
            n=TABS, timeout=RENDER_TIMEOUT, plotlyjs=str(plotly_js_path()), mathjax=False, path=self.chromium
        )
        try:
            self._run(self.kaleido.open(), START_TIMEOUT)
        except Exception as exc:
            self.stop()
            raise ChartEngineUnavailable(f"Chromium at {self.chromium} did not start ({exc}); {INSTALL_HINT}") from exc
        log.info("chart engine started (Chromium %s, pid %d)", self.chromium, self.pid)

    def _run(self, coroutine: Any, timeout: float) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def svgs(self, figures: list[tuple[dict[str, Any], int, int]]) -> list[str]:
        """Several figures at once: each goes to its own browser tab, concurrently."""
        started = time.perf_counter()

        async def render_all() -> list[Any]:
            return await asyncio.gather(
                *(self.kaleido.calc_fig(f, opts={"format": "svg", "width": w, "height": h}) for f, w, h in figures)
            )

        with self.lock:
            results = self._run(render_all(), RENDER_TIMEOUT)
        self.exports += len(figures)
        self.export_seconds += time.perf_counter() - started
        return [d.decode("utf-8") if isinstance(d, bytes) else str(d) for d in results]

    def stop(self) -> None:
        if self.kaleido is not None and self.thread.is_alive():
            try:
                self._run(self.kaleido.close(), 10)
            except Exception:  # noqa: BLE001 - shutting down anyway
                log.warning("chart engine did not close cleanly")
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
        if not self.thread.is_alive() and not self.loop.is_closed():
            self.loop.close()


_engine: ChartEngine | None = None
_engine_lock = threading.Lock()


def engine(chromium_path: str = "") -> ChartEngine:
    """This process's engine, started on first use (and again in a forked child)."""
    global _engine
    with _engine_lock:
        if _engine is None or _engine.pid != os.getpid() or not _engine.thread.is_alive():
            candidate = ChartEngine(find_chromium(chromium_path))
            candidate.start()
            _engine = candidate
        return _engine


def figures_svg(figures: list[tuple[dict[str, Any], int, int]], chromium_path: str = "") -> list[str]:
    """Each (figure, width, height) as an SVG document (text), in order."""
    current = engine(chromium_path)
    try:
        return current.svgs(figures)
    except TimeoutError as exc:
        _discard(current)
        raise ChartEngineUnavailable("the chart engine did not answer in time; try again") from exc
    except ChartEngineUnavailable:
        raise
    except Exception as exc:
        _discard(current)
        raise ChartEngineUnavailable(f"the chart engine failed ({exc})") from exc


def _discard(current: ChartEngine) -> None:
    """Drop a broken engine so the next report starts a fresh browser."""
    global _engine
    with _engine_lock:
        if _engine is current:
            _engine = None
    threading.Thread(target=current.stop, daemon=True).start()


def shutdown() -> None:
    global _engine
    with _engine_lock:
        if _engine is not None and _engine.pid == os.getpid():
            _engine.stop()
        _engine = None
