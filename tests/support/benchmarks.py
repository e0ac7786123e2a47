"""Peer organisations for the benchmark tests: several organisations, each with a workshop of submitted responses."""

from __future__ import annotations

from assessment.db import session
from assessment.models import User
from assessment.services.questionnaires import latest_version
from assessment.services.responses import save_page, submit_response
from assessment.services.workshops import create_organisation, create_workshop, join_workshop
from tests.support.answers import PULSE_IT_LED, answers_of

NAMES = ["Alpha Ltd", "Beta plc", "Gamma AG", "Delta SA", "Epsilon BV", "Zeta Oy"]


def seed(app, count: int, industry: str = "retail", pages=PULSE_IT_LED, start: int = 0) -> None:
    """`count` organisations of Anna's, each with a workshop of three submitted responses."""
    with app.app_context():
        anna = session().query(User).filter_by(email="anna@example.org").one()
        version = latest_version(session(), "executive-pulse")
        for n in range(start, start + count):
            organisation = create_organisation(session(), anna, NAMES[n])
            organisation.industry, organisation.size_band = industry, "1000-4999"
            workshop = create_workshop(session(), organisation, version, f"Workshop {n}")
            for _ in range(3):
                response = join_workshop(session(), workshop, "en")
                save_page(session(), response, 0, answers_of(pages), 1)
                submit_response(session(), response)
        session().commit()
