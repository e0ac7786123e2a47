"""Loading a questionnaire file: safe YAML, schema, cross-checks, then the file's own examples."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from scoring.answers import AnswersInvalid, parse_answers
from scoring.engine import score_response
from scoring.format.checks import check_document
from scoring.format.problems import Problem, describe, from_validation_error
from scoring.format.schema import Example, Expectation, QuestionnaireSpec, Range
from scoring.format.yamlread import LinedDocument, YamlProblem, read_yaml
from scoring.format.yamlread import Path as DataPath
from scoring.model import Questionnaire
from scoring.results import ReadinessResult
from scoring.sampling import preset_answers


class QuestionnaireInvalid(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class LoadReport:
    """What validating one file found; `questionnaire` is set when it is usable."""

    name: str
    problems: list[Problem] = field(default_factory=list)
    questionnaire: Questionnaire | None = None
    examples_run: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and self.questionnaire is not None


def validate_text(text: str | bytes, name: str = "<questionnaire>", run_examples: bool = True) -> LoadReport:
    """Every problem in `text`, each with the line it is on; never raises on bad input."""
    report = LoadReport(name)
    raw = text.encode("utf-8") if isinstance(text, str) else text
    try:
        doc = read_yaml(raw)
    except YamlProblem as exc:
        report.problems.append(Problem(exc.line or 0, exc.message, name))
        return report
    if doc.data is None:
        report.problems.append(Problem(1, "the file is empty", name))
        return report
    found = [
        Problem(doc.line_of(path) or 0, _with_place(path, msg, doc), name) for path, msg in check_document(doc.data)
    ]
    spec = None
    try:
        spec = QuestionnaireSpec.model_validate(doc.data)
    except ValidationError as exc:
        found += [Problem(p.line, p.message, name) for p in from_validation_error(exc, doc)]
    report.problems = sorted(set(found))
    if report.problems or spec is None:
        return report
    q = Questionnaire(spec, source_hash=hashlib.sha256(raw).hexdigest(), source_name=name)
    report.questionnaire = q
    if run_examples:
        for i, example in enumerate(spec.examples):
            line = doc.line_of(("examples", i)) or 0
            for message in run_example(q, example):
                report.problems.append(Problem(line, f"example '{example.name}': {message}", name))
            report.examples_run += 1
    return report


def _with_place(path: DataPath, message: str, doc: LinedDocument) -> str:
    place = describe(path, doc.data)
    return message if place == "the file" else f"{place}: {message}"


def load_questionnaire(text: str | bytes, name: str = "<questionnaire>", run_examples: bool = False) -> Questionnaire:
    """The compiled questionnaire, or QuestionnaireInvalid with every problem."""
    report = validate_text(text, name, run_examples=run_examples)
    if not report.ok or report.questionnaire is None:
        raise QuestionnaireInvalid(report.problems)
    return report.questionnaire


def load_file(path: str | Path, run_examples: bool = False) -> Questionnaire:
    path = Path(path)
    return load_questionnaire(path.read_bytes(), str(path), run_examples=run_examples)


def example_answers(q: Questionnaire, example: Example) -> dict[str, Any]:
    """The example's answers, filled from its preset; raises AnswersInvalid."""
    fixed = parse_answers(q, example.answers)
    return preset_answers(q, example.preset, fixed) if example.preset else fixed


def run_example(q: Questionnaire, example: Example) -> list[str]:
    """What the example expects but does not get (empty when it passes)."""
    try:
        answers = example_answers(q, example)
    except AnswersInvalid as exc:
        return [f"answer for {e}" for e in exc.errors]
    result = score_response(q, answers)
    return _unmet(q, example, result)


def _unmet(q: Questionnaire, example: Example, result: ReadinessResult) -> list[str]:
    expect = example.expect
    failures: list[str] = []
    band = result.risk_band.band if result.risk_band else "none (this questionnaire has no failure-risk model)"
    wanted = [expect.risk_band] if isinstance(expect.risk_band, str) else expect.risk_band
    if wanted and band not in wanted:
        failures.append(f"expected risk band {' or '.join(wanted)}, got {band}")
    level = result.maturity_level
    if isinstance(expect.maturity_level, int) and level != expect.maturity_level:
        failures.append(f"expected maturity level {expect.maturity_level}, got {level}")
    elif expect.maturity_level is not None and not isinstance(expect.maturity_level, int):
        failures += _out_of_range("maturity level", level, expect.maturity_level)
    if expect.readiness_index is not None:
        failures += _out_of_range("readiness index", result.readiness_index, expect.readiness_index)
    owner = result.ownership.classification if result.ownership else "none (no ownership question)"
    if expect.ownership and owner != expect.ownership:
        failures.append(f"expected ownership {expect.ownership}, got {owner}")
    return failures + _unmet_risks_and_actions(q, expect, result)


def _unmet_risks_and_actions(q: Questionnaire, expect: Expectation, result: ReadinessResult) -> list[str]:
    fired = set(result.risk_ids()) | {a for risk in result.risk_factors for a in risk.absorbed}  # counted or folded
    failures = [f"expects unknown risk factor '{r}'" for r in expect.risks_include if r not in q.risk_factors]
    failures += [
        f"expected risk factor '{r}' to fire, it did not"
        for r in expect.risks_include
        if r in q.risk_factors and r not in fired
    ]
    failures += [f"expected risk factor '{r}' not to fire, it did" for r in expect.risks_exclude if r in fired]
    top = result.risk_ids()[: len(expect.top_risks)]
    failures += [
        f"expected risk factor '{r}' among the top {len(expect.top_risks)}, got {', '.join(top) or 'none'}"
        for r in expect.top_risks
        if r not in top
    ]
    recommended = {a.id for a in result.actions}
    failures += [
        f"expected action '{a}' to be recommended, it was not" for a in expect.actions_include if a not in recommended
    ]
    failures += [
        f"expected action '{a}' not to be recommended, it was" for a in expect.actions_exclude if a in recommended
    ]
    return failures


def _out_of_range(what: str, value: float | None, bounds: Range) -> list[str]:
    if value is None:
        return [f"expected a {what}, got none (nothing was scored)"]
    shown = f"{value:.1f}" if isinstance(value, float) else str(value)
    if bounds.at_least is not None and value < bounds.at_least:
        return [f"expected {what} at least {bounds.at_least:g}, got {shown}"]
    if bounds.at_most is not None and value > bounds.at_most:
        return [f"expected {what} at most {bounds.at_most:g}, got {shown}"]
    return []
