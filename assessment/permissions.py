"""Who may use each route: one table, read by the access checks and printed in the README.

Every endpoint of the app is listed with the least role that may use it. For a route about
an organisation (or its workshops and plans) the role is the person's role on that
organisation: consultants of its team, and the client people invited to it as editor or
viewer. Anyone else gets 404, exactly like an id that does not exist. A test holds this
table to the app's URL map, and the README's copy to this table.
"""

from __future__ import annotations

from flask import Flask

ANYONE = "anyone"  # public pages
LINK = "link"  # whoever holds the unguessable link (a participant's resume link, a workshop link, an invitation)
SIGNED_IN = "signed-in"  # any account, for its own things
VIEWER = "viewer"  # the organisation's client viewers and editors, and its team's consultants
EDITOR = "editor"  # the organisation's client editors and its team's consultants
CONSULTANT = "consultant"  # the team's consultants
AUTHOR = "author"  # consultants and administrators: questionnaire drafts are their author's
ADMIN = "admin"  # administrators

ORGANISATION_LEVELS = (VIEWER, EDITOR, CONSULTANT)
ROLES = ("visitor", "client viewer", "client editor", "consultant", "administrator")
_ALLOWED = {  # level -> which of ROLES may use it
    ANYONE: ROLES,
    LINK: ROLES,
    SIGNED_IN: ROLES[1:],
    VIEWER: ("client viewer", "client editor", "consultant"),
    EDITOR: ("client editor", "consultant"),
    CONSULTANT: ("consultant",),
    AUTHOR: ("consultant", "administrator"),
    ADMIN: ("administrator",),
}

ROUTES: dict[str, str] = {
    # what every page shares
    "static": ANYONE,
    "plotly_js": ANYONE,
    "health": ANYONE,
    "live": ANYONE,
    "language": ANYONE,
    # respondents
    "survey.landing": ANYONE,
    "survey.start": ANYONE,
    "survey.resume": LINK,
    "survey.page": LINK,
    "survey.review": LINK,
    "survey.submit": LINK,
    "survey.results": LINK,
    "survey.report_pdf": LINK,
    "survey.erase": LINK,
    "survey.email_link": LINK,
    "survey.report_job": LINK,
    "survey.report_job_status": LINK,
    "survey.report_job_download": LINK,
    "campaign_links.personal_link": LINK,
    "campaign_links.opt_out_page": LINK,
    "join.enter_code": ANYONE,
    "join.check_code": ANYONE,
    "join.by_link": LINK,
    # accounts
    "auth.login": ANYONE,
    "auth.logout": SIGNED_IN,
    "account.index": SIGNED_IN,
    "account.password": SIGNED_IN,
    "account.sign_out_everywhere": SIGNED_IN,
    "account.branding": CONSULTANT,
    "invitations.accept_page": LINK,
    "invitations.accept_invitation": LINK,
    "tokens.index": SIGNED_IN,
    "tokens.create": SIGNED_IN,
    "tokens.revoke": SIGNED_IN,
    # background jobs: each person sees their own
    "jobs.show": SIGNED_IN,
    "jobs.status": SIGNED_IN,
    "jobs.download": SIGNED_IN,
    "jobs.failed": SIGNED_IN,
    "jobs.retry": SIGNED_IN,
    # survey campaigns by e-mail
    "campaigns.new": CONSULTANT,
    "campaigns.show": CONSULTANT,
    "campaigns.add_people": CONSULTANT,
    "campaigns.start": CONSULTANT,
    "campaigns.bounces": CONSULTANT,
    # organisations and workshops
    "workshops.index": VIEWER,
    "workshops.new_organisation": CONSULTANT,
    "workshops.organisation": VIEWER,
    "workshops.organisation_profile": CONSULTANT,
    "branding.organisation_branding": CONSULTANT,
    "workshops.new_workshop": CONSULTANT,
    "workshops.dashboard": VIEWER,
    "workshops.dashboard_json": VIEWER,
    "workshops.group_report": VIEWER,
    "workshops.compare": VIEWER,
    "documents.compare_pdf": VIEWER,
    "present.show": CONSULTANT,
    "documents.deck": VIEWER,
    "documents.workbook": VIEWER,
    "workshops.qr_code": CONSULTANT,
    "workshops.close": CONSULTANT,
    "workshops.reopen": CONSULTANT,
    "workshops.record_agreed": CONSULTANT,
    "workshops.delete_agreed": CONSULTANT,
    "workshops.export_csv": CONSULTANT,
    "workshops.export_json": CONSULTANT,
    "imports.upload": CONSULTANT,
    "imports.confirm": CONSULTANT,
    "imports.undo": CONSULTANT,
    "imports.mapping": CONSULTANT,
    "people.index": CONSULTANT,
    "people.invite_person": CONSULTANT,
    "people.revoke_invitation": CONSULTANT,
    "people.change_role": CONSULTANT,
    "people.remove": CONSULTANT,
    "lifecycle.organisation_settings": CONSULTANT,
    "lifecycle.delete_organisation_page": CONSULTANT,
    "lifecycle.workshop_settings": CONSULTANT,
    "lifecycle.delete_workshop_page": CONSULTANT,
    "lifecycle.delete_response_page": CONSULTANT,
    # action plans
    "plans.from_workshop": CONSULTANT,
    "plans.from_response": CONSULTANT,
    "plans.show": VIEWER,
    "plans.history": VIEWER,
    "plans.export_pdf": VIEWER,
    "plans.export_csv": VIEWER,
    "plans.export_ics": VIEWER,
    "plans.edit_item": EDITOR,
    "plans.move": EDITOR,
    "plans.delete": EDITOR,
    "plans.restore": EDITOR,
    "plans.add": EDITOR,
    "plans.start_date": EDITOR,
    # questionnaires
    "authoring.index": AUTHOR,
    "authoring.new_draft": AUTHOR,
    "authoring.edit": AUTHOR,
    "authoring.save": AUTHOR,
    "authoring.check": AUTHOR,
    "authoring.publish": AUTHOR,
    "authoring.delete": AUTHOR,
    "authoring.version_source": AUTHOR,
    "authoring.preview": AUTHOR,
    "authoring.preview_answer": AUTHOR,
    # peer benchmarks: anonymised figures of every organisation; importing another server's file is an admin's
    "benchmarks.index": AUTHOR,
    "benchmarks.export": AUTHOR,
    "benchmarks.import_benchmark": ADMIN,
    "benchmarks.delete_import": ADMIN,
    # the JSON API (the token's owner)
    "api.openapi": ANYONE,
    "api.organisations": VIEWER,
    "api.assessments": VIEWER,
    "api.workshop": VIEWER,
    "api.workshop_responses": CONSULTANT,
    "api.response": CONSULTANT,
    # administration
    "admin.index": ADMIN,
    "admin.new_team": ADMIN,
    "admin.team": ADMIN,
    "admin.invite_consultant": ADMIN,
    "admin.revoke_invitation": ADMIN,
    "admin.user": ADMIN,
    "admin.disable_user_page": ADMIN,
    "admin.enable_user_page": ADMIN,
    "admin.end_user_sessions": ADMIN,
    "admin.move_user": ADMIN,
    "admin.delete_user_page": ADMIN,
    "admin.audit_log": ADMIN,
    "admin.audit_csv": ADMIN,
    "admin.retention": ADMIN,
}


def level_of(endpoint: str | None) -> str:
    """The least role for the endpoint; a route nobody listed is for consultants only."""
    return ROUTES.get(endpoint or "", CONSULTANT)


def allowed_roles(level: str) -> tuple[str, ...]:
    return _ALLOWED[level]


def permissions_table(app: Flask) -> str:
    """The README's permissions table (Markdown), from the app's URL map and ROUTES."""
    lines = [
        "| route | " + " | ".join(ROLES) + " |",
        "|---|" + "---|" * len(ROLES),
    ]
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))
    for rule in rules:
        methods = "/".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        level = level_of(rule.endpoint)
        allowed = allowed_roles(level)
        mark = "link" if level == LINK else "✓"
        cells = [mark if role in allowed else "—" for role in ROLES]
        lines.append(f"| `{methods} {rule.rule}` | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
