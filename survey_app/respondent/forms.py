"""Forms of the respondent flow: the start (consent) form and ``build_page_form``, which
maps each question of a page onto WTForms fields and validators.

Field names: ``{qid}`` for a question with one value, ``{qid}__{item}`` for grid items,
differential pairs, the three words and the text of "other".
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from babel import support
from flask import current_app
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from questionnaires import Page, Question
from questionnaires.texts import OTHER_CODE, OTHER_TEXT_ITEM

SEP = "__"
OTHER_TEXT_MAX = 200
Answers = dict[str, dict[str, str]]


# WTForms' own messages by locale, loaded once per process. Flask-WTF loads and parses
# the catalogue again on every request, and every field without a label asks it.
_WTFORMS_TRANSLATIONS: dict[str, support.Translations] = {}


class RespondentForm(FlaskForm):
    class Meta:
        def get_translations(self, form):  # type: ignore[no-untyped-def]
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return super().get_translations(form)  # type: ignore[misc]
            locale = str(get_locale())
            found = _WTFORMS_TRANSLATIONS.get(locale)
            if found is None:
                found = support.Translations.load(messages_path(), [locale], domain="wtforms")
                _WTFORMS_TRANSLATIONS[locale] = found
            return found


class StartForm(RespondentForm):
    submission_id = HiddenField()
    language = HiddenField()
    consent = BooleanField(
        validators=[DataRequired(message=_l("Please tick the box to agree before you start."))]
    )


class PageFormBase(RespondentForm):
    """Fields shared by every page; the factory adds one or more fields per question."""

    submission_id = HiddenField()
    # Set before validate(): the ids of the questions shown with the answers given.
    shown: set[str] = set()
    lenient: bool = False
    page_questions: tuple[Question, ...] = ()


def field_name(question: Question, item: str = "") -> str:
    return question.id if item == "" else f"{question.id}{SEP}{item}"


def question_fields(question: Question) -> list[str]:
    """Names of the form fields of ``question``."""
    kind = question.type
    if kind in ("likert_grid", "semantic_differential", "three_words"):
        return [field_name(question, item) for item in question.items()]
    names = [question.id]
    if kind in ("single_choice", "multiple_choice") and question.other:
        names.append(field_name(question, OTHER_TEXT_ITEM))
    return names


def choice_codes(question: Question) -> dict[str, list[str]]:
    """For each choice field of ``question``, the codes it accepts."""
    kind = question.type
    if kind in ("single_choice", "multiple_choice", "place", "likert", "scale_0_10"):
        return {question.id: question.codes()}
    if kind in ("likert_grid", "semantic_differential"):
        return {field_name(question, item): question.codes() for item in question.items()}
    return {}


class ShownRequired:
    """Skip all checks of a hidden question; require an answer of a shown required one."""

    def __init__(self, question: Question, optional: bool = False) -> None:
        self.question = question
        self.optional = optional

    def __call__(self, form: PageFormBase, field: Field) -> None:
        if self.question.id not in form.shown:
            field.errors = []
            raise StopValidation()
        if _is_empty(field.data):
            if self.question.required and not (form.lenient or self.optional):
                raise StopValidation(_required_message(self.question))
            field.errors = []
            raise StopValidation()


def _is_empty(data: object) -> bool:
    return data is None or data == "" or data == [] or (isinstance(data, str) and not data.strip())


def _required_message(question: Question) -> str:
    if question.type == "multiple_choice":
        return _("Choose at least one option.")
    if question.type in ("likert_grid", "semantic_differential"):
        return _("Choose one point on this row.")
    if question.type in ("text_short", "text_long", "number"):
        return _("Please answer this question.")
    return _("Choose one option.")


def _max_length(limit: int) -> Length:
    return Length(max=limit, message=_l("At most %(max)d characters, please.", max=limit))


def _choices(question: Question) -> list[SelectChoice]:
    return [SelectChoice(code) for code in question.codes()]


class ChoiceCount:
    def __init__(self, question: Question) -> None:
        self.low, self.high = question.min_choices, question.max_choices

    def __call__(self, form: PageFormBase, field: Field) -> None:
        n = len(field.data or [])
        if self.low is not None and n < self.low:
            raise ValidationError(_("Choose at least %(n)d options.", n=self.low))
        if self.high is not None and n > self.high:
            raise ValidationError(_("Choose at most %(n)d options.", n=self.high))


class NumberCheck:
    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: PageFormBase, field: Field) -> None:
        number = parse_number(field.data or "", self.question.integer)
        if number is None:
            if self.question.integer:
                raise ValidationError(_("Please give a whole number, such as 17."))
            raise ValidationError(_("Please give a number, such as 2.5."))
        low, high = self.question.min, self.question.max
        if (low is not None and number < low) or (high is not None and number > high):
            raise ValidationError(
                _("Please give a number from %(min)s to %(max)s.", min=_num(low), max=_num(high))
                if low is not None and high is not None
                else _("Please give a number of at least %(min)s.", min=_num(low))
                if low is not None
                else _("Please give a number of at most %(max)s.", max=_num(high))
            )


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def parse_number(text: str, integer: bool) -> float | None:
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned or len(cleaned) > 20:
        return None
    try:
        number = float(cleaned)
    except ValueError:
        return None
    if not math.isfinite(number) or (integer and not number.is_integer()):
        return None
    return number


class ThreeWordsRequired:
    """A required "three words" question needs at least its first word."""

    def __init__(self, question: Question) -> None:
        self.question = question

    def __call__(self, form: PageFormBase, field: Field) -> None:
        if self.question.id in form.shown and self.question.required and not form.lenient:
            words = [form[n].data for n in question_fields(self.question)]
            if all(_is_empty(w) for w in words):
                raise StopValidation(_("Please write at least one word."))


def _fields_for(question: Question) -> dict[str, Field]:
    kind = question.type
    req = ShownRequired(question)
    if kind in ("single_choice", "likert", "scale_0_10", "place"):
        fields: dict[str, Field] = {
            question.id: RadioField(
                choices=_choices(question), validate_choice=False, validators=[req]
            )
        }
    elif kind == "multiple_choice":
        fields = {
            question.id: SelectMultipleField(
                choices=_choices(question),
                validate_choice=False,
                validators=[req, ChoiceCount(question)],
            )
        }
    elif kind in ("likert_grid", "semantic_differential"):
        fields = {
            field_name(question, item): RadioField(
                choices=_choices(question), validate_choice=False, validators=[req]
            )
            for item in question.items()
        }
    elif kind in ("text_short", "text_long"):
        cls = TextAreaField if kind == "text_long" else StringField
        limit = question.max_length or 200
        fields = {question.id: cls(validators=[req, _max_length(limit)])}
    elif kind == "three_words":
        limit = question.max_length or 40
        names = question_fields(question)
        fields = {
            name: StringField(
                validators=([ThreeWordsRequired(question)] if i == 0 else [])
                + [ShownRequired(question, optional=True), _max_length(limit)]
            )
            for i, name in enumerate(names)
        }
    elif kind == "number":
        fields = {question.id: StringField(validators=[req, Length(max=20), NumberCheck(question)])}
    else:  # pragma: no cover - the questionnaire model admits no other type
        raise ValueError(f"unsupported question type {kind!r}")
    if kind in ("single_choice", "multiple_choice") and question.other:
        fields[field_name(question, OTHER_TEXT_ITEM)] = StringField(
            validators=[ShownRequired(question, optional=True), _max_length(OTHER_TEXT_MAX)]
        )
    return fields


def build_page_form(page: Page, questions: list[Question]) -> type[PageFormBase]:
    """A form class for ``questions`` (the askable questions of ``page``)."""
    attrs: dict[str, object] = {"page_questions": tuple(questions)}
    for question in questions:
        attrs.update(_fields_for(question))
    return type(f"PageForm_{page.id}", (PageFormBase,), attrs)


# Built form classes by (page object, askable question ids). The page is kept beside
# the class so that an id() reused by a later page object can never match.
_FORM_CLASSES: dict[tuple[int, tuple[str, ...]], tuple[Page, type[PageFormBase]]] = {}
_FORM_CLASSES_MAX = 512


def page_form_class(page: Page, questions: list[Question]) -> type[PageFormBase]:
    """``build_page_form`` built once per page and set of askable questions.

    Pages of a parsed questionnaire never change, and a form class holds no state of
    a request (each request makes its own instance), so every respondent on the same
    page with the same questions shares one class instead of building it again.
    """
    key = (id(page), tuple(q.id for q in questions))
    found = _FORM_CLASSES.get(key)
    if found is not None and found[0] is page:
        return found[1]
    form_class = build_page_form(page, questions)
    if len(_FORM_CLASSES) >= _FORM_CLASSES_MAX:
        for oldest in list(_FORM_CLASSES)[:1]:
            _FORM_CLASSES.pop(oldest, None)
    _FORM_CLASSES[key] = (page, form_class)
    return form_class


def answers_from_form(form: PageFormBase, question: Question) -> dict[str, str]:
    """The long-form rows ``{item: value}`` the form's data gives for ``question``."""
    kind = question.type
    if kind == "multiple_choice":
        picks = [code for code in (form[question.id].data or []) if code]
        rows = {code: "1" for code in picks}
        if OTHER_CODE in picks:
            rows.update(_other_text(form, question))
        return rows
    if kind in ("likert_grid", "semantic_differential", "three_words"):
        rows = {}
        for item in question.items():
            value = (form[field_name(question, item)].data or "").strip()
            if value:
                rows[item] = value
        return rows
    value = (form[question.id].data or "").strip()
    if not value:
        return {}
    if kind == "number":
        number = parse_number(value, question.integer)
        value = _num(number) if number is not None else value
    rows = {"": value}
    if kind == "single_choice" and value == OTHER_CODE:
        rows.update(_other_text(form, question))
    return rows


def _other_text(form: PageFormBase, question: Question) -> dict[str, str]:
    # An option coded "other" has a text field only when the question asks for one;
    # a target-group question may well have an "other" group without it.
    if not question.other:
        return {}
    text = (form[field_name(question, OTHER_TEXT_ITEM)].data or "").strip()
    return {OTHER_TEXT_ITEM: text} if text else {}


def form_data_from_answers(questions: list[Question], answers: Mapping) -> dict[str, object]:
    """Initial field data for ``questions`` from stored answers."""
    data: dict[str, object] = {}
    for question in questions:
        given = answers.get(question.id, {})
        kind = question.type
        if kind == "multiple_choice":
            data[question.id] = [c for c, v in given.items() if v == "1" and c != OTHER_TEXT_ITEM]
        elif kind in ("likert_grid", "semantic_differential", "three_words"):
            for item in question.items():
                data[field_name(question, item)] = given.get(item, "")
        else:
            data[question.id] = given.get("", "")
        if kind in ("single_choice", "multiple_choice") and question.other:
            data[field_name(question, OTHER_TEXT_ITEM)] = given.get(OTHER_TEXT_ITEM, "")
    return data
