"""Answer sets for the executive pulse, page by page as a participant posts them."""

from __future__ import annotations

# IT leads, the objectives are generic, there is no policy and no community manager.
PULSE_IT_LED = [
    {"role": "it", "stage": "launched-long"},
    {"owner": "it", "steering-group": "no", "funding": "it-licence"},
    {"objectives": "generic", "sequence": "platform-first"},
    {"wiifm": "2", "wiifm__target": "4"},
    {"sponsor-role": "signs-off", "exec-participation": "name-only"},
    {"policy": "none"},
    {"measurement": "logins", "activity-trend": "fading"},
    {"training": "launch", "change-plan": "awareness"},
    {"community-manager": "none"},
    {"workflow": "1", "workflow__target": "3"},
]
# Business and HR lead jointly with IT, objectives are measurable, everyone is trained.
PULSE_HR_LED = [
    {"role": "hr", "stage": "launched-recent"},
    {"owner": "joint", "steering-group": "yes", "funding": "roadmap"},
    {"objectives": "measurable", "sequence": "case-first"},
    {"wiifm": "4", "wiifm__target": "5"},
    {"sponsor-role": "budget", "exec-participation": "some"},
    {"policy": "guidelines"},
    {"measurement": "engagement", "activity-trend": "growing"},
    {"training": "everyone", "change-plan": "structured"},
    {"community-manager": "dedicated"},
    {"workflow": "3", "workflow__target": "4"},
]


def answers_of(pages: list[dict]) -> dict:
    """The answers a participant posted page by page, as one answer set (scale targets folded in)."""
    answers: dict = {}
    for page in pages:
        for key, value in page.items():
            if key.endswith("__target"):
                answers[key[: -len("__target")]] = {"current": answers[key[: -len("__target")]], "target": value}
            else:
                answers[key] = value
    return answers


def with_role(pages: list[dict], role: str) -> list[dict]:
    """The same answers given by someone in another role."""
    return [{**pages[0], "role": role}, *pages[1:]]
