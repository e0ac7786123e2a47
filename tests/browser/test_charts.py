"""Charts on the results page and the dashboard: nothing leaves the server, whatever the toolbar
is asked to do; the charts fit every width, in English and German."""

from __future__ import annotations

import pytest

from tests.support.answers import PULSE_IT_LED
from tests.support.pages import result_and_workshop, signed_in_page

pytestmark = pytest.mark.browser
WIDTHS = (375, 768, 1366)
# a stand-in for window.open that records where a page's script tried to go
RECORD_OPEN = "window.__opened = []; window.open = function (url) { window.__opened.push(String(url)); return null; };"


@pytest.fixture
def pages(app, client):
    token, workshop_id, follow_up = result_and_workshop(app, client)
    return {
        "results": f"/r/{token}/results",
        "dashboard": f"/workshops/{workshop_id}",
        "compare": f"/workshops/{follow_up}/compare",
    }


def _local(url: str, live_server: str) -> bool:
    return url.startswith(live_server + "/") or url.startswith(("data:", "blob:"))


def test_no_chart_sends_anything_off_the_server(browser, live_server, pages):
    page = signed_in_page(browser, live_server, {"width": 1366, "height": 900})
    requests, windows = [], []
    page.on("request", lambda r: requests.append(r.url))
    page.context.on("page", lambda p: windows.append(p.url))
    page.add_init_script(RECORD_OPEN)
    for path in pages.values():
        page.goto(live_server + path)
        page.wait_for_selector("[data-figure] .main-svg")
        configs = page.evaluate("Array.from(document.querySelectorAll('.js-plotly-plot')).map(e => e._context)")
        assert configs and all(c["showSendToCloud"] is False and c["displaylogo"] is False for c in configs)
        # older plotly.js versions had these too; whichever the bundle knows is off
        assert all(c.get(k) in (None, False) for c in configs for k in ("showEditInChartStudio", "showLink"))
        for chart in page.locator(".js-plotly-plot").all():
            chart.hover()
            titles = chart.locator(".modebar-btn").evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
            assert titles == ["Download plot as a PNG"], titles
            with page.expect_download():
                chart.locator(".modebar-btn").first.click()
        page.wait_for_timeout(300)
        opened = page.evaluate("window.__opened")
        assert opened == [], opened
    assert [u for u in requests if not _local(u, live_server)] == []
    assert windows == []


@pytest.mark.parametrize("locale", ["en", "de"])
def test_charts_fit_every_width(browser, live_server, pages, locale):
    page = signed_in_page(browser, live_server, {"width": 1366, "height": 900}, locale)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for name, path in pages.items():
            page.goto(live_server + path)
            page.wait_for_selector("[data-figure] .main-svg")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (name, width, overflow)
            clipped = page.evaluate(
                """() => Array.from(document.querySelectorAll('.js-plotly-plot')).filter(plot => {
                    const box = plot.getBoundingClientRect();
                    return Array.from(plot.querySelectorAll('.ytick text, .xtick text, .angularaxistick text, .bartext'))
                      .some(t => { const r = t.getBoundingClientRect();
                                   return r.width && (r.left < box.left - 1 || r.right > box.right + 1); });
                }).length"""
            )
            assert clipped == 0, (name, width)
            if name == "results":
                radar = page.locator("[data-figure=chart-radar] .plotbg")
                if width >= 768:
                    assert radar.bounding_box()["width"] >= 250, width
                else:  # too narrow for a radar: the bars alone, with the same figures
                    assert not page.locator("[data-figure=chart-radar]").is_visible()
                    assert page.locator("[data-figure=chart-bars] .main-svg").first.is_visible()
    if locale == "de":
        assert page.evaluate("document.querySelector('.js-plotly-plot')._context.locale") == "de"
        page.locator(".js-plotly-plot").first.hover()
        assert page.locator(".modebar-btn").first.get_attribute("data-title") == "Diagramm als PNG speichern"


def test_the_partial_plotly_bundle_draws_the_results_charts(browser, live_server, survey):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server}/r/{survey.complete(PULSE_IT_LED)}/results")
    page.wait_for_selector("[data-figure=chart-radar] .main-svg")
    # the page got the partial bundle (scripts/setup), not the Python package's full one
    assert page.evaluate("Object.keys(Plotly.PlotSchema.get().traces).sort()") == ["bar", "scatter", "scatterpolar"]
    radar = page.locator("[data-figure=chart-radar] svg.main-svg .polarlayer .trace.scatter path.js-line")
    assert radar.count() >= 1 and len(radar.first.get_attribute("d") or "") > 20
    bars = page.locator("[data-figure=chart-bars] svg.main-svg .barlayer .trace.bars .point path")
    assert bars.count() >= 3
    page.close()
