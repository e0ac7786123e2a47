"""tests/data/port.yaml, a port of a published peer maturity model (groups, level 0, a 0-3
display scale, no failure-risk model): publishing it, and one respondent's answers."""

from __future__ import annotations

from typing import Any

from assessment.db import session
from assessment.services.questionnaires import publish
from tests.support.paths import DATA

PORT_ID = "port-of-a-peer-model"


def _port_page(dimension: str, **given: str) -> dict[str, str]:
    return {f"{dimension}-{n}": given.get(f"q{n}", "no") for n in (1, 2, 3)}


PORT_ANSWERS: list[dict[str, Any]] = [  # streams 1.5, 0, 0 and 0.25 of 3: practices 0.75 and 0.125, the function 0.4375
    {"role": "practitioner"},
    _port_page("strategy-a", q1="all", q2="half"),
    _port_page("strategy-b"),
    _port_page("education-a"),
    _port_page("education-b", q1="some"),
]


def publish_port(app: Any) -> str:
    """Publish tests/data/port.yaml; returns its questionnaire id."""
    with app.app_context():
        publish(session(), (DATA / "port.yaml").read_text(encoding="utf-8"), "port.yaml", published_by="test")
        session().commit()
    return PORT_ID
