// Shows and hides questions whose show-condition depends on an answer on the same page.
// The server applies the same conditions when the page is saved; without JavaScript every
// question stays visible with a note, and answers to questions that do not apply are ignored.
// Conditions are evaluated by conditionHolds (conditions.js) on the answers as the server reads
// them: earlier pages' answers from #known-answers, this page's from its inputs, in page order,
// an answer to a hidden question counting as no answer (as scoring's Questionnaire.visible does).
(function () {
  "use strict";
  var form = document.querySelector("form.survey-form");
  if (!form) return;
  var knownEl = document.getElementById("known-answers");
  var known = knownEl ? JSON.parse(knownEl.textContent || "{}") : {};

  function inputsNamed(name) {
    return form.querySelectorAll('[name="' + CSS.escape(name) + '"]');
  }

  function checkedValue(inputs) {
    var picked = null;
    inputs.forEach(function (i) { if (i.checked) picked = i.value; });
    return picked;
  }

  // One question's answer in its stored form (scoring.answers.to_jsonable), or null.
  function answerOf(id, type) {
    var inputs = inputsNamed(id);
    if (type === "multiple") {
      var chosen = [];
      inputs.forEach(function (i) { if (i.checked) chosen.push(i.value); });
      return chosen.length ? chosen : null;
    }
    if (type === "scale") {
      var current = checkedValue(inputs);
      if (current === null) return null;
      var target = checkedValue(inputsNamed(id + "__target"));
      return target === null ? { current: Number(current) } : { current: Number(current), target: Number(target) };
    }
    if (inputs.length && inputs[0].type === "radio") return checkedValue(inputs);
    var text = inputs.length ? inputs[0].value.trim() : "";
    if (text === "") return null;
    if (type === "number") {
      var number = Number(text.replace(/,/g, "."));
      return isFinite(number) ? number : text;  // the server refuses what is not a number
    }
    return text;
  }

  function refresh() {
    var answers = Object.assign({}, known);
    form.querySelectorAll(".question[data-question]").forEach(function (el) {
      var condition = el.getAttribute("data-show-if");
      var shown = condition === null || conditionHolds(JSON.parse(condition), answers);
      if (condition !== null) {
        el.hidden = !shown;
        var note = el.querySelector(".conditional-note");
        if (note) note.hidden = true;
      }
      var id = el.getAttribute("data-question");
      var answer = shown ? answerOf(id, el.getAttribute("data-type")) : null;
      if (answer !== null) answers[id] = answer;
    });
  }

  form.addEventListener("change", refresh);
  form.addEventListener("input", refresh);
  refresh();
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
