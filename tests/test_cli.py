"""The `readiness` commands that work without the web: validate, score, questionnaire show."""

import json
import subprocess
import sys

import pytest

from tests.support.questionnaires import MINIMAL_PATH, PULSE_PATH, line_of, minimal_text, mutated

IT_LED = """
role: it
stage: launched-long
owner: it
objectives: generic
sequence: platform-first
wiifm: {current: 2, target: 4}
exec-participation: name-only
policy: none
measurement: logins
activity-trend: fading
training: launch
community-manager: none
workflow: {current: 1, target: 3}
"""


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(IT_LED)
    return path


def test_validate_accepts_good_files_and_runs_their_examples(runner):
    result = runner.invoke(args=["validate", str(PULSE_PATH), str(MINIMAL_PATH)])
    assert result.exit_code == 0, result.output
    assert "OK (22 questions, 10 example(s) passed)" in result.output


def test_validate_reports_file_line_and_reason_and_exits_1(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(mutated("raises: [risk-z]}", "raises: [risk-zz]}"))
    result = runner.invoke(args=["validate", str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:" in result.output and "unknown risk factor 'risk-zz'" in result.output


def test_validate_missing_file(runner):
    result = runner.invoke(args=["validate", "nope.yaml"])
    assert result.exit_code == 1 and "no such file" in result.output


def test_score_json_has_the_documented_fields(runner, answers_file):
    result = runner.invoke(args=["score", "executive-pulse", str(answers_file), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data["overall"]) >= {"readiness_index", "maturity_level"}
    assert data["risk_band"]["band"] == "critical"
    assert data["ownership"]["classification"] == "it_led"
    dimension = data["dimensions"][0]
    assert {"id", "score", "maturity_level", "contributions"} <= set(dimension)
    risk = next(r for r in data["risk_factors"] if r["id"] == "platform-without-purpose")
    assert risk["severity"] == "critical"
    assert risk["triggered_by"][0]["rule_id"] == "it-owned-without-objectives"
    assert data["actions"][0]["id"] == "appoint-business-owner"


def test_score_text_explain_names_the_answers(runner, answers_file):
    result = runner.invoke(args=["score", str(PULSE_PATH), str(answers_file), "--explain"])
    assert result.exit_code == 0
    assert "owner = The IT department: +20.0 (cost 80.0)" in result.output
    assert "because rule 'it-owned-without-objectives'" in result.output


def test_score_in_german(runner, answers_file):
    result = runner.invoke(args=["score", "executive-pulse", str(answers_file), "--locale", "de"])
    assert "Verantwortung und Steuerung" in result.output


def test_a_language_the_questionnaire_lacks_is_refused(runner, answers_file, tmp_path):
    result = runner.invoke(args=["score", "executive-pulse", str(answers_file), "--locale", "fr"])
    assert result.exit_code == 1
    assert "questionnaire 'executive-pulse' has no 'fr' texts; it is written in en, de" in result.output
    shown = runner.invoke(args=["questionnaire", "show", "executive-pulse", "--locale", "fr"])
    assert shown.exit_code == 1 and "has no 'fr' texts" in shown.output


def test_bad_answer_file_names_the_question(runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"role": "it", "owner": "martians", "wiifm": 7}))
    result = runner.invoke(args=["score", "executive-pulse", str(path)])
    assert result.exit_code == 1
    assert "question 'owner': 'martians' is not one of the choices" in result.output
    assert "question 'wiifm'" in result.output


def test_answer_file_that_is_not_a_mapping(runner, tmp_path):
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n")
    result = runner.invoke(args=["score", "executive-pulse", str(path)])
    assert result.exit_code == 1 and "expected a mapping" in result.output


def test_unknown_questionnaire(runner, answers_file):
    result = runner.invoke(args=["score", "no-such", str(answers_file)])
    assert result.exit_code == 2 and "no shipped questionnaire" in result.output


def test_questionnaire_show_json_lists_ids_types_choices_and_scores(runner):
    result = runner.invoke(args=["questionnaire", "show", "executive-pulse", "--format", "json"])
    data = json.loads(result.output)
    owner = next(q for p in data["pages"] for q in p["questions"] if q["id"] == "owner")
    assert owner["type"] == "single"
    assert {"id": "it", "label": "The IT department", "score": 20.0, "exclusive": False} in owner["choices"]


def test_score_pdf_offline(runner, answers_file, tmp_path):
    out = tmp_path / "offline.pdf"
    result = runner.invoke(args=["score", "executive-pulse", str(answers_file), "--pdf", str(out), "--label", "X"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_questionnaire_diff_of_identical_files_exits_0(runner):
    result = runner.invoke(args=["questionnaire", "diff", str(PULSE_PATH), "executive-pulse"])
    assert result.exit_code == 0, result.output
    assert result.output == "executive-pulse version 2 -> executive-pulse version 2\nNo differences.\n"


def test_questionnaire_diff_reports_changes_and_losses_and_exits_1(runner, tmp_path):
    text = mutated("version: 1", "version: 2").replace("{id: y, label: Y, score: 50}", "{id: y, label: Y, score: 60}")
    new = tmp_path / "v2.yaml"
    new.write_text(text + "maps_from:\n  - version: 1\n    questions: {q7: null}\n")
    result = runner.invoke(args=["questionnaire", "diff", str(MINIMAL_PATH), str(new)])
    assert result.exit_code == 1, result.output
    assert "\nChoices and scale anchors\n  - Question 'q1', choice 'y': score changed from 50 to 60.\n" in result.output
    assert "Question 'q7': dropped in the new version." in result.output
    result = runner.invoke(args=["questionnaire", "diff", str(MINIMAL_PATH), str(new), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["identical"] is False and data["mapping_version"] == 1
    assert data["lost"] == [{"kind": "question", "id": "q7", "reason": "dropped in the new version"}]
    changes = [c for s in data["sections"] for c in s["changes"]]
    assert {"kind": "choice", "id": "q1.y", "change": "score", "old": 50.0, "new": 60.0}.items() <= next(
        c for c in changes if c["id"] == "q1.y"
    ).items()


def test_questionnaire_diff_json_of_identical_files(runner):
    result = runner.invoke(args=["questionnaire", "diff", str(MINIMAL_PATH), str(MINIMAL_PATH), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["identical"] is True and data["lost"] == []
    assert all(section["changes"] == [] for section in data["sections"])


def test_questionnaire_diff_of_an_invalid_file_exits_2_with_file_and_line(runner, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text(mutated("raises: [risk-z]}", "raises: [risk-zz]}"))
    result = runner.invoke(args=["questionnaire", "diff", str(MINIMAL_PATH), str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:{line_of(minimal_text(), 'raises: [risk-z]}')}: " in result.output
    assert "unknown risk factor 'risk-zz'" in result.output and "No differences" not in result.output
    missing = runner.invoke(args=["questionnaire", "diff", "nope.yaml", str(MINIMAL_PATH)])
    assert missing.exit_code == 2 and "no shipped questionnaire" in missing.output


def test_sync_publishes_what_it_can_and_names_the_file_it_cannot(app, runner, tmp_path):
    """A shipped file whose version number clashes must not keep the other files (or the app) back."""
    from assessment.db import session
    from assessment.models import QuestionnaireVersion

    clash = PULSE_PATH.read_text(encoding="utf-8").replace("How has activity developed", "How has activity moved")
    (tmp_path / "executive-pulse.yaml").write_text(clash, encoding="utf-8")
    (tmp_path / "minimal.yaml").write_text(MINIMAL_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    result = runner.invoke(args=["questionnaire", "sync", "--directory", str(tmp_path)])
    assert result.exit_code == 3  # only a version clash: scripts/start goes on
    assert "minimal version 1: published" in result.output
    assert "executive-pulse.yaml: not published" in result.stderr
    assert "set 'version: 3'" in result.stderr
    with app.app_context():
        minimal = session().query(QuestionnaireVersion).filter_by(questionnaire_id="minimal")
        assert minimal.count() == 1
        assert session().query(QuestionnaireVersion).filter_by(questionnaire_id="executive-pulse").count() == 1
        minimal.delete()  # published as "shipped", which the per-test cleanup keeps
        session().commit()


def test_sync_exits_1_for_an_invalid_file(runner, tmp_path):
    (tmp_path / "broken.yaml").write_text("format: 1\nid: broken\n", encoding="utf-8")
    result = runner.invoke(args=["questionnaire", "sync", "--directory", str(tmp_path)])
    assert result.exit_code == 1
    assert "broken.yaml: not published" in result.stderr


def test_diff_reads_published_versions_as_id_at_version(runner):
    same = runner.invoke(args=["questionnaire", "diff", "executive-pulse@2", str(PULSE_PATH)])
    assert same.exit_code == 0, same.output
    missing = runner.invoke(args=["questionnaire", "diff", "executive-pulse@7", str(PULSE_PATH)])
    assert missing.exit_code == 2 and "no such published version" in missing.stderr


def test_help_lists_every_command_with_its_own_summary():
    """`readiness --help` prints the summaries from a table (so it imports nothing); they match the commands."""
    from assessment.cli import COMMANDS, SHORT_HELP, load_command

    assert set(SHORT_HELP) == set(COMMANDS)
    for name in COMMANDS:
        command = load_command(name)
        assert command.name == name
        assert (command.help or "").split("\n\n")[0].strip() == SHORT_HELP[name], name


def test_help_and_validate_load_neither_database_nor_renderers():
    """Authors and CI pay for what they use: no SQLAlchemy, WeasyPrint, Plotly or kaleido for these two."""
    script = (
        "import sys\n"
        "from assessment.cli import cli\n"
        "for args in (['--help'], ['validate', sys.argv[1]]):\n"
        "    try:\n"
        "        cli(args)\n"
        "    except SystemExit as stop:\n"
        "        assert stop.code == 0, (args, stop.code)\n"
        "heavy = sorted({'sqlalchemy', 'weasyprint', 'plotly', 'kaleido', 'wtforms', 'assessment.factory'} & set(sys.modules))\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(PULSE_PATH)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Commands:" in done.stdout and "OK (22 questions" in done.stdout
