// The web pages' charts need only plotly.js's core and the bar and scatterpolar traces
// (reports/charts.py, static/js): this bundle is a quarter of the full one. German pages add
// static/js/plotly-locale-de.js after it. PDFs keep the Python package's full bundle (kaleido),
// so a new trace type in reports/charts.py must be registered here too.
import Plotly from "plotly.js/lib/core";
import bar from "plotly.js/lib/bar";
import scatterpolar from "plotly.js/lib/scatterpolar";

Plotly.register([bar, scatterpolar]);
window.Plotly = Plotly;
