"""Numbers on pages in the reader's format: decimal comma and a real minus in German."""

import pytest
from flask import render_template_string

TEMPLATE = (
    "{{ 16.5|signed_number }} {{ -3|signed_number }} {{ 2|number('#,##0.0') }} {{ 1234.5|number }} {{ none|number }}"
)


@pytest.mark.parametrize(("locale", "expected"), [("en", "+16.5 −3 2.0 1,234.5 –"), ("de", "+16,5 −3 2,0 1.234,5 –")])
def test_numbers_follow_the_page_language(app, locale, expected):
    with app.test_request_context("/", headers={"Cookie": f"locale={locale}"}):
        assert render_template_string(TEMPLATE) == expected
