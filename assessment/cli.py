"""The `readiness` console script: Flask's command group with our commands loaded on demand.

`readiness --help` lists the commands without importing them or creating the app, and a
command imports only its own module: `readiness validate` never loads the database layer,
the PDF renderer or the chart library.
"""

from __future__ import annotations

import importlib
from typing import Any

import click
from flask.cli import FlaskGroup

COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("assessment.commands.questionnaire_cli", "validate_command"),
    "score": ("assessment.commands.questionnaire_cli", "score_command"),
    "questionnaire": ("assessment.commands.questionnaire_cli", "questionnaire_group"),
    "db": ("assessment.commands.db_cli", "db_group"),
    "report": ("assessment.commands.report_cli", "report_command"),
    "users": ("assessment.commands.users_cli", "users_group"),
    "demo": ("assessment.commands.users_cli", "demo_command"),
    "workshop": ("assessment.commands.import_cli", "workshop_group"),
    "data": ("assessment.commands.data_cli", "data_group"),
    "permissions": ("assessment.commands.data_cli", "permissions_command"),
    "worker": ("assessment.commands.jobs_cli", "worker_command"),
    "jobs": ("assessment.commands.jobs_cli", "jobs_group"),
    "campaign": ("assessment.commands.jobs_cli", "campaign_group"),
    "benchmark": ("assessment.commands.benchmark_cli", "benchmark_group"),
    "responses": ("assessment.commands.rescore_cli", "responses_group"),
}
"""Command name -> (module, attribute)."""

SHORT_HELP: dict[str, str] = {
    "validate": "Check questionnaire files and run the examples written into them.",
    "score": "Score an answers file (question id -> answer) without the web or a database.",
    "questionnaire": "Inspect questionnaires.",
    "db": "Database schema migrations.",
    "report": "Write the PDF readiness report of a submitted response (its id or its link token).",
    "users": "Accounts: consultants (in teams), client people and administrators.",
    "demo": "Create the demo consultant, organisation and workshops (once).",
    "workshop": "Workshops from the command line.",
    "data": "Data lifecycle: retention of raw answers.",
    "permissions": "Print who may use which route (the README's permissions table).",
    "worker": "Run background jobs from Redis (REDIS_URL): mail, reminders, PDF reports, imports.",
    "jobs": "Background jobs: reminders due, failed jobs.",
    "campaign": "Survey campaigns by e-mail.",
    "benchmark": "Peer benchmarks: export an anonymised file, import one from another server.",
    "responses": "Stored responses: score them again; count the dashboards' cells.",
}
"""What `--help` prints for each command; a test holds it equal to the command's own help."""


def load_command(name: str) -> click.Command:
    module, attribute = COMMANDS[name]
    command: click.Command = getattr(importlib.import_module(module), attribute)
    return command


class ReadinessGroup(FlaskGroup):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMANDS))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in COMMANDS:
            return load_command(cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            if name in SHORT_HELP:
                rows.append((name, SHORT_HELP[name]))
            elif (command := self.commands.get(name)) is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(formatter.width - 6 - len(name))))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _create_app(*_args: Any) -> Any:
    from assessment.factory import create_app  # here, not on top: `--help` and `validate` never build the app

    return create_app()


cli = ReadinessGroup(create_app=_create_app, help="Social-collaboration readiness assessment.")


if __name__ == "__main__":  # `python -m assessment.cli ...` runs the checkout it is started in
    cli()
