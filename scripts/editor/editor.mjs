// The questionnaire editor: CodeMirror 6 over the draft's text area, with line numbers, YAML
// highlighting and the server's problems shown at their lines as the author types. Built by
// scripts/setup (esbuild) into assessment/static/vendor/editor/editor.js. The page works without
// it: the text area stays, and saving checks the file on the server, which stays the authority.
import {EditorState} from "@codemirror/state";
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection,
} from "@codemirror/view";
import {defaultKeymap, history, historyKeymap} from "@codemirror/commands";
import {syntaxHighlighting, defaultHighlightStyle, indentOnInput, bracketMatching} from "@codemirror/language";
import {yaml} from "@codemirror/lang-yaml";
import {linter, lintGutter, lintKeymap} from "@codemirror/lint";
import {searchKeymap, highlightSelectionMatches} from "@codemirror/search";

const CHECK_DELAY = 700; // ms after the last keystroke

function format(template, n) {
  return template.replace("%(n)d", String(n));
}

// The server's problems for the text as it is now, as CodeMirror diagnostics at their lines.
function serverCheck(options, status) {
  let sequence = 0;
  return async (view) => {
    const mine = ++sequence;
    status.textContent = options.labels.checking;
    let data;
    try {
      const response = await fetch(options.checkUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": options.csrf},
        body: JSON.stringify({source: view.state.doc.toString()}),
      });
      if (!response.ok) throw new Error(String(response.status));
      data = await response.json();
    } catch (error) {
      if (mine === sequence) status.textContent = options.labels.unavailable;
      return [];
    }
    if (mine !== sequence) return [];
    const problems = data.problems || [];
    status.classList.toggle("has-problems", problems.length > 0);
    status.textContent = problems.length ? format(problems.length === 1 ? options.labels.one : options.labels.many, problems.length) : options.labels.none;
    const doc = view.state.doc;
    return problems.map((problem) => {
      const number = Math.min(Math.max(problem.line || 1, 1), doc.lines);
      const line = doc.line(number);
      return {from: line.from, to: Math.max(line.to, line.from), severity: "error", message: problem.message};
    });
  };
}

function attach(textarea) {
  const options = JSON.parse(textarea.dataset.codeEditor);
  const status = document.getElementById(options.statusId);
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  // the label, help and error message now describe the editor, not the hidden text area
  const describedBy = [textarea.getAttribute("aria-describedby"), options.statusId].filter(Boolean).join(" ");
  if (label) {
    label.id = label.id || `${textarea.id}-label`;
    label.removeAttribute("for");
  }
  const host = document.createElement("div");
  host.className = "code-editor";
  textarea.parentNode.insertBefore(host, textarea);
  textarea.hidden = true;
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        lineNumbers(), highlightActiveLineGutter(), history(), drawSelection(), indentOnInput(),
        bracketMatching(), highlightActiveLine(), highlightSelectionMatches(),
        syntaxHighlighting(defaultHighlightStyle, {fallback: true}), yaml(),
        lintGutter(), linter(serverCheck(options, status), {delay: CHECK_DELAY}),
        keymap.of([...defaultKeymap, ...historyKeymap, ...searchKeymap, ...lintKeymap]),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({
          ...(label ? {"aria-labelledby": label.id} : {"aria-label": "YAML"}),
          "aria-describedby": describedBy,
          ...(textarea.getAttribute("aria-invalid") ? {"aria-invalid": "true"} : {}),
          "aria-multiline": "true",
          tabindex: "0", // already in the tab order as contenteditable; said so for checkers of scroll regions
          spellcheck: "false",
          autocapitalize: "off",
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) textarea.value = update.state.doc.toString();
        }),
      ],
    }),
  });
  if (label) label.addEventListener("click", () => view.focus());
  return view;
}

function attachAll() {
  document.querySelectorAll("textarea[data-code-editor]").forEach(attach);
}

window.ReadinessEditor = {attach};
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", attachAll);
else attachAll();
