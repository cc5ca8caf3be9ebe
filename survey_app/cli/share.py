"""``flask share``: read-only links to a survey's summary for facilitators."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from ..extensions import db
from ..models import ShareLink, Survey


@click.group("share", help="Read-only links to a survey's summary for workshop facilitators.")
def share_cli() -> None:
    pass


def _survey(slug: str) -> Survey:
    survey = db.session.scalar(sa.select(Survey).where(Survey.slug == slug))
    if survey is None:
        known = ", ".join(db.session.scalars(sa.select(Survey.slug).order_by(Survey.slug))) or "-"
        raise click.ClickException(f"No survey '{slug}'. Surveys: {known}")
    return survey


@share_cli.command("create")
@click.argument("slug")
@click.option(
    "--expires",
    "expires_days",
    type=int,
    default=None,
    help="Days until the link stops working (default: until revoked).",
)
@click.option("--label", default="", help="A note shown in the list, e.g. the workshop's name.")
@with_appcontext
def create_command(slug: str, expires_days: int | None, label: str) -> None:
    """Create a share link for SLUG and print its URL (shown only this once)."""
    from ..audit import record
    from ..facilitator.share import create_share_link, share_url

    survey = _survey(slug)
    try:
        created = create_share_link(survey, expires_days=expires_days, label=label)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    record("cli", "share.create", survey.slug, f"link {created.link.id}")
    click.echo(share_url(created.token))
    expiry = created.link.expires_at
    note = f"expires {expiry:%Y-%m-%d %H:%M} UTC" if expiry else "does not expire"
    click.echo(
        f"Link {created.link.id} {note}. The URL is not stored; copy it now. "
        f"Revoke with: flask --app survey_app share revoke {created.link.id}",
        err=True,
    )


@share_cli.command("list")
@click.argument("slug")
@with_appcontext
def list_command(slug: str) -> None:
    """List the share links of SLUG (their URLs cannot be shown again)."""
    from ..facilitator.share import link_status, links_for

    survey = _survey(slug)
    links = links_for(survey)
    if not links:
        click.echo(f"No share links for '{slug}'.")
        return
    click.echo(f"{'id':>5}  {'status':8}  {'created (UTC)':16}  {'expires (UTC)':16}  label")
    for link in links:
        expires = f"{link.expires_at:%Y-%m-%d %H:%M}" if link.expires_at else "-"
        click.echo(
            f"{link.id:>5}  {link_status(link):8}  {link.created_at:%Y-%m-%d %H:%M}  "
            f"{expires:16}  {link.label}"
        )


@share_cli.command("revoke")
@click.argument("link_id", type=int)
@with_appcontext
def revoke_command(link_id: int) -> None:
    """Revoke share link LINK_ID (see `share list`); it answers 404 from then on."""
    from ..audit import record
    from ..facilitator.share import revoke

    link = db.session.get(ShareLink, link_id)
    if link is None:
        raise click.ClickException(f"No share link with id {link_id}. See: share list SLUG")
    survey = db.session.get(Survey, link.survey_id)
    if not revoke(link):
        click.echo(f"Link {link_id} was already revoked.")
        return
    record("cli", "share.revoke", survey.slug if survey else "", f"link {link_id}")
    click.echo(f"Link {link_id} revoked.")
