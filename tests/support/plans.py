"""An action plan item's edit form, read from the plan page as a browser would send it back."""

from __future__ import annotations

import html
from html.parser import HTMLParser


class FormValues(HTMLParser):
    """The values a browser would send back for the first form in some HTML."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._textarea, self.done = {}, None, None, False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if self.done:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return  # a browser sends a checkbox only when it is ticked
            self.values[a["name"]] = a.get("value", "")
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a["value"]
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.values[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.done = True


def item_form(plan_html, item_id):
    """The edit form of one item with its current values, as a browser would send them back."""
    parser = FormValues()
    parser.feed(plan_html.split(f'id="item-{item_id}"')[1])
    values = parser.values
    values[f"item-{item_id}-success_measure"] = html.unescape(values.get(f"item-{item_id}-success_measure", "")).strip()
    return values
