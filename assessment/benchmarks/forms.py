from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField


class ImportBenchmarkForm(FlaskForm):
    file = FileField(_l("Benchmark file (JSON) exported by another server"), render_kw={"accept": ".json"})
