"""What an import says about a file, in the interface language: the problems, refusals and
ignored columns of a CSV or XLSX export, shared by the import page and `readiness workshop import`."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from assessment.services.import_parse import FileRefused, Problem

PROBLEMS = {
    "not_a_choice": _l("“%(value)s” is not one of the choices (%(choices)s)."),
    "invalid": _l("“%(value)s” is not a valid answer: %(detail)s."),
    "required": _l("This question is required and has no answer."),
    "required_column": _l("No column for the required question “%(question)s”; %(rows)d row(s) need an answer."),
    "too_long": _l("Longer than %(limit)d characters."),
}
REFUSALS = {
    "too_large": _l("The file is %(size)d bytes; files up to %(limit)d bytes can be imported."),
    "encoding": _l("The file is not text in UTF-8 or Windows-1252. Save it as “CSV UTF-8” and upload it again."),
    "not_a_spreadsheet": _l("The file looks like an Excel workbook but cannot be read. Save it again as XLSX or CSV."),
    "unpacked_too_large": _l("The workbook unpacks to more than %(limit)d bytes. Save its first sheet as CSV instead."),
    "malformed": _l("The file cannot be read as CSV (line %(line)d: %(detail)s)."),
    "empty": _l("The file is empty."),
    "no_rows": _l("The file has a header row but no answers."),
    "too_many_rows": _l("The file has more than %(limit)d rows; split it into smaller files."),
    "no_columns": _l(
        "No column matches a question of this questionnaire. The first row must hold the questions' texts or ids, "
        "or the columns must be matched to the questions by hand on the import page."
    ),
}
IGNORED = {
    "unmatched": _l("not matched, will be ignored"),
    "recomputed": _l("a score: calculated again from the answers"),
    "not_imported": _l("not needed, will be ignored"),
    "duplicate": _l("a second column for the same question, will be ignored"),
    "left_out": _l("left out, as matched by hand"),
}
SHOWN_VALUE = 80  # characters of a cell quoted back on the page


def shown(value: str) -> str:
    """A cell as quoted on the page: long ones cut, so a hostile file cannot make a huge page."""
    return value if len(value) <= SHOWN_VALUE else value[: SHOWN_VALUE - 1] + "…"


def problem_text(problem: Problem) -> str:
    return str(PROBLEMS[problem.kind]) % {"value": shown(problem.value or ""), **problem.params}


def refusal_text(error: FileRefused) -> str:
    return str(REFUSALS[error.kind]) % error.params
