"""Refuse a posted page that no honest form could have sent, before anything is saved.

Missing answers and too long texts are ordinary mistakes shown next to the question;
what is refused here (unknown fields, codes that are not options, repeated fields,
control characters, undecodable bytes) means a forged or garbled request.
"""

from __future__ import annotations

import re

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from questionnaires import Question

from .forms import choice_codes, question_fields

# Fields every page form carries besides the questions' own.
CONTROL_FIELDS = frozenset({"csrf_token", "submission_id", "action"})
# Control characters other than tab, newline and carriage return have no place in an
# answer; U+FFFD is what undecodable (non-UTF-8) bytes turn into when parsed.
FORBIDDEN = {chr(c) for c in range(32) if c not in (9, 10, 13)} | {"\x7f", "\ufffd"}
# Werkzeug keeps bytes of a URL-encoded body that are not UTF-8 as their "%XX" escapes;
# a person typing "%FF" into an answer is far less likely than a garbled request.
UNDECODED_BYTE = re.compile(r"%[89A-Fa-f][0-9A-Fa-f]")


def _refuse(message: str) -> None:
    abort(400, description=message)


def check_text(values: MultiDict) -> None:
    for key, value in values.items(multi=True):
        bad = any(ch in FORBIDDEN for ch in key) or any(ch in FORBIDDEN for ch in value)
        if bad or UNDECODED_BYTE.search(key) or UNDECODED_BYTE.search(value):
            _refuse(
                _(
                    "The answers contained characters that cannot be stored. "
                    "Please remove them and try again."
                )
            )


def check_page_post(form: MultiDict, questions: list[Question]) -> None:
    """Abort with 400 unless ``form`` fits the fields and options of ``questions``."""
    check_text(form)
    allowed = set(CONTROL_FIELDS)
    codes: dict[str, list[str]] = {}
    multi = set()
    for question in questions:
        allowed.update(question_fields(question))
        codes.update(choice_codes(question))
        if question.type == "multiple_choice":
            multi.add(question.id)
    unknown = [key for key in form.keys() if key not in allowed]
    if unknown:
        _refuse(_("The answers sent do not match the questions of this page."))
    for key in form.keys():
        values = form.getlist(key)
        if key not in multi and len(values) > 1:
            _refuse(_("The answers sent do not match the questions of this page."))
        accepted = codes.get(key)
        if accepted is not None and any(v and v not in accepted for v in values):
            _refuse(_("An answer sent is not one of the options of its question."))
        if key in multi and len(values) != len(set(values)):
            _refuse(_("The answers sent do not match the questions of this page."))
