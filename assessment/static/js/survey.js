// Shows and hides questions whose show-condition depends on an answer on the same page.
// The server applies the same conditions when the page is saved; without JavaScript every
// question stays visible with a note, and answers to questions that do not apply are ignored.
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) return;
  var knownEl = document.getElementById("known-answers");
  var known = knownEl ? JSON.parse(knownEl.textContent || "{}") : {};

  function answerOf(id) {
    var inputs = form.querySelectorAll('[name="' + CSS.escape(id) + '"]');
    if (!inputs.length) return known.hasOwnProperty(id) ? known[id] : null;
    var first = inputs[0];
    if (first.type === "checkbox") {
      var chosen = [];
      inputs.forEach(function (i) { if (i.checked) chosen.push(i.value); });
      return chosen.length ? chosen : null;
    }
    if (first.type === "radio") {
      var picked = null;
      inputs.forEach(function (i) { if (i.checked) picked = i.value; });
      if (picked === null) return null;
      var target = answerOf(id + "__target");
      return /^[1-5]$/.test(picked) && form.querySelector('[name="' + CSS.escape(id) + '__target"]')
        ? { current: Number(picked), target: target === null ? null : Number(target) } : picked;
    }
    var value = first.value.trim();
    return value === "" ? null : value;
  }

  function measure(answer, part) {
    if (answer !== null && typeof answer === "object" && !Array.isArray(answer)) {
      return part === "target" ? answer.target : answer.current;
    }
    return answer;
  }

  function holds(cond) {
    if (cond.all) return cond.all.every(holds);
    if (cond.any) return cond.any.some(holds);
    if (cond.not) return !holds(cond.not);
    var answer = answerOf(cond.question);
    if ("answered" in cond) return (answer !== null) === cond.answered;
    if (answer === null) return false;
    var value = measure(answer, cond.part);
    if (value === null || value === undefined) return false;
    if ("equals" in cond) {
      return Array.isArray(value) ? value.indexOf(String(cond.equals)) >= 0 : String(value) === String(cond.equals);
    }
    if ("one_of" in cond) {
      var options = cond.one_of.map(String);
      if (Array.isArray(value)) return value.some(function (v) { return options.indexOf(v) >= 0; });
      return options.indexOf(String(value)) >= 0;
    }
    var amount = Array.isArray(value) ? value.length : Number(value);
    return "at_least" in cond ? amount >= cond.at_least : amount <= cond.at_most;
  }

  function refresh() {
    form.querySelectorAll("[data-show-if]").forEach(function (el) {
      var shown = holds(JSON.parse(el.getAttribute("data-show-if")));
      el.hidden = !shown;
      var note = el.querySelector(".conditional-note");
      if (note) note.hidden = true;
    });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  refresh();
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
