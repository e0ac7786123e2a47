// Every page: when a form came back with errors, focus moves to the summary at the top, which
// lists each problem with a link to its field (the title already starts with "Error:").
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary && (document.activeElement === document.body || document.activeElement === null)) summary.focus();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummary); else focusSummary();
})();
