"""Views of the facilitator's summary: the page, projector slides, print handout,
live fragments and word-cloud images."""

from __future__ import annotations

from flask import Response, abort, current_app, jsonify, render_template, request
from flask_babel import get_locale, ngettext
from flask_babel import gettext as _

from analysis.load import LoadError

from .access import current, dual_route
from .cache import DataKey
from .compute import SurveySummary
from .present import Section, build_sections, selected_groups
from .service import caches, cloud_png, summary_or_start

# How often an open summary asks for fresh data; a room sees a new answer within this
# plus the time the summary takes to compute.
LIVE_INTERVAL_SECONDS = 4


def _lang() -> str:
    return str(get_locale() or "fi")


def _summary() -> tuple[DataKey, SurveySummary]:
    access = current()
    if access.survey.current_version is None:
        abort(404, _("This survey has not been deployed yet."))
    try:
        found = summary_or_start(access.survey, _lang())
    except LoadError as error:
        abort(409, _("The answers could not be read: %(error)s", error=str(error)))
    if found is None:
        # The first summary of a survey takes a while; the page says so and reloads.
        response = Response(
            render_template("facilitator/preparing.html", access=access), status=202
        )
        response.headers["Cache-Control"] = "no-store"
        abort(response)
    return found


def _requested_groups() -> list[str]:
    return [g for g in request.args.getlist("g") if g][:12]


def _context(key: DataKey, summary: SurveySummary) -> dict:
    groups = selected_groups(summary, _requested_groups())
    # Charts and tables are drawn once per data, language and choice of groups; page
    # views, slides and live polls of a room reuse them.
    sections = caches()[2].get_or_compute(
        (key, summary.lang, tuple(groups)), lambda: build_sections(summary, groups)
    )
    return {
        "access": current(),
        "key": key,
        "summary": summary,
        "groups": groups,
        # Links between views carry the groups only when someone picked them.
        "link_groups": groups if _requested_groups() else [],
        "sections": sections,
        "live": key.status == "open",
        "live_interval": current_app.config.get("FACILITATOR_LIVE_SECONDS", LIVE_INTERVAL_SECONDS),
        "query": [("g", g) for g in _requested_groups()],
    }


@dual_route("")
def summary():  # type: ignore[no-untyped-def]
    key, summary = _summary()
    return render_template("facilitator/summary.html", handout=False, **_context(key, summary))


@dual_route("/handout")
def handout():  # type: ignore[no-untyped-def]
    key, summary = _summary()
    return render_template("facilitator/summary.html", handout=True, **_context(key, summary))


@dual_route("/present/<int:number>")
def present(number: int):  # type: ignore[no-untyped-def]
    key, summary = _summary()
    context = _context(key, summary)
    sections: list[Section] = context["sections"]
    if not 1 <= number <= len(sections):
        abort(404, _("There is no slide %(number)s.", number=number))
    return render_template(
        "facilitator/present.html",
        number=number,
        total=len(sections),
        section=sections[number - 1],
        **context,
    )


@dual_route("/live")
def live():  # type: ignore[no-untyped-def]
    """Fresh HTML of the sections, or 204 when the page already shows the current data."""
    key, summary = _summary()
    if request.args.get("k") == key.token:
        return Response(status=204)
    context = _context(key, summary)
    wanted = set(request.args.getlist("s"))
    template = (
        "facilitator/_present_section.html"
        if request.args.get("mode") == "present"
        else ("facilitator/_section.html")
    )
    fragments = {
        section.id: render_template(template, section=section, **context)
        for section in context["sections"]
        if not wanted or section.id in wanted
    }
    response = jsonify(
        key=key.token,
        total=summary.total,
        total_text=ngettext("%(num)s response", "%(num)s responses", summary.total),
        live=context["live"],
        sections=fragments,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@dual_route("/cloud/<question_id>/<group>.png")
def cloud(question_id: str, group: str):  # type: ignore[no-untyped-def]
    key, summary = _summary()
    if group not in ("(all)", *summary.visible):
        abort(404)
    png = cloud_png(summary, key, question_id, group)
    if png is None:
        abort(404)
    response = Response(png, mimetype="image/png")
    # The key in the query string changes with the data, so a cached image is never stale.
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response
