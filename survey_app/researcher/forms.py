"""Forms of the researcher area."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

SLUG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,79}$"


def choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    """(value, label) pairs as the options of a select field."""
    return [SelectChoice(value, label) for value, label in pairs]


class DeployForm(FlaskForm):
    file = FileField(_l("Questionnaire file (YAML)"), validators=[FileRequired()])
    slug = StringField(
        _l("Survey address (slug), optional"),
        validators=[
            Optional(),
            Regexp(SLUG_PATTERN, message=_l("Use lower-case letters, digits, - and _.")),
        ],
    )
    open_now = BooleanField(_l("Open for answers right away"))
    submit = SubmitField(_l("Deploy"))


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token (open, close)."""

    submit = SubmitField()


class CollectorForm(FlaskForm):
    group = SelectField(_l("Preset target group"), choices=[], validate_choice=True)
    label = StringField(_l("Label (e.g. class or event)"), validators=[Length(max=200)])
    submit = SubmitField(_l("Create link"))


class DeleteResponseForm(FlaskForm):
    response_id = IntegerField(
        _l("Response id"), validators=[DataRequired(), NumberRange(min=1, max=2**31 - 1)]
    )
    confirm = BooleanField(_l("Yes, delete this response for good"), validators=[DataRequired()])
    submit = SubmitField(_l("Delete response"))


class ExportForm(FlaskForm):
    """Read from the query string: a download is a GET that changes nothing stored."""

    class Meta:
        csrf = False

    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("csv", _l("CSV, one row per response")),
            SelectChoice("csv-long", _l("CSV, one row per answer")),
            SelectChoice("xlsx", _l("Excel (labels, codes, codebook)")),
            SelectChoice("sav", _l("SPSS .sav")),
            SelectChoice("json", _l("JSON with the questionnaire")),
        ],
        default="csv",
    )
    all = BooleanField(_l("Include unfinished responses"))
    # Defaults let a hand-written download link leave out the filters it does not need.
    collector = SelectField(_l("Collector link"), choices=[], default="", validate_choice=True)
    group = SelectField(_l("Target group"), choices=[], default="", validate_choice=True)
    date_from = DateField(_l("Started on or after"), validators=[Optional()])
    date_to = DateField(_l("Started on or before"), validators=[Optional()])
    lang = SelectField(_l("Language of labels"), choices=[], validate_choice=True)
    synthetic = BooleanField(_l("Include synthetic demo responses"), default=True)
    submit = SubmitField(_l("Download"))


class ErasureForm(FlaskForm):
    code = StringField(_l("Deletion code"), validators=[DataRequired(), Length(max=40)])
    submit = SubmitField(_l("Delete my answers"))
