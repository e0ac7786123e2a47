// Presenter mode: one question at a time with its distribution chart and a plain-language
// consensus label; arrows or the buttons move between questions (the address keeps the place,
// so saving an agreed answer comes back to it). Live updates touch the page only when the
// figures changed, and can be paused. Text is set with textContent, never as HTML.
(function () {
  "use strict";
  var root = document.getElementById("presenter");
  if (!root) return;
  var labels = JSON.parse(root.getAttribute("data-labels"));
  var url = document.querySelector('meta[name="dashboard-url"]').content;
  var LANG = document.documentElement.lang || "en";
  var CONTENT_LANG = root.getAttribute("data-content-lang") || LANG;
  var INTERVAL = 5000;
  var number = new Intl.NumberFormat(LANG, { maximumFractionDigits: 2 });
  var slides = Array.prototype.slice.call(root.querySelectorAll(".slide"));
  var current = 0, data = null, last = null, paused = false, timer = null;

  function setText(node, text) { if (node && node.textContent !== text) node.textContent = text; }
  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // Tastle-Wierman consensus, 0 (two opposite camps) to 1 (one answer), in words.
  function consensusWords(value) {
    if (value === null || value === undefined) return "";
    if (value >= 0.8) return labels.agrees;
    if (value >= 0.6) return labels.mostly;
    if (value >= 0.4) return labels.differs;
    return labels.split;
  }

  function table(holder, rows) {
    var t = document.createElement("table"), body = document.createElement("tbody");
    rows.forEach(function (row) {
      var tr = document.createElement("tr"), th = document.createElement("th"), td = document.createElement("td");
      th.scope = "row"; th.textContent = row.label; td.textContent = number.format(row.count);
      if (CONTENT_LANG !== LANG) th.lang = CONTENT_LANG;
      tr.appendChild(th); tr.appendChild(td); body.appendChild(tr);
    });
    t.appendChild(body);
    holder.replaceChildren(t);
  }

  function question(id) {
    return (data.questions || []).filter(function (q) { return q.id === id; })[0];
  }

  function drawSlide(slide) {
    var id = slide.getAttribute("data-question");
    var stat = data && !data.workshop.suppressed ? question(id) : null;
    var consensus = slide.querySelector("[data-consensus]");
    var chart = slide.querySelector("[data-question-chart]");
    chart.closest("figure").hidden = !stat;
    slide.querySelector("details").hidden = !stat;
    var explain = slide.querySelector("[data-explain]");
    if (!stat) {
      setText(consensus, data && data.workshop.suppressed ? "" : labels.none);
      setText(explain, "");
      return;
    }
    var words = consensusWords(stat.consensus);
    setText(consensus, words || labels.none);
    setText(explain, words ? fill(labels.explain, { value: number.format(stat.consensus) }) : "");
    setText(slide.querySelector("[data-count]"), fill(labels.answers, { n: number.format(stat.n) }));
    var figure = data.question_charts && data.question_charts[id];
    if (figure && window.readinessCharts) window.readinessCharts.plot(chart, figure);
    table(slide.querySelector("[data-table]"), stat.distribution);
  }

  function show(index, focus) {
    current = Math.max(0, Math.min(slides.length - 1, index));
    slides.forEach(function (slide, i) { slide.hidden = i !== current; });
    var slide = slides[current];
    if (!slide) return;
    setText(document.getElementById("position"), fill(labels.position, { i: current + 1, n: slides.length }));
    document.getElementById("previous").disabled = current === 0;
    document.getElementById("next").disabled = current === slides.length - 1;
    if (history.replaceState) history.replaceState(null, "", "#" + slide.id);
    drawSlide(slide);
    if (focus) slide.querySelector("h2").focus();
  }

  function render(fresh) {
    data = fresh;
    setText(document.getElementById("respondents"), number.format(data.workshop.respondents));
    document.getElementById("held-back").hidden = !data.workshop.suppressed;
    setText(document.getElementById("held-back-text"), data.message || "");
    if (slides[current]) drawSlide(slides[current]);
  }

  function receive(fresh) {
    var text = JSON.stringify(fresh);
    if (text === last) return; // nothing new: leave the page (and its live regions) alone
    last = text;
    render(fresh);
  }

  function schedule() { clearTimeout(timer); if (!paused) timer = setTimeout(refresh, INTERVAL); }
  function refresh() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (fresh) { if (fresh) receive(fresh); })
      .catch(function () { /* keep the last figures; try again next time */ })
      .finally(schedule);
  }

  function controls() {
    var pause = document.getElementById("pause"), full = document.getElementById("fullscreen");
    pause.hidden = false;
    pause.addEventListener("click", function () {
      paused = !paused;
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      pause.textContent = paused ? labels.resume : labels.pause;
      if (paused) clearTimeout(timer); else refresh();
    });
    if (document.documentElement.requestFullscreen) {
      full.hidden = false;
      full.addEventListener("click", function () {
        if (document.fullscreenElement) document.exitFullscreen(); else document.documentElement.requestFullscreen();
      });
    }
    root.querySelector(".slide-nav").hidden = false;
    document.getElementById("previous").addEventListener("click", function () { show(current - 1, true); });
    document.getElementById("next").addEventListener("click", function () { show(current + 1, true); });
    document.addEventListener("keydown", function (event) {
      if (event.target.closest && event.target.closest("form, input, textarea, select")) return;
      if (event.key === "ArrowRight" || event.key === "PageDown") { show(current + 1, true); event.preventDefault(); }
      if (event.key === "ArrowLeft" || event.key === "PageUp") { show(current - 1, true); event.preventDefault(); }
    });
    slides.forEach(function (slide) { slide.querySelector("h2").tabIndex = -1; });
  }

  function start() {
    controls();
    var fresh = JSON.parse(document.getElementById("dashboard-data").textContent);
    last = JSON.stringify(fresh);
    data = fresh;
    render(fresh);
    var wanted = slides.map(function (s) { return "#" + s.id; }).indexOf(location.hash);
    show(wanted < 0 ? 0 : wanted, false);
    schedule();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
