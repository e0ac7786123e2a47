"""The `readiness` command-line interface: every command is registered here."""

from __future__ import annotations

from flask import Flask

from assessment.commands.db_cli import db_group
from assessment.commands.import_cli import workshop_group
from assessment.commands.questionnaire_cli import questionnaire_group, score_command, validate_command
from assessment.commands.report_cli import report_command
from assessment.commands.users_cli import demo_command, users_group


def register_commands(app: Flask) -> None:
    for command in (
        validate_command,
        score_command,
        questionnaire_group,
        db_group,
        report_command,
        users_group,
        demo_command,
        workshop_group,
    ):
        app.cli.add_command(command)
