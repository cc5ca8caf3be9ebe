"""``flask survey``: deploy a questionnaire file as a survey, open and close surveys."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from questionnaires import QuestionnaireError

from ..surveys import SurveyError, deploy_questionnaire, set_status, survey_url


@click.group("survey", help="Deploy questionnaires as surveys; open and close them.")
def survey_cli() -> None:
    pass


@survey_cli.command("deploy")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--slug", help="The survey's name in its URL (default: the questionnaire id).")
@click.option("--open", "open_", is_flag=True, help="Open the survey for answers at once.")
@with_appcontext
def deploy(file: str, slug: str | None, open_: bool) -> None:
    """Validate FILE and store a snapshot of it as the survey's newest version."""
    try:
        before = _version_count(slug)
        survey = deploy_questionnaire(file, slug=slug, open_=open_)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(
            f"{file}: {len(exc.problems)} problem(s); nothing was deployed."
        ) from exc
    except SurveyError as exc:
        raise click.ClickException(str(exc)) from exc
    version = survey.current_version
    assert version is not None
    if before is not None and version.number == before:
        click.echo(f"{survey.slug}: unchanged, still version {version.number}.")
    else:
        click.echo(f"{survey.slug}: deployed version {version.number}.")
    click.echo(f"Status: {survey.status}")
    click.echo(f"Respondent URL: {survey_url(survey)}")
    if survey.status != "open":
        click.echo(f"Open it for answers with: flask --app survey_app survey open {survey.slug}")


def _version_count(slug: str | None) -> int | None:
    from ..surveys import get_survey

    survey = get_survey(slug) if slug else None
    return survey.current_version.number if survey and survey.current_version else None


@survey_cli.command("open")
@click.argument("slug")
@with_appcontext
def open_survey(slug: str) -> None:
    """Accept answers to the survey SLUG."""
    _set(slug, "open")


@survey_cli.command("close")
@click.argument("slug")
@with_appcontext
def close_survey(slug: str) -> None:
    """Stop accepting answers to the survey SLUG (stored answers stay)."""
    _set(slug, "closed")


def _set(slug: str, status: str) -> None:
    try:
        survey = set_status(slug, status)
    except SurveyError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{survey.slug}: {survey.status}")
