"""The ``flask --app survey_app`` command groups, one module per noun."""

from __future__ import annotations

from flask import Flask


def register_cli(app: Flask) -> None:
    from .backup import backup_cli
    from .collector import collector_cli
    from .demo import demo_cli
    from .export import export_cli
    from .questionnaire import questionnaire_cli
    from .share import share_cli
    from .survey import survey_cli
    from .user import user_cli

    app.cli.add_command(questionnaire_cli)
    app.cli.add_command(backup_cli)
    app.cli.add_command(survey_cli)
    app.cli.add_command(collector_cli)
    app.cli.add_command(export_cli)
    app.cli.add_command(user_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(share_cli)
