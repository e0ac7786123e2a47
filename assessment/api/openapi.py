"""The OpenAPI 3.1 description of the read-only API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from assessment.locales import LOCALES

_LOCALE = {
    "name": "locale",
    "in": "query",
    "required": False,
    "description": f"Language of titles and labels ({' or '.join(LOCALES)}); "
    "defaults to the workshop's or response's language.",
    "schema": {"type": "string", "enum": list(LOCALES)},
}
_ERRORS = {
    "401": {
        "description": "Missing, unknown or revoked token.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
    "404": {
        "description": "Not found, or not yours.",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    },
}


def _get(summary: str, description: str, schema: str, params: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "get": {
            "summary": summary,
            "description": description,
            "parameters": [*(params or []), _LOCALE],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
                },
                **_ERRORS,
            },
        }
    }


def _id(name: str, description: str, kind: str = "integer") -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": kind}}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


_NUM = {"type": ["number", "null"]}
_STR = {"type": "string"}
_INT = {"type": "integer"}
_WHEN = {"type": ["string", "null"], "format": "date-time"}
_QUESTIONNAIRE = _object({"id": _STR, "version": _INT, "title": _STR})
_DIMENSION_AGG = _object({"id": _STR, "title": _STR, "mean": _NUM, "stdev": _NUM, "n": _INT, "gap": _NUM})
_INDEX = _object({k: _NUM for k in ("mean", "median", "min", "max", "stdev")})

SCHEMAS: dict[str, Any] = {
    "Error": _object({"error": _STR, "message": _STR}, ["error"]),
    "Organisations": _object(
        {
            "organisations": {
                "type": "array",
                "items": _object({"id": _INT, "name": _STR, "workshops": _INT, "created_at": _WHEN}),
            }
        }
    ),
    "Assessments": _object(
        {
            "organisation": _object({"id": _INT, "name": _STR}),
            "assessments": {
                "type": "array",
                "description": "The organisation's workshops, oldest first. Aggregates are left out while fewer people "
                "than the anonymity threshold have submitted (suppressed is true).",
                "items": _object(
                    {
                        "workshop_id": _INT,
                        "title": _STR,
                        "created_at": _WHEN,
                        "closed_at": _WHEN,
                        "questionnaire": _QUESTIONNAIRE,
                        "respondents": _INT,
                        "suppressed": {"type": "boolean"},
                        "index": _INDEX,
                        "group_result": {"type": "object"},
                        "dimensions": {"type": "array", "items": _DIMENSION_AGG},
                        "risks": {"type": "array", "items": {"type": "object"}},
                    },
                    ["workshop_id", "title", "created_at", "questionnaire", "respondents", "suppressed"],
                ),
            },
        }
    ),
    "Workshop": {
        "type": "object",
        "description": "Exactly what the live dashboard shows (without chart definitions).",
        "properties": {
            "workshop": _object(
                {
                    "id": _INT,
                    "title": _STR,
                    "closed": {"type": "boolean"},
                    "respondents": _INT,
                    "threshold": _INT,
                    "suppressed": {"type": "boolean"},
                    "organisation_id": _INT,
                    "created_at": _WHEN,
                    "closed_at": _WHEN,
                    "questionnaire": _QUESTIONNAIRE,
                }
            ),
            "roles": {"type": "array", "items": {"type": "object"}},
            "teams": {"type": "array", "items": {"type": "object"}},
            "message": _STR,
            "index": _INDEX,
            "index_display": {"type": "object", "description": "The same on the questionnaire's display scale"},
            "maturity": {"type": "array", "items": _object({"level": _INT, "name": _STR, "count": _INT})},
            "bands": {"type": "object"},
            "dimensions": {"type": "array", "items": {"type": "object"}},
            "questions": {"type": "array", "items": {"type": "object"}},
            "risks": {"type": "array", "items": {"type": "object"}},
            "group_result": {"type": "object"},
            "benchmark": {
                "type": ["object", "null"],
                "description": "Percentiles of the participants' mean index and dimension scores among other "
                "organisations on this server (at least 5), or null",
            },
        },
        "required": ["workshop", "roles", "teams"],
    },
    "WorkshopResponses": _object(
        {
            "columns": {"type": "array", "items": _STR},
            "responses": {
                "type": "array",
                "items": {"type": "object"},
                "description": "One object per submitted response, keyed by column.",
            },
        }
    ),
    "Response": _object(
        {
            "token": _STR,
            "questionnaire": _QUESTIONNAIRE,
            "workshop_id": {"type": ["integer", "null"]},
            "source": {"type": "string", "description": "web, or import for answers imported from a CSV file"},
            "label": {"type": ["string", "null"]},
            "role": {"type": ["string", "null"]},
            "locale": _STR,
            "submitted_at": _WHEN,
            "readiness_index": {"type": ["integer", "null"], "description": "0-100, the internal unit"},
            "readiness_index_display": {
                "type": ["string", "null"],
                "description": "The index on the questionnaire's display scale, as people see it",
            },
            "display_scale": _object({"min": _NUM, "max": _NUM, "decimals": _INT}),
            "maturity_level": {"type": ["integer", "null"], "description": "0 is a level in some models"},
            "maturity_name": _STR,
            "verdict": {
                "type": "string",
                "description": "Index, level and band in one sentence, saying why they differ",
            },
            "stage": {
                "type": ["object", "null"],
                "description": "The stage judged (null when the questionnaire has no stage question)",
            },
            "risk_band": {"type": ["string", "null"], "description": "null when the questionnaire has no band"},
            "risk_band_label": _STR,
            "band": {
                "type": ["object", "null"],
                "description": "The indicative band with its base rate: rate, kind (forecast, estimate...), year, "
                "source. null when the questionnaire has no failure-risk model",
            },
            "ownership": {"type": ["string", "null"], "description": "null when the questionnaire has no ownership"},
            "groups": {"type": "array", "items": {"type": "object"}, "description": "Groups above dimensions"},
            "dimensions": {"type": "array", "items": {"type": "object"}},
            "risks": {"type": "array", "items": {"type": "object"}},
            "actions": {"type": "array", "items": {"type": "object"}, "description": "The vital few first"},
            "vital_few": _INT,
            "actions_in_place": {"type": "array", "items": _STR},
            "benchmark": {
                "type": ["object", "null"],
                "description": "Percentiles among other organisations on this server (5 or more), or null",
            },
            "answers": {"type": "object"},
            "result": {"type": "object", "description": "The scoring engine's full result."},
        }
    ),
}


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Readiness assessment API",
            "version": "1",
            "description": "Read-only results for BI tools. Make a token on the account page (/account/tokens) "
            "and send it as `Authorization: Bearer rdy_...`. Tokens can be revoked there at any time.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"bearer": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "An API token (rdy_...)"}
            },
            "schemas": SCHEMAS,
        },
        "paths": {
            "/organisations": _get("Your organisations", "The organisations (clients) you own.", "Organisations"),
            "/organisations/{organisation_id}/assessments": _get(
                "An organisation's assessments over time",
                "Every workshop of the organisation, oldest first, with its aggregate result.",
                "Assessments",
                [_id("organisation_id", "Organisation id")],
            ),
            "/workshops/{workshop_id}": _get(
                "A workshop's aggregates",
                "The live dashboard's figures: index, maturity distribution, dimensions, questions, risks.",
                "Workshop",
                [_id("workshop_id", "Workshop id")],
            ),
            "/workshops/{workshop_id}/responses": _get(
                "A workshop's responses",
                "One row per submitted response, as in the CSV export.",
                "WorkshopResponses",
                [_id("workshop_id", "Workshop id")],
            ),
            "/responses/{token}": _get(
                "One response's result",
                "The result of one submitted response, reached by its link token (the part after /r/ in its link).",
                "Response",
                [_id("token", "The response's link token", "string")],
            ),
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "security": [],
                    "responses": {
                        "200": {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
                    },
                }
            },
        },
    }
