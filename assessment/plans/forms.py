from __future__ import annotations

from flask_wtf import FlaskForm

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import DateField, HiddenField, SelectChoice, SelectField, StringField, TextAreaField  # type: ignore[attr-defined]
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from assessment.models import PLAN_STATUSES
from assessment.web_support import lazy_text as _l


def status_choices() -> list[tuple[str, str]]:
    labels = {"planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"), "dropped": _l("Dropped")}
    return [SelectChoice(s, labels[s]) for s in PLAN_STATUSES]


class ItemForm(FlaskForm):
    title = StringField(_l("Action"), validators=[DataRequired(), Length(max=300)])
    owner = StringField(
        _l("Owner (a role or a person)"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"list": "owner-roles"},
    )
    due_date = DateField(_l("Due"), validators=[DataRequired()])
    status = SelectField(_l("Status"), choices=status_choices(), validators=[DataRequired()])
    success_measure = TextAreaField(
        _l("Success measure"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    revision = HiddenField(validators=[InputRequired()])


class AddItemForm(FlaskForm):
    title = StringField(_l("New action"), validators=[DataRequired(), Length(max=300)])
    owner = StringField(
        _l("Owner (a role or a person)"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"list": "owner-roles"},
    )
    horizon = SelectField(_l("Horizon"), choices=[SelectChoice(str(h), _l("%(n)d days", n=h)) for h in (30, 60, 90)])
    success_measure = TextAreaField(
        _l("Success measure"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    order_revision = HiddenField(validators=[InputRequired()])


class OrderForm(FlaskForm):
    """Move or remove an item: carries the order revision the person saw."""

    order_revision = HiddenField(validators=[InputRequired()])


class StartDateForm(FlaskForm):
    start_date = DateField(_l("Plan starts on"), validators=[DataRequired()])


class NewPlanForm(FlaskForm):
    source = StringField(
        _l("Link to a submitted result"),
        validators=[DataRequired(), Length(max=400)],
        description=_l("Paste the respondent's results link (…/r/…/results)."),
    )
    start_date = DateField(_l("Plan starts on"), validators=[Optional()])


class WorkshopPlanForm(FlaskForm):
    start_date = DateField(_l("Plan starts on"), validators=[Optional()])


__all__ = ["AddItemForm", "ItemForm", "NewPlanForm", "OrderForm", "StartDateForm", "WorkshopPlanForm"]
