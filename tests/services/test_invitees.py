"""Reading a campaign's list of people, and bounce reports: no app needed."""

from __future__ import annotations

import email
from email.policy import compat32

import pytest

from assessment.services.bounces import address_lines, bounces_in_message
from assessment.services.invitees import Invitee, normalise_address, parse_invitees

LOCALES = ("en", "de")


def test_positional_lines_and_lines_that_start_with_the_address():
    people, problems = parse_invitees("Ada,ADA@Example.org,Finance,manager,de\nbob@example.org\n", LOCALES, "en")
    assert problems == []
    assert people == [
        Invitee("Ada", "ada@example.org", "Finance", "manager", "de"),
        Invitee("", "bob@example.org", "", "", "en"),
    ]


def test_a_header_in_any_order_with_german_names_and_semicolons():
    text = "Sprache;E-Mail;Name;Abteilung\nde;gerd@example.org;Gerd Groß;Einkauf\n"
    people, problems = parse_invitees(text.encode("cp1252"), LOCALES, "en")
    assert problems == [] and people == [Invitee("Gerd Groß", "gerd@example.org", "Einkauf", "", "de")]


@pytest.mark.parametrize(
    "address",
    [
        "a@b",
        "a b@example.org",
        "<a@example.org>",
        "a@example.org\r\nBcc: x@example.org",
        '"quoted"@example.org',
        "a..b@example.org",
        "a@-example.org",
        "a@example.org,b@example.org",
        "x" * 250 + "@example.org",
    ],
)
def test_addresses_we_would_not_write_into_a_header_are_refused(address):
    assert normalise_address(address) is None


def test_every_problem_is_reported_with_its_line_and_nobody_is_half_added():
    text = "name,email,language\nA,a@example.org,en\nB,not-an-address,en\nC,c@example.org,fr\nD,A@example.org,en\n"
    people, problems = parse_invitees(text, LOCALES, "en")
    assert [(p.line, p.kind) for p in problems] == [(3, "address"), (4, "language"), (5, "duplicate")]


def test_control_characters_in_names_become_visible_and_lines_do_not_break():
    people, _ = parse_invitees('"Eve\r\nBcc: all@example.org",eve@example.org,"Sales\x00"\n', LOCALES, "en")
    assert "\n" not in people[0].name and "\r" not in people[0].name and "\x00" not in people[0].unit


def test_failed_recipients_of_a_delivery_status_notification_are_bounces_and_delays_are_not():
    message = email.message_from_string(DSN, policy=compat32)
    assert bounces_in_message(message) == [("ada@example.org", "smtp; 550 5.1.1 user unknown")]
    assert address_lines("<Bob@Example.org>; 550 gone\nno address here") == [("bob@example.org", "550 gone")]


DSN = """From: MAILER-DAEMON@mx.example.org
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

failed

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.org

Final-Recipient: rfc822; ADA@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

Final-Recipient: rfc822; bernd@example.org
Action: delayed
Status: 4.4.1

--B--
"""
