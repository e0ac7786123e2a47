// The facilitator's dashboard: draws the group result from JSON and refreshes it every few
// seconds without reloading the page. Text is always set with textContent, never as HTML.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  var labels = JSON.parse(live.getAttribute("data-labels"));
  var url = document.querySelector('meta[name="dashboard-url"]').content;
  var INTERVAL = 5000;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function fill(id, items, make) {
    var list = document.getElementById(id);
    list.replaceChildren.apply(list, items.map(make));
  }
  function groups(g) {
    return g.map(function (x) { return x.label + " " + (x.mean === null ? "–" : x.mean); }).join(" · ");
  }
  function plot(id, figure) {
    var target = document.querySelector('[data-figure="' + id + '"]');
    if (target && window.Plotly && figure) {
      window.Plotly.react(target, figure.data, figure.layout, { displaylogo: false, responsive: true });
    }
  }

  function render(data) {
    document.getElementById("respondents").textContent = data.workshop.respondents;
    fill("roles", data.roles, function (r) { return el("li", r.label + ": " + r.count); });
    var suppressed = document.getElementById("suppressed");
    var aggregates = document.getElementById("aggregates");
    suppressed.hidden = !data.workshop.suppressed;
    aggregates.hidden = !!data.workshop.suppressed;
    document.getElementById("updated").textContent = labels.updated + " " + new Date().toLocaleTimeString();
    if (data.workshop.suppressed) { suppressed.textContent = data.message; return; }
    var i = data.index_display;
    document.getElementById("index-line").textContent =
      labels.index + " " + i.mean + " (" + i.min + "–" + i.max + ")";
    var g = data.group_result;
    document.getElementById("group-result").textContent = labels.group + " " +
      g.readiness_index_display + "/" + g.scale_max + " · " + labels.level + " " + g.maturity_level + " " +
      g.maturity_name + (g.band_label ? " · " + labels.risk + " " + g.band_label : "");
    fill("role-gaps", data.role_gaps, function (gap) {
      var li = el("li");
      li.appendChild(el("strong", gap.title));
      li.appendChild(el("span", " · " + labels.gap + " " + gap.gap));
      li.appendChild(el("div", groups(gap.groups), "distribution"));
      return li;
    });
    fill("disagreements", data.disagreements, function (q) {
      var li = el("li");
      li.appendChild(el("strong", q.text));
      li.appendChild(el("div", labels.consensus + " " + q.consensus + " · " + labels.spread + " " + q.spread, "distribution"));
      li.appendChild(el("div", q.distribution.filter(function (d) { return d.count; })
        .map(function (d) { return d.label + ": " + d.count; }).join(" · "), "distribution"));
      if (q.agreed) li.appendChild(el("div", labels.agreed + " " + q.agreed));
      return li;
    });
    fill("risks", data.risks, function (r) { return el("li", r.severity_label + " · " + r.title + ": " + r.percent + "% " + labels.of); });
    plot("chart-maturity", data.charts.maturity);
    plot("chart-dimensions", data.charts.dimensions);
  }

  function refresh() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) render(data); })
      .catch(function () { /* keep showing the last figures; try again next time */ })
      .finally(function () { setTimeout(refresh, INTERVAL); });
  }

  function start() {
    render(JSON.parse(document.getElementById("dashboard-data").textContent));
    setTimeout(refresh, INTERVAL);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
