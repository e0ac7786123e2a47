// The condition language's evaluator for the browser. It reads the compiled form the server
// writes (scoring.conditions.condition_data: all / any / not, and leaves with question, op,
// value and part) and answers in the form the server stores them (scoring.answers.to_jsonable:
// a choice id, a list of choice ids, {current, target} for a scale, a number or a text).
// tests/web/test_conditions_js.py holds it to the Python evaluator, answer for answer.
var conditionHolds = (function () {
  "use strict";

  // Python's ==: true equals 1, 1 equals 1.0, "1" does not equal 1.
  function same(a, b) {
    if (typeof a === "boolean") a = Number(a);
    if (typeof b === "boolean") b = Number(b);
    return a === b;
  }

  function contains(list, value) {
    return list.some(function (item) { return same(item, value); });
  }

  // The value compared: the answer, a scale's current or target point, or a selection.
  function measure(answer, part) {
    if (answer !== null && typeof answer === "object" && !Array.isArray(answer)) {
      answer = part === "target" ? answer.target : answer.current;
    }
    return answer === undefined ? null : answer;
  }

  function leaf(cond, answers) {
    var answer = Object.prototype.hasOwnProperty.call(answers, cond.question) ? answers[cond.question] : null;
    if (cond.op === "answered") return (answer !== null && answer !== undefined) === cond.value;
    var value = measure(answer, cond.part);
    if (value === null) return false;
    var selection = Array.isArray(value);
    if (cond.op === "equals") return selection ? contains(value, cond.value) : same(value, cond.value);
    if (cond.op === "one_of") {
      return selection ? value.some(function (v) { return contains(cond.value, v); }) : contains(cond.value, value);
    }
    var amount = selection ? value.length : value;
    if (typeof amount !== "number") return false;
    return cond.op === "at_least" ? amount >= cond.value : amount <= cond.value;
  }

  function holds(cond, answers) {
    if (cond.all) return cond.all.every(function (c) { return holds(c, answers); });
    if (cond.any) return cond.any.some(function (c) { return holds(c, answers); });
    if (cond.not) return !holds(cond.not, answers);
    return leaf(cond, answers);
  }

  return holds;
})();

if (typeof module === "object" && module.exports) module.exports = conditionHolds;
