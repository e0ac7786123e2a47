from __future__ import annotations

from flask_wtf import FlaskForm

# SelectChoice is new in WTForms 3.3 and not yet in types-WTForms
from wtforms import (  # type: ignore[attr-defined]
    BooleanField,
    DateField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from assessment.models import PLAN_STATUSES
from assessment.web_support import lazy_text as _l


def status_labels() -> dict[str, str]:
    """Each status in the reader's language (lazy: evaluated where shown)."""
    return {"planned": _l("Planned"), "in_progress": _l("In progress"), "done": _l("Done"), "dropped": _l("Dropped")}


def status_choices() -> list[tuple[str, str]]:
    labels = status_labels()
    return [SelectChoice(s, labels[s]) for s in PLAN_STATUSES]


TITLE_AREA = {"rows": 2, "class": "title-area"}  # titles wrap on a phone instead of being cut


class ItemForm(FlaskForm):
    title = TextAreaField(_l("Action"), validators=[DataRequired(), Length(max=300)], render_kw=TITLE_AREA)
    owner = StringField(
        _l("Owner (a role or a person)"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"list": "owner-roles"},
    )
    due_date = DateField(_l("Due"), validators=[DataRequired()])
    follow_start = BooleanField(_l("Due date follows the plan's start (start date plus the horizon)"))
    status = SelectField(_l("Status"), choices=status_choices(), validators=[DataRequired()])
    success_measure = TextAreaField(
        _l("Success measure"), validators=[Optional(), Length(max=2000)], render_kw={"rows": 2}
    )
    revision = HiddenField(validators=[InputRequired()])


class AddItemForm(FlaskForm):
    title = TextAreaField(_l("New action"), validators=[DataRequired(), Length(max=300)], render_kw=TITLE_AREA)
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
