"""The researcher's page of a survey's share links: create, list and revoke."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..audit import record
from ..extensions import db
from ..models import ShareLink
from .access import current, member_route
from .share import create_share_link, link_status, links_for, revoke, share_url


@member_route("/share-links", "researcher", methods=("GET", "POST"))
def share_links():  # type: ignore[no-untyped-def]
    survey = current().survey
    new_url = None
    if request.method == "POST":
        try:
            days = int(request.form.get("expires") or 0) or None
            created = create_share_link(survey, days, request.form.get("label", "").strip())
        except ValueError:
            flash(_("Give the number of days as a whole number from 1 to 3650."), "error")
        else:
            record(current_user, "share.create", survey.slug, f"link {created.link.id}")
            new_url = share_url(created.token)
    links = [(link, link_status(link)) for link in links_for(survey)]
    return render_template(
        "facilitator/share_links.html", access=current(), links=links, new_url=new_url
    )


@member_route("/share-links/<int:link_id>/revoke", "researcher", methods=("POST",))
def revoke_share_link(link_id: int):  # type: ignore[no-untyped-def]
    survey = current().survey
    link = db.session.get(ShareLink, link_id)
    if link is None or link.survey_id != survey.id:
        abort(404)
    if revoke(link):
        record(current_user, "share.revoke", survey.slug, f"link {link_id}")
        flash(_("Link %(id)s revoked; it no longer opens.", id=link_id), "success")
    return redirect(url_for("facilitator.share_links", slug=survey.slug))
