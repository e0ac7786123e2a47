"""The browser's condition evaluator (static/js/conditions.js, run by node) gives the same
result as scoring's on every show-condition and risk rule of the shipped questionnaires, and
on generated conditions, over many generated answer sets."""

from __future__ import annotations

import html
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from scoring import Questionnaire, load_file
from scoring.answers import to_jsonable
from scoring.conditions import Condition, condition_data, parse_condition
from scoring.model import Question
from scoring.sampling import preset_answers, random_answers

ROOT = Path(__file__).resolve().parents[2]
EVALUATOR = ROOT / "assessment" / "static" / "js" / "conditions.js"
SHIPPED = sorted((ROOT / "assessment" / "questionnaires").glob("*.yaml"))
RUN = """
const holds = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const results = input.conditions.map((c) => input.answers.map((a) => holds(c, a)));
process.stdout.write(JSON.stringify(results));
"""


def node() -> str:
    found = shutil.which("node")
    if found is None:
        pytest.fail("node is missing: install the Debian package nodejs (scripts/setup --test does)")
    return found


def in_browser(conditions: list[Condition], answer_sets: list[dict[str, Any]]) -> list[list[bool]]:
    """Each condition on each answer set, evaluated by conditions.js on what the page would carry."""
    payload = {
        "conditions": [json.loads(json.dumps(condition_data(c))) for c in conditions],
        "answers": [json.loads(json.dumps(to_jsonable(a))) for a in answer_sets],
    }
    done = subprocess.run(
        [node(), "-e", RUN, str(EVALUATOR)], input=json.dumps(payload), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def in_python(conditions: list[Condition], answer_sets: list[dict[str, Any]]) -> list[list[bool]]:
    return [[c.witness(a) is not None for a in answer_sets] for c in conditions]


def answer_sets(q: Questionnaire, count: int, seed: int) -> list[dict[str, Any]]:
    """Presets, valid random sets that follow the conditions, and sets that answer anything."""
    rng = random.Random(seed)
    sets = [{}, preset_answers(q, "worst"), preset_answers(q, "best")]
    sets += [random_answers(q, rng, skip_rate=0.3) for _ in range(count // 2)]
    sets += [any_answers(q, rng) for _ in range(count // 2)]
    return sets


def any_answers(q: Questionnaire, rng: random.Random) -> dict[str, Any]:
    """Each question answered (or not) at random, whatever the show-conditions say."""
    return {qid: any_value(question, rng) for qid, question in q.questions.items() if rng.random() < 0.7}


def any_value(question: Question, rng: random.Random) -> Any:
    kind, spec = question.type, question.spec
    if kind in ("single", "yesno"):
        return rng.choice(question.choices).id
    if kind == "multiple":
        return frozenset(rng.sample([c.id for c in question.choices], rng.randint(1, len(question.choices))))
    if kind == "scale":
        return (rng.randint(1, 5), rng.randint(1, 5) if spec.target and rng.random() < 0.7 else None)
    if kind == "number":
        low, high = number_range(question)
        value = rng.choice([low, high, rng.randint(int(low), int(high))])
        return value if spec.integer else rng.choice([value, value + 0.5 if value < high else value - 0.5])
    return rng.choice(["x", "Some words.", "1"])


def number_range(question: Question) -> tuple[int, int]:
    low = int(question.spec.min if question.spec.min is not None else 0)
    return low, int(question.spec.max if question.spec.max is not None else low + 100)


def generated_condition(q: Questionnaire, rng: random.Random, depth: int = 0) -> dict[str, Any]:
    """A random condition the validator accepts: all / any / not over leaves that fit their question."""
    roll = rng.random()
    if depth < 3 and roll < 0.3:
        return {rng.choice(["all", "any"]): [generated_condition(q, rng, depth + 1) for _ in range(rng.randint(1, 3))]}
    if depth < 3 and roll < 0.4:
        return {"not": generated_condition(q, rng, depth + 1)}
    return generated_leaf(rng.choice(list(q.questions.values())), rng)


def generated_leaf(question: Question, rng: random.Random) -> dict[str, Any]:
    kind, leaf = question.type, {"question": question.id}
    if kind == "text" or rng.random() < 0.1:
        return leaf | {"answered": rng.random() < 0.5}
    if kind == "scale":
        values = [1, 2, 3, 4, 5, True]  # the validator takes true for 1, as Python's == does
        if question.spec.target and rng.random() < 0.5:
            leaf["part"] = "target"
    elif kind == "number":
        low, high = number_range(question)
        values = sorted({low, high, rng.randint(low, high), rng.randint(low, high) + 0.5})
    else:
        values = [c.id for c in question.choices]
    ops = ["equals", "one_of"] + (["at_least", "at_most"] if kind in ("scale", "number", "multiple") else [])
    op = rng.choice(ops)
    if op == "equals":
        return leaf | {"equals": rng.choice(values)}
    if op == "one_of":
        return leaf | {"one_of": rng.sample(values, rng.randint(1, len(values)))}
    bounds = range(0, len(question.choices) + 2) if kind == "multiple" else [v for v in values if v is not True]
    return leaf | {op: rng.choice(list(bounds))}


def shipped_conditions(q: Questionnaire) -> list[Condition]:
    shown = [question.show_if for question in q.questions.values() if question.show_if is not None]
    return shown + [condition for _, condition in q.rules]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_browser_and_server_agree_on_every_shipped_condition(path):
    q = load_file(path)
    conditions = shipped_conditions(q)
    sets = answer_sets(q, 400, seed=15)
    python = in_python(conditions, sets)
    assert in_browser(conditions, sets) == python
    for condition, results in zip(conditions, python, strict=True):
        assert set(results) == {True, False}, condition  # each one was seen to hold and to fail


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_browser_and_server_agree_on_generated_conditions(path):
    q = load_file(path)
    rng = random.Random(19)
    conditions = [parse_condition(generated_condition(q, rng)) for _ in range(300)]
    sets = answer_sets(q, 200, seed=4)
    python = in_python(conditions, sets)
    assert in_browser(conditions, sets) == python
    decided = [results for results in python if set(results) == {True, False}]
    assert len(decided) > len(conditions) // 2  # most generated conditions depend on the answers


def test_each_page_carries_the_compiled_form_of_its_same_page_conditions(client, survey):
    q = load_file(ROOT / "assessment" / "questionnaires" / "social-collaboration-readiness.yaml")
    token = survey.start(q.id)
    written = {}
    for number in range(len(q.pages)):
        page = client.get(f"/r/{token}/page/{number}").get_data(as_text=True)
        written |= dict(re.findall(r'data-question="([^"]+)" data-type="[a-z]+" data-show-if=\'([^\']+)\'', page))
    assert set(written) == {"it-partnership", "policy-known", "policy-review", "metrics-tracked"}
    for qid, condition in written.items():
        assert json.loads(html.unescape(condition)) == condition_data(q.questions[qid].show_if)
