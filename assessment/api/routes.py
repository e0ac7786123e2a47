"""The read-only JSON API for BI tools: one response, a workshop's aggregates, an organisation over time.

Every endpoint but the OpenAPI document needs `Authorization: Bearer rdy_...`, a token made on
the account page. The access rules are the pages' rules: a consultant sees the organisations
and workshops they own; a response is reached through its unguessable link token, and one that
belongs to a workshop only by that workshop's owner. What the API returns is built by the same
functions as the pages, so the numbers agree.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Any

from flask import Blueprint, abort, current_app, g, jsonify, request
from flask import Response as HttpResponse
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from assessment.api.openapi import document
from assessment.db import session
from assessment.extensions import limiter
from assessment.group_figures import workshop_figures
from assessment.models import Organisation, QuestionnaireVersion, Response, Workshop
from assessment.services.api_tokens import user_for_token
from assessment.services.benchmarks import response_benchmark, workshop_benchmark
from assessment.services.group import export_records, workshop_group
from assessment.services.questionnaires import compiled
from assessment.services.responses import find_response, result_of
from assessment.services.workshops import organisations_of, owned_organisation, owned_workshop
from reports.benchmark_presenter import benchmark_view
from reports.result_presenter import ResultView, build_view
from scoring import Questionnaire, ReadinessResult

bp = Blueprint("api", __name__, url_prefix="/api/v1")
log = logging.getLogger(__name__)
# Only refused tokens count, so a BI tool polling with a good token is never slowed down.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"], deduct_when=lambda response: response.status_code == 401)(
    bp
)


@bp.before_request
def _authenticate() -> HttpResponse | None:
    if request.endpoint == "api.openapi":
        return None
    scheme, _sep, secret = request.headers.get("Authorization", "").partition(" ")
    user = user_for_token(session(), secret.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        reason = "no bearer token" if not secret else "unknown or revoked token"
        log.info("API request to %s refused: %s", request.path, reason)
        response = jsonify(
            error="unauthorized",
            message=_("Send a valid API token: Authorization: Bearer rdy_... (make one on your account page)."),
        )
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="readiness", error="invalid_token"'
        return response
    session().commit()  # the token's last use, which user_for_token recorded
    g.user = user
    return None


@bp.after_request
def _no_store(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = "no-store"
    return response


def _locale(default: str) -> str:
    """`?locale=de` when the app offers it, else the object's own language."""
    wanted = request.args.get("locale")
    chosen = wanted if wanted is not None and wanted in current_app.config["LOCALES"] else default
    g.locale = chosen
    return chosen


def _workshop(workshop_id: int) -> Workshop:
    workshop = owned_workshop(session(), g.user, workshop_id)
    if workshop is None:
        abort(404)
    return workshop


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _questionnaire(row: QuestionnaireVersion) -> dict[str, Any]:
    return {"id": row.questionnaire_id, "version": row.version, "title": row.title}


@bp.get("/organisations")
def organisations() -> ResponseReturnValue:
    return jsonify(
        organisations=[
            {"id": o.id, "name": o.name, "workshops": len(o.workshops), "created_at": _iso(o.created_at)}
            for o in organisations_of(session(), g.user)
        ]
    )


@bp.get("/organisations/<int:organisation_id>/assessments")
def assessments(organisation_id: int) -> ResponseReturnValue:
    organisation: Organisation | None = owned_organisation(session(), g.user, organisation_id)
    if organisation is None:
        abort(404)
    items = [_assessment(w) for w in sorted(organisation.workshops, key=lambda w: (w.created_at, w.id))]
    return jsonify(organisation={"id": organisation.id, "name": organisation.name}, assessments=items)


def _assessment(workshop: Workshop) -> dict[str, Any]:
    """One workshop as a point on the organisation's timeline (in the workshop's language)."""
    _locale(workshop.locale)
    data = workshop_figures(session(), workshop, g.locale)
    point = {
        "workshop_id": workshop.id,
        "title": workshop.title,
        "created_at": _iso(workshop.created_at),
        "closed_at": _iso(workshop.closed_at),
        "questionnaire": _questionnaire(workshop.questionnaire_version),
        "respondents": data["workshop"]["respondents"],
        "suppressed": data["workshop"]["suppressed"],
    }
    if not data["workshop"]["suppressed"]:
        point["index"] = data["index"]
        point["group_result"] = data["group_result"]
        point["dimensions"] = [
            {k: d[k] for k in ("id", "title", "mean", "stdev", "n", "gap")} for d in data["dimensions"]
        ]
        point["risks"] = data["risks"]
    return point


@bp.get("/workshops/<int:workshop_id>")
def workshop(workshop_id: int) -> ResponseReturnValue:
    found = _workshop(workshop_id)
    _locale(found.locale)
    data = workshop_figures(session(), found, g.locale)
    q = compiled(found.questionnaire_version)
    benchmark = workshop_benchmark(session(), found, workshop_group(session(), found))
    data["benchmark"] = benchmark_view(q, benchmark, g.locale)
    data["workshop"].update(
        {
            "organisation_id": found.organisation_id,
            "created_at": _iso(found.created_at),
            "closed_at": _iso(found.closed_at),
            "questionnaire": _questionnaire(found.questionnaire_version),
        }
    )
    return jsonify(data)


@bp.get("/workshops/<int:workshop_id>/responses")
def workshop_responses(workshop_id: int) -> ResponseReturnValue:
    """One row per submitted response, as in the CSV export (small groups folded into "other")."""
    found = _workshop(workshop_id)
    _locale(found.locale)
    header, records = export_records(session(), found)
    return jsonify(columns=header, responses=records)


@bp.get("/responses/<token>")
def response(token: str) -> ResponseReturnValue:
    found: Response | None = find_response(session(), token)
    if found is None or not found.submitted:
        abort(404)
    if found.workshop_id is not None and owned_workshop(session(), g.user, found.workshop_id) is None:
        abort(404)
    locale = _locale(found.locale)
    q, answers, result = result_of(found)
    view = build_view(q, answers, result, locale, label=found.label or "", when=found.submitted_on)
    view.benchmark = benchmark_view(q, response_benchmark(session(), found, result), locale)
    return jsonify(_response_json(found, q, view, result))


GROUP_FIELDS = ("id", "title", "score", "score_display", "level", "level_name", "weight_percent")


def _band_json(view: ResultView, result: ReadinessResult) -> dict[str, Any] | None:
    """The band with what makes it honest: indicative, its starting point's rate, kind, year and source."""
    band = result.risk_band
    if band is None:
        return None
    return {
        "band": band.band,
        "label": view.band_label,
        "indicative": True,
        "base_rate": {
            "failure_rate": band.failure_rate,
            "kind": band.kind,
            "year": band.year,
            "source": band.source,
            "text": view.base_rate,
        },
        "steps": view.band_steps,
    }


def _response_json(found: Response, q: Questionnaire, view: ResultView, result: ReadinessResult) -> dict[str, Any]:
    return {
        "token": found.token,
        "questionnaire": _questionnaire(found.questionnaire_version),
        "workshop_id": found.workshop_id,
        "source": found.source,
        "label": found.label,
        "role": found.role,
        "locale": view.locale,
        "submitted_at": _iso(found.submitted_at),
        "readiness_index": view.index,
        "readiness_index_display": view.index_display,
        "display_scale": {"min": q.scale.min, "max": q.scale.max, "decimals": q.scale.decimals},
        "maturity_level": view.level,
        "maturity_name": view.level_name,
        "verdict": view.verdict,
        "stage": _stage_json(view, result),
        "risk_band": view.band,
        "risk_band_label": view.band_label,
        "band": _band_json(view, result),
        "ownership": view.ownership,
        "groups": [{k: getattr(g, k) for k in GROUP_FIELDS} | {"dimensions": g.dimensions} for g in view.groups],
        "dimensions": [
            {k: getattr(d, k) for k in ("id", "title", "score", "level", "level_name", "weight_percent", "gap")}
            | {"score_display": d.score_display, "group": d.group}
            for d in view.dimensions
        ],
        "risks": [
            {k: getattr(r, k) for k in ("id", "title", "severity", "dimension", "explanation", "because")}
            for r in view.risks
        ],
        "actions": [
            {k: getattr(a, k) for k in ("id", "title", "owner_role", "horizon", "severity", "success_measure")}
            for a in view.actions
        ],
        "vital_few": view.vital_few,
        "actions_in_place": list(result.actions_in_place),
        "benchmark": view.benchmark,
        "answers": found.answers,
        "result": result.to_dict(),
    }


def _stage_json(view: ResultView, result: ReadinessResult) -> dict[str, Any] | None:
    if result.stage is None:
        return None
    return {"choice": result.stage.choice, "before_launch": result.stage.before_launch, "text": view.stage}


@bp.get("/openapi.json")
def openapi() -> ResponseReturnValue:
    return jsonify(document())
