"""An organisation's page for the consultant: the new-workshop form (published questionnaires, newest
version first; languages; a baseline), the profile form (industry, size) and the page around them
with its plans and campaigns. The routes are in `routes`."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_babel import gettext as _

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import SelectChoice  # type: ignore[attr-defined]

from assessment.access import signed_in_user
from assessment.db import session
from assessment.locales import LANGUAGES
from assessment.models import Organisation
from assessment.plans.forms import NewPlanForm
from assessment.services.campaigns import campaigns_of
from assessment.services.plans import plans_of
from assessment.services.questionnaires import published_versions
from assessment.web_support import current_locale, publisher_label
from assessment.workshops.branding_form import BrandingForm, branding_form
from assessment.workshops.forms import OrganisationProfileForm, WorkshopForm
from reports.benchmark_presenter import industry_label, size_label
from scoring.benchmark import INDUSTRIES, SIZE_BANDS


def workshop_form(organisation: Organisation, formdata: Any = None) -> WorkshopForm:
    form = WorkshopForm(formdata=formdata)
    form.questionnaire.choices = []
    # the newest version of each questionnaire first, then any older published one
    for newest, older in published_versions(session(), signed_in_user().team_id):
        form.questionnaire.choices.append(
            SelectChoice(
                newest.questionnaire_id,
                _("%(title)s (version %(n)d, the newest)", title=newest.title, n=newest.version)
                + f" · {publisher_label(newest)}",
                optgroup=newest.title,
            )
        )
        form.questionnaire.choices += [
            SelectChoice(
                f"{v.questionnaire_id}@{v.version}",
                _("%(title)s (version %(n)d)", title=v.title, n=v.version) + f" · {publisher_label(v)}",
                optgroup=newest.title,
            )
            for v in older
        ]
    form.locale.choices = [SelectChoice(code, name) for code, name in LANGUAGES.items()]
    form.baseline.choices = [SelectChoice("", _("No baseline"))] + [
        SelectChoice(str(w.id), w.title) for w in organisation.workshops
    ]
    return form


def profile_form(organisation: Organisation, formdata: Any = None) -> OrganisationProfileForm:
    form = OrganisationProfileForm(formdata=formdata, industry=organisation.industry, size_band=organisation.size_band)
    form.industry.choices = [SelectChoice("", _("Not stated"))] + [
        SelectChoice(i, industry_label(i)) for i in INDUSTRIES
    ]
    form.size_band.choices = [SelectChoice("", _("Not stated"))] + [SelectChoice(b, size_label(b)) for b in SIZE_BANDS]
    return form


def organisation_page(
    organisation: Organisation,
    form: WorkshopForm,
    status: int = 200,
    profile: OrganisationProfileForm | None = None,
    busy: bool = False,
    branding: BrandingForm | None = None,
) -> tuple[str, int]:
    return render_template(
        "workshops/organisation.html",
        busy=busy,
        organisation=organisation,
        form=form,
        profile_form=profile or profile_form(organisation),
        plans=plans_of(session(), organisation),
        campaigns=campaigns_of(session(), organisation),
        plan_form=NewPlanForm(),
        branding_form=branding or branding_form(organisation),
        locale=current_locale(),
    ), status
