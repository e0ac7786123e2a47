"""Finding 2 of issue 18: every `next` goes through one helper that keeps redirects on this site."""

from urllib.parse import urlsplit

import pytest

from assessment.web_support import safe_next
from tests.support.accounts import sign_in

HOSTILE = [
    "/%09/example.com",  # the tab is dropped by URL parsers: "//example.com"
    "/%0a/example.com",
    "/%0d/example.com",
    "/%5C/example.com",  # a backslash: browsers read "/\\example.com" as "//example.com"
    "/%5Cexample.com",
    "//example.com",
    "///example.com",
    "https://example.com/",
    "javascript:alert(1)",
    "%2F%2Fexample.com",
    "/%00/example.com",
    "/%E2%80%A8/example.com",  # a line separator
]


def _stays_here(location: str) -> bool:
    parts = urlsplit(location)
    return not parts.scheme and not parts.netloc and location.startswith("/") and not location.startswith("//")


@pytest.mark.parametrize("target", HOSTILE)
def test_language_switch_never_redirects_to_another_site(client, target):
    response = client.get(f"/language?to=de&next={target}")
    assert response.status_code == 302
    assert _stays_here(response.headers["Location"]), response.headers["Location"]


@pytest.mark.parametrize("target", ["/%09/example.com", "/%0a/example.com", "/%5C/example.com"])
def test_sign_in_never_redirects_to_another_site(client, consultant, target):
    response = client.post(f"/login?next={target}", {"email": "anna@example.org", "password": "correct horse battery"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/workshops"


def test_a_plain_next_on_this_site_is_followed(client, consultant):
    assert sign_in_to(client, "/account/tokens?x=1").headers["Location"] == "/account/tokens?x=1"
    assert client.get("/language?to=de&next=/join").headers["Location"] == "/join"


def sign_in_to(client, target):
    return client.post(f"/login?next={target}", {"email": "anna@example.org", "password": "correct horse battery"})


def test_a_signed_in_user_is_sent_on_after_sign_in(client, consultant):
    assert sign_in(client).headers["Location"] == "/workshops"


@pytest.mark.parametrize(
    "target",
    ["/\t/example.com", "/\n/x", "/\r/x", "/\\example.com", "//x", "http://x/", "x", "", None, "/" + "a" * 3000],
)
def test_safe_next_refuses(target):
    assert safe_next(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/", "/r/abc/page/1", "/workshops?x=1#top", "/%C3%BC"])
def test_safe_next_keeps_paths_on_this_site(target):
    assert safe_next(target, "/home") == target
