// Draws the charts whose Plotly figures the page carries as JSON (no inline script, no CDN).
(function () {
  "use strict";
  function draw() {
    if (!window.Plotly) return;
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (!source) return;
      var figure = JSON.parse(source.textContent);
      window.Plotly.react(el, figure.data, figure.layout, { displaylogo: false, responsive: true,
        modeBarButtonsToRemove: ["select2d", "lasso2d"] });
    });
  }
  window.readinessCharts = { draw: draw };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
