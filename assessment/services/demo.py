"""Demo data: a consultant, a client organisation, a closed baseline workshop and an open
follow-up, with generated answers, so every page has something to show on first start."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from assessment.db import utcnow
from assessment.models import Workshop
from assessment.services.accounts import create_user, find_user
from assessment.services.questionnaires import compiled, latest_version
from assessment.services.responses import save_page, start_response, submit_response
from assessment.services.workshops import close_workshop, create_organisation, create_workshop
from scoring.sampling import profile_answers

DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-password"  # noqa: S105 - printed by `readiness demo`; for a local demo only
ROLE_MIX = ["executive"] * 3 + ["it"] * 6 + ["hr"] * 4 + ["business"] * 7 + ["employee"] * 4
ROLE_LEVEL = {"executive": 55, "it": 35, "hr": 50, "business": 45, "employee": 30}


@dataclass
class DemoData:
    created: bool
    email: str
    password: str
    workshop_ids: tuple[int, ...] = ()


def create_demo(session: Session, questionnaire_id: str = "executive-pulse", seed: int = 2026) -> DemoData:
    """Create the demo once; a second call changes nothing."""
    if find_user(session, DEMO_EMAIL) is not None:
        return DemoData(False, DEMO_EMAIL, DEMO_PASSWORD)
    version = latest_version(session, questionnaire_id)
    if version is None:
        raise LookupError(f"questionnaire '{questionnaire_id}' is not published: run `readiness questionnaire sync`")
    user = create_user(session, DEMO_EMAIL, "Demo Consultant", DEMO_PASSWORD)
    organisation = create_organisation(session, user, "Demo Corp")
    rng = random.Random(seed)
    baseline = create_workshop(session, organisation, version, "Leadership offsite, spring (baseline)")
    baseline.created_at = utcnow() - timedelta(days=180)
    _participants(session, baseline, rng, uplift=0)
    close_workshop(session, baseline)
    follow_up = create_workshop(session, organisation, version, "Follow-up, six months later", baseline=baseline)
    _participants(session, follow_up, rng, uplift=15, count=16)
    return DemoData(True, DEMO_EMAIL, DEMO_PASSWORD, (baseline.id, follow_up.id))


def _participants(
    session: Session, workshop: Workshop, rng: random.Random, uplift: float, count: int | None = None
) -> None:
    q = compiled(workshop.questionnaire_version)
    roles = ROLE_MIX if count is None else rng.sample(ROLE_MIX, count)
    for number, role in enumerate(roles):
        answers = profile_answers(q, rng, ROLE_LEVEL[role] + uplift + rng.uniform(-12, 12))
        answers["role"] = role
        response = start_response(
            session,
            workshop.questionnaire_version,
            workshop.locale,
            label=workshop.organisation.name,
            workshop_id=workshop.id,
            team=("Sales" if number % 3 == 0 else "Operations"),
        )
        save_page(session, response, 0, {k: v for k, v in answers.items()}, len(q.pages))
        submit_response(session, response)
