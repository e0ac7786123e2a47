"""The results page's JavaScript: Plotly's partial bundle, gzipped, keeps the page under 1 MB."""

import gzip
import logging
import re

from assessment.site import PARTIAL_PLOTLY, _plotly_file
from reports.svg import plotly_js_path
from tests.support.answers import PULSE_IT_LED


def test_the_results_page_transfers_under_one_megabyte_of_script(app, client, survey):
    bundle = _plotly_file(app.static_folder)
    assert bundle.parent.name == "plotly", "the partial Plotly bundle is missing: run scripts/setup"
    page = client.get(f"/r/{survey.complete(PULSE_IT_LED)}/results").get_data(as_text=True)
    sources = re.findall(r'<script src="([^"]+)"', page)
    assert "/vendor/plotly.min.js" in sources and any(s.endswith("/charts.js") for s in sources)
    total = 0
    for src in sources:
        with client.get(src, headers={"Accept-Encoding": "gzip, deflate, br"}) as response:
            assert response.status_code == 200, src
            total += len(response.data)
    assert total < 1_000_000, total


def test_the_partial_bundle_is_sent_precompressed_and_cached(app, client):
    with client.get("/vendor/plotly.min.js", headers={"Accept-Encoding": "gzip"}) as response:
        assert response.headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in response.headers["Vary"]
        assert "max-age=86400" in response.headers["Cache-Control"]
        assert response.data == (app.static_folder / PARTIAL_PLOTLY).with_suffix(".js.gz").read_bytes()
        assert b"(core, bar, scatterpolar)" in gzip.decompress(response.data)[:200]


def test_without_the_partial_bundle_the_full_one_is_served_and_logged(tmp_path, caplog):
    _plotly_file.cache_clear()
    with caplog.at_level(logging.WARNING, logger="assessment.site"):
        assert _plotly_file(str(tmp_path)) == plotly_js_path()
    assert "partial Plotly bundle was not built" in caplog.text
    _plotly_file.cache_clear()
