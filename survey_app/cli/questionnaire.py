"""``flask questionnaire``: check questionnaire files and print their codebooks."""

from __future__ import annotations

import click

from questionnaires import QuestionnaireError, load_questionnaire
from questionnaires.codebook import to_csv, to_markdown, variables


@click.group("questionnaire", help="Check questionnaire files and print their codebooks.")
def questionnaire_cli() -> None:
    pass


@questionnaire_cli.command("check")
@click.argument("files", nargs=-1, required=True)
@click.pass_context
def check_command(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Check each questionnaire FILE; list every problem and exit 1 if any file is invalid."""
    failed = 0
    for path in files:
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireError as exc:
            failed += 1
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{path}: invalid, {_count(len(exc.problems), 'problem')}", err=True)
            continue
        click.echo(
            f"{path}: ok - {questionnaire.id} version {questionnaire.version}, "
            f"{_count(len(questionnaire.pages), 'page')}, "
            f"{_count(len(questionnaire.questions()), 'question')}, "
            f"languages {', '.join(questionnaire.languages)}"
        )
    if failed:
        ctx.exit(1)


@questionnaire_cli.command("codebook")
@click.argument("file")
@click.option("--lang", default=None, help="Language of the labels (default: the file's default).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "md"]),
    default="md",
    show_default=True,
    help="CSV for spreadsheets, Markdown for reading and reports.",
)
def codebook_command(file: str, lang: str | None, fmt: str) -> None:
    """Print the codebook of FILE: variable, question text, type, codes and labels."""
    try:
        questionnaire = load_questionnaire(file)
    except QuestionnaireError as exc:
        raise click.ClickException(
            f"{file} is not a valid questionnaire:\n{exc}\n"
            f"Run 'flask --app survey_app questionnaire check {file}' for details."
        ) from None
    lang = lang or questionnaire.default_language
    if lang not in questionnaire.languages:
        raise click.BadParameter(
            f"'{lang}' is not one of the questionnaire's languages "
            f"({', '.join(questionnaire.languages)})",
            param_hint="--lang",
        )
    items = variables(questionnaire, lang=lang)
    text = to_csv(items) if fmt == "csv" else to_markdown(questionnaire, items, lang)
    click.echo(text, nl=False)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
