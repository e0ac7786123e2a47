from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField

from assessment.web_support import lazy_text as _l


class ImportBenchmarkForm(FlaskForm):
    file = FileField(_l("Benchmark file (JSON) exported by another server"), render_kw={"accept": ".json"})
