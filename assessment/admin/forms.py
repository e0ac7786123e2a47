from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, SelectField, StringField
from wtforms.validators import DataRequired, Length


class TeamForm(FlaskForm):
    name = StringField(_l("Team name"), validators=[DataRequired(), Length(max=200)])


class InviteConsultantForm(FlaskForm):
    email = EmailField(_l("E-mail of the consultant to invite"), validators=[DataRequired(), Length(max=254)])


class MoveForm(FlaskForm):
    team = SelectField(_l("Team"), validators=[DataRequired()])
