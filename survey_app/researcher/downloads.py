"""Export downloads: the same files as `flask export`, with the questionnaire snapshot
zipped beside CSV, Excel and SPSS files."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from .. import audit
from ..auth import roles_required
from ..exports import EXTENSIONS, ExportError, ExportFilter, export_survey
from ..surveys import questionnaire_for
from . import bp
from .forms import ExportForm, choices
from .routes import group_choices, survey_or_404
from .stats import collectors_of

MIMETYPES = {
    ".json": "application/json",
    ".zip": "application/zip",
}


@bp.get("/surveys/<slug>/export")
@roles_required("researcher")
def export(slug: str):  # type: ignore[no-untyped-def]
    survey = survey_or_404(slug)
    if survey.current_version is None:
        abort(404)
    questionnaire = questionnaire_for(survey.current_version)
    form = ExportForm(formdata=request.args)
    form.collector.choices = choices(
        [("", "")] + [(c.token, c.token) for c in collectors_of(survey)]
    )
    form.group.choices = group_choices(questionnaire, "")
    form.lang.choices = choices((lang, lang) for lang in questionnaire.languages)
    if not form.lang.data:
        form.lang.data = questionnaire.default_language
    if not form.validate():
        problems = "; ".join(f"{form[name].label.text}: {', '.join(errors)}"
                             for name, errors in form.errors.items())  # fmt: skip
        flash(_("The export could not be made: %(problems)s", problems=problems), "error")
        return redirect(url_for("researcher.survey", slug=slug) + "#export")
    filters = ExportFilter(
        include_incomplete=form.all.data,
        collector=form.collector.data or None,
        group=form.group.data or None,
        date_from=form.date_from.data,
        date_to=form.date_to.data,
        include_synthetic=form.synthetic.data,
    )
    fmt = form.format.data
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    stem = f"{survey.slug}-{stamp}" + ("-all" if filters.include_incomplete else "")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / (stem + ("-long" if fmt == "csv-long" else "") + EXTENSIONS[fmt])
        try:
            written = export_survey(survey, fmt, out, filters, lang=form.lang.data)
        except ExportError as exc:
            flash(str(exc), "error")
            return redirect(url_for("researcher.survey", slug=slug) + "#export")
        if len(written) == 1:
            payload, name = written[0].read_bytes(), written[0].name
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in written:
                    archive.write(path, arcname=path.name)
            payload, name = buffer.getvalue(), out.stem + ".zip"
    audit.record(current_user, "survey.export", survey.slug, f"{fmt} {filters.describe()}")
    return send_file(
        io.BytesIO(payload),
        mimetype=MIMETYPES.get(Path(name).suffix, "application/octet-stream"),
        as_attachment=True,
        download_name=name,
    )
