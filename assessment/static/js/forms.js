// Every page: when a form came back with errors, focus moves to the summary at the top, which
// lists each problem with a link to its field (the title already starts with "Error:").
// A field that a richer editor replaced (the questionnaire editor hides its text area and puts
// itself right before it) is reached through that editor.
(function () {
  "use strict";
  function focusSummary() {
    var summary = document.getElementById("error-summary");
    if (summary && (document.activeElement === document.body || document.activeElement === null)) summary.focus();
  }
  function followToStandIn(event) {
    var link = event.target.closest ? event.target.closest("#error-summary a[href^='#']") : null;
    var field = link ? document.getElementById(link.hash.slice(1)) : null;
    if (!field || !field.hidden || !field.previousElementSibling) return;
    var standIn = field.previousElementSibling.querySelector("[contenteditable='true']");
    if (!standIn) return;
    event.preventDefault();
    standIn.focus();
    standIn.scrollIntoView({block: "center"});
  }
  document.addEventListener("click", followToStandIn);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", focusSummary); else focusSummary();
})();
