"""``flask collector``: collector links that may preset the target group, with QR codes."""

from __future__ import annotations

import io
from pathlib import Path

import click
import qrcode
from flask.cli import with_appcontext

from ..surveys import SurveyError, collector_url, create_collector, get_survey


@click.group("collector", help="Links handed out to a class or an event, with QR codes.")
def collector_cli() -> None:
    pass


@collector_cli.command("create")
@click.argument("slug")
@click.option("--group", help="Target group code preset by this link (the question is skipped).")
@click.option("--label", default="", help="A note for researchers, e.g. the class or event.")
@click.option(
    "--qr",
    "qr_path",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the link's QR code to FILE.png or FILE.svg.",
)
@click.option("--no-terminal-qr", is_flag=True, help="Do not draw the QR code in the terminal.")
@with_appcontext
def create(
    slug: str, group: str | None, label: str, qr_path: str | None, no_terminal_qr: bool
) -> None:
    """Create a collector link for the survey SLUG and print its URL."""
    if qr_path and Path(qr_path).suffix.lower() not in (".png", ".svg"):
        raise click.UsageError("--qr must name a .png or .svg file.")
    survey = get_survey(slug)
    if survey is None:
        raise click.ClickException(f"no survey with slug {slug!r}.")
    try:
        collector = create_collector(survey, group=group, label=label)
    except SurveyError as exc:
        raise click.ClickException(str(exc)) from exc
    url = collector_url(collector)
    click.echo(url)
    if survey.status != "open":
        click.echo(
            f"Note: survey {slug!r} is {survey.status}; open it with "
            f"`flask --app survey_app survey open {slug}`.",
            err=True,
        )
    if qr_path:
        write_qr(url, Path(qr_path))
        click.echo(f"QR code written to {qr_path}")
    if not no_terminal_qr:
        click.echo(terminal_qr(url))


def write_qr(url: str, path: Path) -> None:
    if path.suffix.lower() == ".svg":
        import qrcode.image.svg

        image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=20)
    else:
        image = qrcode.make(url, box_size=20, border=4)
    try:
        with path.open("wb") as fh:
            image.save(fh)
    except OSError as exc:
        raise click.ClickException(f"{path}: cannot write the QR code ({exc}).") from exc


def terminal_qr(url: str) -> str:
    qr = qrcode.QRCode(border=2)
    qr.add_data(url)
    out = io.StringIO()
    # Inverted so the code scans from a dark terminal, the common default.
    qr.print_ascii(out=out, invert=True)
    return out.getvalue()
