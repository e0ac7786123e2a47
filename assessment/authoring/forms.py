from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import Length, Optional

from assessment.web_support import lazy_text as _l


class NewDraftForm(FlaskForm):
    """Start a draft from an uploaded file, from pasted text, or from a published version."""

    file = FileField(_l("Upload a questionnaire file (YAML)"), render_kw={"accept": ".yaml,.yml,text/yaml"})
    source = TextAreaField(
        _l("Or paste its text"), validators=[Optional()], render_kw={"rows": 6, "spellcheck": "false"}
    )
    copy_of = SelectField(_l("Or start from a published version"), validators=[Optional()], default="")
    name = StringField(_l("Draft name (optional)"), validators=[Optional(), Length(max=200)])


class EditDraftForm(FlaskForm):
    source = TextAreaField(
        _l("Questionnaire text (YAML)"),
        render_kw={"rows": 30, "spellcheck": "false", "autocapitalize": "off", "autocomplete": "off", "wrap": "off"},
    )
    file = FileField(_l("Or replace it with a file"), render_kw={"accept": ".yaml,.yml,text/yaml"})
    base_hash = HiddenField()  # the saved text this edit started from: a save from a stale tab is stopped
