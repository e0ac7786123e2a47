from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from assessment.survey.fields import field_type
from assessment.web_support import lazy_text as _l
from scoring import Questionnaire


class OrganisationForm(FlaskForm):
    name = StringField(_l("Organisation name"), validators=[DataRequired(), Length(max=200)])


class OrganisationProfileForm(FlaskForm):
    """Industry and size band, so that results can be compared with peers of the same kind (both optional)."""

    industry = SelectField(_l("Industry"), validators=[Optional()], default="")
    size_band = SelectField(_l("Size"), validators=[Optional()], default="")


class WorkshopForm(FlaskForm):
    questionnaire = SelectField(_l("Questionnaire"), validators=[DataRequired()])
    title = StringField(_l("Workshop title"), validators=[DataRequired(), Length(max=200)])
    locale = SelectField(_l("Language for participants"), default="en")
    threshold = IntegerField(
        _l("Smallest group shown on its own"),
        default=3,
        validators=[DataRequired(), NumberRange(min=2, max=50)],
        description=_l("Roles or teams with fewer respondents are folded into “other” everywhere."),
    )
    closes_at = DateTimeLocalField(_l("Closes automatically at (optional, UTC)"), validators=[Optional()])
    baseline = SelectField(_l("Compare with an earlier workshop (optional)"), validators=[Optional()], default="")


class JoinForm(FlaskForm):
    code = StringField(
        _l("Workshop code"),
        validators=[DataRequired(), Length(max=20)],
        render_kw={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"},
    )


class ParticipantForm(FlaskForm):
    team = StringField(
        _l("Your team (optional)"),
        validators=[Optional(), Length(max=80)],
        description=_l("Only shown for teams with enough participants to stay anonymous."),
    )


def agreed_form(
    q: Questionnaire, question_id: str, locale: str, formdata: Any = None, data: dict[str, Any] | None = None
) -> FlaskForm:
    """A form to record the group's agreed answer to one question, built like the survey's."""
    question = q.questions[question_id]
    fields = dict(field_type(question).fields(q, question, locale))
    fields["note"] = TextAreaField(
        _l("Note (optional)"), validators=[Optional(), Length(max=500)], render_kw={"rows": 2, "maxlength": 500}
    )
    form_class = type("AgreedForm", (FlaskForm,), fields)
    form: FlaskForm = form_class(formdata=formdata, data=data or {}, prefix=f"agreed-{question_id}")
    return form
