// The facilitator's dashboard: draws the group result from JSON and refreshes it every few
// seconds without reloading the page, touching the page only when the figures changed (so the
// live region announces only news). Text is always set with textContent, never as HTML.
(function () {
  "use strict";
  var live = document.getElementById("live");
  if (!live) return;
  var labels = JSON.parse(live.getAttribute("data-labels"));
  var url = document.querySelector('meta[name="dashboard-url"]').content;
  var LANG = document.documentElement.lang || "en";
  var CONTENT_LANG = live.getAttribute("data-content-lang") || LANG; // the questionnaire's texts
  var INTERVAL = 5000;
  var number = new Intl.NumberFormat(LANG, { maximumFractionDigits: 2 });
  var percent = new Intl.NumberFormat(LANG, { style: "percent", maximumFractionDigits: 0 });
  var time = new Intl.DateTimeFormat(LANG, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  var last = null, paused = false, timer = null;

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  // Questionnaire text (titles, questions, role names): marked with its language where the page's differs.
  function content(tag, text, cls) {
    var node = el(tag, text, cls);
    if (CONTENT_LANG !== LANG) node.lang = CONTENT_LANG;
    return node;
  }
  function num(value) { return value === null || value === undefined ? "–" : number.format(value); }
  function fill(id, items, make) {
    var list = document.getElementById(id);
    if (list) list.replaceChildren.apply(list, items.map(make));
  }
  function setText(id, text) {
    var node = document.getElementById(id);
    if (node && node.textContent !== text) node.textContent = text;
  }
  function groups(g) {
    return g.map(function (x) { return x.label + " " + num(x.mean); }).join(" · ");
  }
  function plot(id, figure) {
    var target = document.querySelector('[data-figure="' + id + '"]');
    if (target && window.readinessCharts && figure) window.readinessCharts.plot(target, figure);
  }
  // A chart's data as a table, for people and tools that cannot read the chart.
  function table(id, head, rows) {
    var holder = document.getElementById(id);
    if (!holder) return;
    var t = el("table"), thead = el("thead"), tr = el("tr"), body = el("tbody");
    head.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    thead.appendChild(tr);
    rows.forEach(function (row) {
      var r = el("tr");
      row.forEach(function (cell, i) {
        var c = el(i === 0 ? "th" : "td", cell);
        if (i === 0) c.scope = "row";
        r.appendChild(c);
      });
      body.appendChild(r);
    });
    t.appendChild(thead); t.appendChild(body);
    holder.replaceChildren(t);
  }

  function renderCharts(data) {
    var dims = data.charts.dimensions;
    var titles = data.dimensions.map(function (d) { return d.title; }).reverse();
    dims.data.forEach(function (trace) { trace.y = titles; });
    plot("chart-maturity", data.charts.maturity);
    plot("chart-dimensions", dims);
    table("table-maturity", [labels.level, labels.responses],
      data.maturity.map(function (m) { return [m.level + " · " + m.name, num(m.count)]; }));
    var keys = [];
    data.dimensions.forEach(function (d) {
      d.groups.forEach(function (g) { if (keys.indexOf(g.label) < 0) keys.push(g.label); });
    });
    table("table-dimensions", [labels.dimension, labels.everyone].concat(keys), data.dimensions.map(function (d) {
      return [d.title, num(d.mean)].concat(keys.map(function (k) {
        var g = d.groups.filter(function (x) { return x.label === k; })[0];
        return g ? num(g.mean) : "–";
      }));
    }));
  }

  function render(data) {
    setText("respondents", num(data.workshop.respondents));
    fill("roles", data.roles, function (r) { return content("li", r.label + ": " + num(r.count)); });
    var suppressed = document.getElementById("suppressed");
    var aggregates = document.getElementById("aggregates");
    suppressed.hidden = !data.workshop.suppressed;
    aggregates.hidden = !!data.workshop.suppressed;
    if (data.workshop.suppressed) { suppressed.textContent = data.message; return; }
    var i = data.index_display;
    setText("index-line", labels.index + " " + i.mean + " (" + i.min + "–" + i.max + ")");
    var g = data.group_result;
    setText("group-result", labels.group + " " + g.readiness_index_display + "/" + g.scale_max + " · " +
      labels.level + " " + g.maturity_level + " " + g.maturity_name + (g.band_label ? " · " + labels.risk + " " + g.band_label : ""));
    var heldBack = document.getElementById("role-gaps-held");
    if (heldBack) heldBack.hidden = data.role_gaps.length > 0;
    fill("role-gaps", data.role_gaps, function (gap) {
      var li = el("li");
      li.appendChild(content("strong", gap.title));
      li.appendChild(el("span", " · " + labels.gap + " " + num(gap.gap)));
      li.appendChild(content("div", groups(gap.groups), "distribution"));
      return li;
    });
    fill("disagreements", data.disagreements, function (q) {
      var li = el("li");
      li.appendChild(content("strong", q.text));
      li.appendChild(el("div", labels.consensus + " " + num(q.consensus) + " · " + labels.spread + " " + num(q.spread), "distribution"));
      li.appendChild(content("div", q.distribution.filter(function (d) { return d.count; })
        .map(function (d) { return d.label + ": " + num(d.count); }).join(" · "), "distribution"));
      if (q.agreed) {
        var agreed = el("div", labels.agreed + " ");
        agreed.appendChild(content("span", q.agreed));
        li.appendChild(agreed);
      }
      return li;
    });
    fill("risks", data.risks, function (r) {
      var li = el("li", r.severity_label + " · ");
      li.appendChild(content("span", r.title));
      li.appendChild(document.createTextNode(": " + percent.format(r.percent / 100) + " " + labels.of));
      return li;
    });
    renderCharts(data);
  }

  function show(data) {
    var text = JSON.stringify(data);
    setText("updated", labels.updated + " " + time.format(new Date()));
    if (text === last) return; // nothing new: leave the page (and its live region) alone
    last = text;
    render(data);
  }

  function schedule() { clearTimeout(timer); if (!paused) timer = setTimeout(refresh, INTERVAL); }

  function refresh() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) show(data); })
      .catch(function () { /* keep showing the last figures; try again next time */ })
      .finally(schedule);
  }

  function pauseButton() {
    var button = document.getElementById("pause");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      paused = !paused;
      button.setAttribute("aria-pressed", paused ? "true" : "false");
      button.textContent = paused ? labels.resume : labels.pause;
      if (paused) clearTimeout(timer); else refresh();
    });
  }

  function start() {
    show(JSON.parse(document.getElementById("dashboard-data").textContent));
    pauseButton();
    schedule();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
