from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from assessment.web_support import lazy_text as _l


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(), Length(max=254)], render_kw={"autocomplete": "username"}
    )
    password = PasswordField(
        _l("Password"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "current-password"}
    )


class PasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(min=10, max=200)],
        description=_l("At least 10 characters."),
        render_kw={"autocomplete": "new-password"},
    )
    again = PasswordField(
        _l("New password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )


class RegisterForm(FlaskForm):
    """Accepting an invitation without an account: a name and a password."""

    name = StringField(
        _l("Your name"), validators=[DataRequired(), Length(max=200)], render_kw={"autocomplete": "name"}
    )
    new = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(min=10, max=200)],
        description=_l("At least 10 characters."),
        render_kw={"autocomplete": "new-password"},
    )
    again = PasswordField(
        _l("Password again"),
        validators=[DataRequired(), EqualTo("new", message=_l("The two passwords are not the same."))],
        render_kw={"autocomplete": "new-password"},
    )
