"""``flask demo``: a demo survey link for `make run`, and synthetic responses for showing
and benchmarking reports without real respondents."""

from __future__ import annotations

import io
import secrets
import time
from collections.abc import Iterable
from itertools import islice

import click
import qrcode
import sqlalchemy as sa
from flask.cli import with_appcontext

from questionnaires import QuestionnaireError

from ..demo_answers import SyntheticResponse, generate_responses
from ..extensions import db
from ..models import Answer, Collector, Response, Survey, SurveyVersion
from ..surveys import (
    SurveyError,
    collector_url,
    create_collector,
    deploy_questionnaire,
    get_survey,
    questionnaire_for,
    set_status,
)

DEMO_COLLECTOR_LABEL = "Demo"
BATCH = 1000


@click.group("demo", help="A demo survey link, and synthetic responses for demonstrations.")
def demo_cli() -> None:
    pass


@demo_cli.command("link")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--slug", help="The survey's slug (default: the questionnaire id).")
@click.option("--light-terminal", is_flag=True, help="Draw the QR code for a light background.")
@with_appcontext
def link(file: str, slug: str | None, light_terminal: bool) -> None:
    """Deploy FILE (a new version only if it changed), open a new survey, and print a demo
    collector link with a QR code. Running it again reuses the same link."""
    try:
        survey = deploy_questionnaire(file, slug=slug)
        if survey.status == "draft":
            survey = set_status(survey.slug, "open")
        collector = db.session.scalar(
            sa.select(Collector)
            .where(Collector.survey_id == survey.id, Collector.label == DEMO_COLLECTOR_LABEL)
            .where(Collector.active.is_(True))
            .order_by(Collector.id)
        )
        if collector is None:
            collector = create_collector(survey, label=DEMO_COLLECTOR_LABEL)
    except QuestionnaireError as exc:
        for problem in exc.problems:
            click.echo(str(problem), err=True)
        raise click.ClickException(f"{file}: {len(exc.problems)} problem(s).") from exc
    except SurveyError as exc:
        raise click.ClickException(str(exc)) from exc
    url = collector_url(collector)
    version = survey.current_version
    click.echo(
        f"Survey {survey.slug} (version {version.number if version else '?'}), {survey.status}"
    )
    if survey.status != "open":
        click.echo(f"The survey is {survey.status}; open it with: "
                   f"flask --app survey_app survey open {survey.slug}")  # fmt: skip
    click.echo(f"Demo link: {url}")
    click.echo(terminal_qr(url, invert=not light_terminal), nl=False)


def terminal_qr(text: str, invert: bool = True) -> str:
    """A QR code drawn with block characters; inverted reads right on a dark terminal."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_L)
    code.add_data(text)
    out = io.StringIO()
    code.print_ascii(out=out, invert=invert)
    return out.getvalue()


@demo_cli.command("responses")
@click.argument("slug")
@click.option("--n", "n", type=click.IntRange(1, 1_000_000), default=200, show_default=True,
              help="How many responses to add.")  # fmt: skip
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same answers.")
@with_appcontext
def responses(slug: str, n: int, seed: int) -> None:
    """Add N complete synthetic responses to the survey SLUG, marked as synthetic."""
    survey = get_survey(slug)
    if survey is None:
        raise click.ClickException(f"no survey with slug {slug!r}.")
    version = survey.current_version
    if version is None:
        raise click.ClickException(f"survey {slug!r} has no deployed version.")
    started = time.perf_counter()
    added, answers = add_demo_responses(survey, n, seed=seed)
    seconds = time.perf_counter() - started
    click.echo(f"{slug}: added {added} synthetic responses ({answers} answers) in {seconds:.1f} s.")


def add_demo_responses(survey: Survey, n: int, seed: int = 0) -> tuple[int, int]:
    """Add ``n`` synthetic responses to the current version of ``survey``; returns the
    numbers of responses and answers stored."""
    version = survey.current_version
    if version is None:
        raise ValueError(f"survey {survey.slug!r} has no deployed version")
    generated = generate_responses(questionnaire_for(version), n, seed=seed)
    return insert_responses(survey, version, generated)


def insert_responses(
    survey: Survey, version: SurveyVersion, generated: Iterable[SyntheticResponse]
) -> tuple[int, int]:
    """Store generated responses in bulk, in one transaction: all of them or none."""
    pages = len(questionnaire_for(version).pages)
    answer_table = Answer.__table__
    added = answers = 0
    iterator = iter(generated)
    try:
        while batch := list(islice(iterator, BATCH)):
            rows = [
                {
                    "survey_id": survey.id,
                    "version_id": version.id,
                    "collector_id": None,
                    "language": r.language,
                    "target_group": r.target_group,
                    "status": "complete",
                    "current_page": pages,
                    # A random value nobody holds: synthetic responses cannot be resumed.
                    "resume_token_hash": secrets.token_hex(32),
                    "is_synthetic": True,
                    "started_at": r.started_at,
                    "updated_at": r.completed_at,
                    "completed_at": r.completed_at,
                }
                for r in batch
            ]
            ids = db.session.scalars(
                sa.insert(Response).returning(Response.id, sort_by_parameter_order=True), rows
            ).all()
            answer_rows = [
                {"response_id": rid, "question_id": qid, "item": item, "value": value}
                for rid, r in zip(ids, batch, strict=True)
                for qid, item, value in r.answers
            ]
            if answer_rows:
                db.session.execute(answer_table.insert(), answer_rows)
            added += len(batch)
            answers += len(answer_rows)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return added, answers


@demo_cli.command("clear")
@click.argument("slug")
@with_appcontext
def clear(slug: str) -> None:
    """Delete the synthetic responses of the survey SLUG; real responses stay untouched."""
    survey = get_survey(slug)
    if survey is None:
        raise click.ClickException(f"no survey with slug {slug!r}.")
    synthetic = sa.select(Response.id).where(
        Response.survey_id == survey.id, Response.is_synthetic.is_(True)
    )
    db.session.execute(sa.delete(Answer).where(Answer.response_id.in_(synthetic)))
    deleted = db.session.execute(
        sa.delete(Response).where(Response.survey_id == survey.id, Response.is_synthetic.is_(True))
    ).rowcount
    db.session.commit()
    click.echo(f"{slug}: deleted {deleted} synthetic responses.")
