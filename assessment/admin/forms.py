from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length

from assessment.web_support import lazy_text as _l


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(), Length(max=200)])


class InviteConsultantForm(FlaskForm):
    email = EmailField(_l("E-mail of the consultant to invite"), validators=[DataRequired(), Length(max=254)])


class MoveForm(FlaskForm):
    team = SelectField(_l("Team"), validators=[DataRequired()])
