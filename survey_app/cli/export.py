"""``flask export``: a survey's responses as CSV, XLSX, SPSS .sav or JSON."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import with_appcontext

from ..exports import FORMATS


@click.command("export")
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="File to write; CSV, XLSX and SAV get <stem>.questionnaire.yaml.")  # fmt: skip
@click.option("--all", "include_all", is_flag=True,
              help="Add unfinished responses, with a status column.")  # fmt: skip
@click.option("--lang", default=None, help="Language of labels (default: the questionnaire's).")
@click.option("--collector", default=None, help="Only responses through this collector token.")
@click.option("--group", default=None, help="Only this target group code.")
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only responses started on or after YYYY-MM-DD (UTC).")  # fmt: skip
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only responses started on or before YYYY-MM-DD (UTC).")  # fmt: skip
@click.option("--no-synthetic", is_flag=True, help="Leave out synthetic demo responses.")
@with_appcontext
def export_cli(
    slug: str,
    fmt: str,
    out: Path,
    include_all: bool,
    lang: str | None,
    collector: str | None,
    group: str | None,
    date_from: object,
    date_to: object,
    no_synthetic: bool,
) -> None:
    """Export the responses of the survey SLUG (complete ones unless --all)."""
    from .. import audit
    from ..exports import ExportError, ExportFilter, export_survey, find_survey

    filters = ExportFilter(
        include_incomplete=include_all,
        collector=collector,
        group=group,
        date_from=_day(date_from),
        date_to=_day(date_to),
        include_synthetic=not no_synthetic,
    )
    try:
        survey = find_survey(slug)
        written = export_survey(survey, fmt, out, filters, lang=lang)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc
    except OSError as exc:
        raise click.ClickException(f"{out}: cannot write ({exc.strerror or exc}).") from exc
    audit.record("cli", "survey.export", slug, f"{fmt} {filters.describe()}")
    for path in written:
        click.echo(f"Wrote {path}")


def _day(value: object) -> date | None:
    return value.date() if hasattr(value, "date") else None  # type: ignore[union-attr]
