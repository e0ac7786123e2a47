"""The system Chromium for Playwright, and axe-core for accessibility checks."""

from __future__ import annotations

from tests.support.paths import ROOT

CHROMIUM = "/usr/bin/chromium"
AXE = next(iter(sorted((ROOT / ".cache").glob("axe-core-*/axe.min.js"))), None)
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-gpu",
]


def axe_violations(browser, url: str, storage_state=None) -> list[str]:
    """Serious and critical axe-core violations on the page at `url` (axe from the npm registry)."""
    assert AXE is not None, "axe-core missing: run scripts/setup --test"
    # bypass_csp lets the test inject axe; storage_state carries a signed-in session
    context = browser.new_context(viewport=PHONE, bypass_csp=True, storage_state=storage_state)
    try:
        page = context.new_page()
        page.goto(url)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    finally:
        context.close()
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


# What an author does with a whole file: select all and paste. (Playwright's fill types into the
# editor's contenteditable through the DOM, which takes Chromium about a minute for the 1,200-line pulse.)
PASTE = """(element, text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def paste_over(content, text: str) -> None:
    """Replace the whole text of the questionnaire editor `content` (CodeMirror, or the plain text area
    where the editor's bundle is not built) with `text`, as an author's paste does."""
    if content.evaluate("element => element.tagName") == "TEXTAREA":
        content.fill(text)
        return
    content.press("ControlOrMeta+a")
    content.evaluate(PASTE, text)
