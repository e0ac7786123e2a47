// Draws the charts whose Plotly figures the page carries as JSON (no inline script, no CDN),
// fitted to the width they get: wrapped labels, room for the values, and the bar chart alone
// where a radar would be too small to read. The toolbar keeps one button that works offline
// (save as PNG, made in the browser); nothing offers to send a chart anywhere.
(function () {
  "use strict";
  var LANG = (document.documentElement.lang || "en").slice(0, 2);
  var NARROW_RADAR = 480; // px: below this a radar's labels crowd its plot; the bars say the same
  var drawn = [];

  function config() {
    return {
      displaylogo: false, showSendToCloud: false, showEditInChartStudio: false, showLink: false,
      showTips: false, responsive: true, locale: LANG, modeBarButtons: [["toImage"]],
      toImageButtonOptions: { format: "png", scale: 2, filename: "chart" }
    };
  }

  function escape(text) {
    return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }

  // Breaks a label into lines of at most `width` characters (Plotly reads <br>).
  function wrap(text, width) {
    if (text === null || text === undefined) return text;
    var lines = [], line = "", tokens = [];
    // a word longer than the line may break after its hyphens ("Community-" / "Management")
    String(text).split(/\s+/).forEach(function (word) {
      var parts = word.length > width ? word.split(/(?<=-)/) : [word];
      parts.forEach(function (part, i) { tokens.push({ text: part, glue: i > 0 }); });
    });
    tokens.forEach(function (token) {
      var joined = line ? line + (token.glue ? "" : " ") + token.text : token.text;
      if (line && joined.length > width) { lines.push(line); line = token.text; }
      else line = joined;
    });
    if (line) lines.push(line);
    return lines.map(escape).join("<br>");
  }

  function lineCount(labels) {
    return labels.reduce(function (most, label) {
      return Math.max(most, String(label).split("<br>").length);
    }, 1);
  }

  function fitRadar(figure, width) {
    var side = width < 600 ? 70 : 120;
    figure.layout.margin = { l: side, r: side, t: 60, b: 60 };
    figure.layout.height = Math.round(Math.min(560, Math.max(340, width * 0.7)));
    figure.data.forEach(function (trace) {
      if (trace.theta) trace.theta = trace.theta.map(function (t) { return wrap(t, width < 600 ? 14 : 18); });
    });
  }

  // Upright bars turn on their side on a narrow screen, where their labels would overlap.
  function turn(figure) {
    var layout = figure.layout;
    figure.data.forEach(function (trace) {
      if (trace.type !== "bar" || trace.orientation === "h") return;
      var x = trace.x || [], y = trace.y || [];
      trace.orientation = "h"; trace.x = y; trace.y = x;
      if (trace.hovertemplate) trace.hovertemplate = "%{y}: %{x}<extra></extra>";
    });
    var xaxis = layout.xaxis || {}, yaxis = layout.yaxis || {};
    layout.xaxis = yaxis; layout.yaxis = Object.assign({}, xaxis, { autorange: "reversed" });
    layout.height = Math.max(layout.height || 0, 80 + 40 * ((figure.data[0] || {}).y || []).length);
  }

  function fitBars(figure, width) {
    var layout = figure.layout;
    var upright = figure.data.some(function (t) { return t.type === "bar" && t.orientation !== "h"; });
    if (upright && width < 500) turn(figure);
    var chars = Math.max(14, Math.min(40, Math.floor(width / 24)));
    if (width < 500) layout.font = Object.assign({}, layout.font, { size: 11 }); // more room for the bars
    var rows = 0, lines = 1;
    figure.data.forEach(function (trace) {
      if (trace.type !== "bar") return;
      if (trace.orientation === "h" && trace.y) {
        trace.y = trace.y.map(function (t) { return wrap(t, chars); });
        rows = Math.max(rows, trace.y.length);
        lines = Math.max(lines, lineCount(trace.y));
      } else if (trace.x) {
        var each = Math.max(6, Math.floor(width / Math.max(1, trace.x.length) / 8));
        trace.x = trace.x.map(function (t) { return wrap(t, each); });
      }
      if (trace.textposition === "outside") {
        trace.cliponaxis = false;
        if (trace.orientation === "h" && width < 500) trace.texttemplate = "%{x}"; // the table has the rest
        var room = trace.orientation === "h" ? (width < 500 ? 30 : 90) : 20;
        layout.margin = Object.assign({}, layout.margin, { r: Math.max((layout.margin || {}).r || 0, room) });
      }
    });
    if (rows && layout.height) {
      var bars = figure.data.length;
      var per = Math.max(bars > 1 ? 12 * bars + 12 : 34, 15 * lines + 12);
      layout.height = Math.max(layout.height, Math.round((bars > 1 ? 140 : 70) + rows * per));
    }
    if (!rows && layout.xaxis !== undefined) layout.xaxis.tickangle = 0;
    if (!rows && !layout.xaxis) layout.xaxis = { tickangle: 0 };
    if (layout.xaxis) layout.xaxis.automargin = true;
    if (layout.yaxis) layout.yaxis.automargin = true;
  }

  // A copy of the figure fitted to `width` px.
  function fit(figure, width) {
    var copy = JSON.parse(JSON.stringify(figure));
    copy.layout = copy.layout || {};
    delete copy.layout.width;
    copy.layout.autosize = true;
    if (copy.layout.polar) fitRadar(copy, width); else fitBars(copy, width);
    return copy;
  }

  function isRadar(figure) { return !!(figure.layout && figure.layout.polar); }

  // Draws `figure` into `el`; a radar on a narrow screen is hidden, with its figure and caption,
  // when the page also has the same data as bars (data-narrow="hide").
  function plot(el, figure) {
    if (!window.Plotly || !figure) return;
    var holder = el.closest("figure") || el;
    var width = (holder.parentNode || holder).clientWidth || el.clientWidth;
    if (isRadar(figure) && el.getAttribute("data-narrow") === "hide") {
      holder.hidden = width < NARROW_RADAR;
      if (holder.hidden) return remember(el, figure);
    }
    var fitted = fit(figure, el.clientWidth || width);
    window.Plotly.react(el, fitted.data, fitted.layout, config());
    remember(el, figure);
  }

  function remember(el, figure) {
    for (var i = 0; i < drawn.length; i++) if (drawn[i].el === el) { drawn[i].figure = figure; return; }
    drawn.push({ el: el, figure: figure });
  }

  function draw() {
    document.querySelectorAll("[data-figure]").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-figure"));
      if (source && source.type === "application/json") plot(el, JSON.parse(source.textContent));
    });
  }

  var pending = null, lastWidth = window.innerWidth;
  window.addEventListener("resize", function () {
    if (window.innerWidth === lastWidth) return; // height changes (phone toolbars) need no redraw
    lastWidth = window.innerWidth;
    clearTimeout(pending);
    pending = setTimeout(function () { drawn.forEach(function (d) { plot(d.el, d.figure); }); }, 200);
  });

  window.readinessCharts = { draw: draw, plot: plot, config: config, wrap: wrap };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw); else draw();
})();
