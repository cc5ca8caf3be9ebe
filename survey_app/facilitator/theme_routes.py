"""Renaming and merging themes from the summary page, and the themes file for the report."""

from __future__ import annotations

from flask import Response, flash, redirect, request
from flask_babel import gettext as _
from flask_login import current_user

from analysis.themes_edit import ThemeEditError, ThemeEdits, parse_edits

from ..audit import record
from ..extensions import db
from .access import current, furl, member_route
from .themes import save_edits, stored_edits, theme_file

MAX_NAME = 80


@member_route("/themes/<question_id>", methods=("POST",))
def edit_themes(question_id: str):  # type: ignore[no-untyped-def]
    access = current()
    questionnaire_ids = _open_question_ids()
    back = redirect(furl("summary") + f"#q-{question_id}-themes")
    if question_id not in questionnaire_ids:
        flash(_("That question has no themes."), "error")
        return back
    payload = stored_edits(access.survey.id).get(question_id) or {}
    try:
        edits = parse_edits(payload)
    except ThemeEditError:
        edits = ThemeEdits()
    action = request.form.get("action", "")
    rename = dict(edits.rename)
    merge = [list(m) for m in edits.merge]
    known = _theme_ids(question_id) | {i for m in merge for i in m}
    try:
        if action == "rename":
            theme = int(request.form.get("theme", ""))
            if theme not in known:
                raise ValueError(f"no theme {theme}")
            name = " ".join(request.form.get("name", "").split())[:MAX_NAME]
            if not name:
                flash(_("Give the theme a name."), "error")
                return back
            rename[theme] = name
            detail = f"{question_id}: theme {theme} named {name!r}"
        elif action == "merge":
            ids = sorted({int(v) for v in request.form.getlist("theme")})
            if len(ids) < 2:
                flash(_("Tick two or more themes to merge."), "error")
                return back
            if not set(ids) <= known:
                raise ValueError(f"no theme {sorted(set(ids) - known)[0]}")
            # A theme already merged elsewhere joins that merge instead of a second one.
            joined = [m for m in merge if set(m) & set(ids)]
            merge = [m for m in merge if m not in joined]
            combined = sorted({i for m in joined for i in m} | set(ids))
            keep = next((m[0] for m in joined), combined[0])
            merge.append([keep, *[i for i in combined if i != keep]])
            detail = f"{question_id}: themes {combined} merged"
        elif action == "reset":
            rename, merge = {}, []
            detail = f"{question_id}: names and merges removed"
        else:
            flash(_("Unknown action."), "error")
            return back
        new = parse_edits(
            {
                "rename": rename,
                "merge": merge,
                **({"n_themes": edits.n_themes} if edits.n_themes else {}),
            }
        )
    except (ValueError, ThemeEditError):
        flash(_("That change could not be made; reload the page and try again."), "error")
        return back
    save_edits(access.survey, question_id, new)
    record(current_user, "themes.edit", access.survey.slug, detail, commit=False)
    db.session.commit()
    flash(_("Themes saved. The researcher's report uses the same names."), "success")
    return back


@member_route("/themes.yaml")
def themes_file():  # type: ignore[no-untyped-def]
    access = current()
    response = Response(theme_file(access.survey.id), mimetype="application/yaml")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{access.survey.slug}-themes.yaml"'
    )
    return response


def _open_question_ids() -> set[str]:
    from ..surveys import questionnaire_for

    version = current().survey.current_version
    if version is None:
        return set()
    return {q.id for q in questionnaire_for(version).questions() if q.is_open_text}


def _theme_ids(question_id: str) -> set[int]:
    """Ids of the themes the facilitator sees now for ``question_id`` (from the cache)."""
    from flask_babel import get_locale

    from .service import get_summary

    _key, summary = get_summary(current().survey, str(get_locale() or "fi"))
    result = next((o for o in summary.open if o.question.id == question_id), None)
    return {int(t.theme_id) for t in result.themes} if result is not None else set()
