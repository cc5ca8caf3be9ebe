"""Collector links: creating them, their QR codes (PNG, SVG) and a printable A4 poster."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg
import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, send_file, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth import roles_required
from ..extensions import db
from ..models import Collector
from ..surveys import SurveyError, collector_url, create_collector, questionnaire_for
from . import bp
from .forms import CollectorForm
from .routes import group_choices, survey_or_404


def collector_or_404(slug: str, token: str) -> Collector:
    survey = survey_or_404(slug)
    collector = db.session.scalar(
        sa.select(Collector).where(Collector.survey_id == survey.id, Collector.token == token)
    )
    if collector is None:
        abort(404, _("No such collector link."))
    return collector


def qr_png(url: str) -> bytes:
    # Error correction M survives a smudged printout or a projector's glare.
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=16, border=4)
    qr.add_data(url)
    out = io.BytesIO()
    qr.make_image().save(out)
    return out.getvalue()


def qr_svg(url: str) -> bytes:
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=4,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    qr.add_data(url)
    out = io.BytesIO()
    qr.make_image().save(out)
    return out.getvalue()


@bp.post("/surveys/<slug>/collectors")
@roles_required("researcher")
def create_link(slug: str):  # type: ignore[no-untyped-def]
    survey = survey_or_404(slug)
    if survey.current_version is None:
        abort(404)
    form = CollectorForm()
    form.group.choices = group_choices(questionnaire_for(survey.current_version), "")
    if not form.validate_on_submit():
        flash(_("Check the target group and keep the label under 200 characters."), "error")
        return redirect(url_for("researcher.survey", slug=slug) + "#collectors")
    try:
        collector = create_collector(
            survey, group=form.group.data or None, label=(form.label.data or "").strip()
        )
    except SurveyError as exc:
        flash(str(exc), "error")
        return redirect(url_for("researcher.survey", slug=slug) + "#collectors")
    audit.record(current_user, "collector.create", survey.slug,
                 f"group={collector.target_group or '-'}")  # fmt: skip
    flash(_("New link: %(url)s", url=collector_url(collector)), "info")
    return redirect(url_for("researcher.survey", slug=slug) + "#collectors")


def _download_name(collector: Collector, ext: str) -> str:
    return f"{collector.survey.slug}-{collector.token}-qr.{ext}"


@bp.get("/surveys/<slug>/collectors/<token>/qr.png")
@roles_required("researcher")
def collector_qr_png(slug: str, token: str):  # type: ignore[no-untyped-def]
    collector = collector_or_404(slug, token)
    return send_file(
        io.BytesIO(qr_png(collector_url(collector))),
        mimetype="image/png",
        download_name=_download_name(collector, "png"),
        as_attachment=False,
    )


@bp.get("/surveys/<slug>/collectors/<token>/qr.svg")
@roles_required("researcher")
def collector_qr_svg(slug: str, token: str):  # type: ignore[no-untyped-def]
    collector = collector_or_404(slug, token)
    return send_file(
        io.BytesIO(qr_svg(collector_url(collector))),
        mimetype="image/svg+xml",
        download_name=_download_name(collector, "svg"),
        as_attachment=False,
    )


@bp.get("/surveys/<slug>/collectors/<token>/poster")
@roles_required("researcher")
def collector_poster(slug: str, token: str):  # type: ignore[no-untyped-def]
    collector = collector_or_404(slug, token)
    survey = collector.survey
    questionnaire = questionnaire_for(survey.current_version) if survey.current_version else None
    url = collector_url(collector)
    languages = list(questionnaire.languages) if questionnaire else ["fi"]
    texts, minutes = {}, {}
    # The poster speaks to respondents in every language of the questionnaire at once.
    for code in languages:
        with force_locale(code):
            texts[code] = _("Scan the code with your phone's camera and answer")
            if questionnaire and questionnaire.estimated_minutes:
                minutes[code] = _("About %(n)s minutes", n=questionnaire.estimated_minutes)
    return render_template(
        "researcher/poster.html",
        survey=survey,
        collector=collector,
        questionnaire=questionnaire,
        url=url,
        short_url=url.split("://", 1)[-1],
        poster_texts=texts,
        poster_minutes=minutes,
    )
