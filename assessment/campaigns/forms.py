from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from assessment.web_support import lazy_text as _l


class CampaignForm(FlaskForm):
    title = StringField(_l("Campaign title"), validators=[DataRequired(), Length(max=200)])
    questionnaire = SelectField(_l("Questionnaire"), validators=[DataRequired()])
    locale = SelectField(_l("Language for people without one on the list"), default="en")
    sender = StringField(
        _l("Signed by"),
        validators=[DataRequired(), Length(max=200)],
        description=_l("The name that ends every e-mail, for example the HR director's."),
    )
    reminders = StringField(
        _l("Reminders, days after the invitation"),
        default="3, 7",
        validators=[Optional(), Length(max=40), Regexp(r"^[0-9 ,;]*$", message=_l("Numbers of days, such as 3, 7."))],
        description=_l("Sent only to those who have not finished. Leave empty for none."),
    )
    threshold = IntegerField(
        _l("Smallest group shown on its own"),
        default=5,
        validators=[DataRequired(), NumberRange(min=2, max=50)],
        description=_l("A unit's or role's answers are shown only from this many responses; its response rate always."),
    )
    closes_at = DateTimeLocalField(_l("Closes automatically at (optional, UTC)"), validators=[Optional()])


class PeopleForm(FlaskForm):
    file = FileField(_l("A CSV file"))
    pasted = TextAreaField(
        _l("Or paste the list"),
        validators=[Optional(), Length(max=1_000_000)],
        description=_l(
            "One person a line: name, e-mail, unit, role, language (en or de). Only the e-mail is required."
        ),
        render_kw={"rows": 6, "spellcheck": "false"},
    )


class BouncesForm(FlaskForm):
    addresses = TextAreaField(
        _l("Addresses that bounced"),
        validators=[DataRequired(), Length(max=200_000)],
        description=_l("One a line; text after the address (the reason) is kept with it."),
        render_kw={"rows": 4, "spellcheck": "false"},
    )
