"""Problems found in a questionnaire file, and pydantic's errors turned into such problems."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .model import COMMON_KEYS, QUESTION_TYPES, TYPE_KEYS, Question, Questionnaire
from .texts import LocalizedText

LANGUAGE_NAMES = {"fi": "Finnish", "sv": "Swedish", "en": "English"}


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a questionnaire file, located as precisely as we know."""

    file: str
    page: str | None
    question: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file + (f":{self.line}" if self.line else "")]
        if self.page:
            where.append(f"page '{self.page}'")
        if self.question:
            where.append(f"question '{self.question}'")
        return f"{', '.join(where)}: {self.message}"


class QuestionnaireError(ValueError):
    """A questionnaire file that cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def suggest(word: object, candidates: Iterable[str], cutoff: float = 0.6) -> str:
    """' - did you mean 'x'?' for a near miss, else ''."""
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, sorted(candidates), n=1, cutoff=cutoff)
    return f" - did you mean '{close[0]}'?" if close else ""


def where(path: Sequence[str | int]) -> str:
    """A readable location inside a question or page: "'options', entry 2, 'label'"."""
    return ", ".join(f"entry {p + 1}" if isinstance(p, int) else f"'{p}'" for p in path)


def locate(raw: Any, loc: Sequence[str | int]) -> tuple[str | None, str | None, list[str | int]]:
    """Split a location in the file into (page id, question id, the rest of the path)."""
    loc = list(loc)
    if len(loc) < 2 or loc[0] != "pages" or not isinstance(loc[1], int):
        return None, None, loc
    page = _at(raw, ["pages", loc[1]])
    page_name = _name(page, loc[1])
    if len(loc) < 4 or loc[2] != "questions" or not isinstance(loc[3], int):
        return page_name, None, loc[2:]
    question = _at(page, ["questions", loc[3]])
    return page_name, _name(question, loc[3]), loc[4:]


def _at(raw: Any, path: Sequence[str | int]) -> Any:
    for step in path:
        if isinstance(step, int) and isinstance(raw, list) and 0 <= step < len(raw):
            raw = raw[step]
        elif isinstance(step, str) and isinstance(raw, dict):
            raw = raw.get(step)
        else:
            return None
    return raw


def _name(raw: Any, index: int) -> str:
    ident = raw.get("id") if isinstance(raw, dict) else None
    return ident if isinstance(ident, str) and ident else f"#{index + 1}"


def model_at(loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that validates the mapping at ``loc`` (None inside a plain mapping)."""
    model: type[BaseModel] | None = Questionnaire
    for step in loc:
        if isinstance(step, int) or model is None:
            continue
        field = next((f for name, f in model.model_fields.items() if step in (name, f.alias)), None)
        model = _model_in(field.annotation) if field is not None else None
    return model


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, tuple, list, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _model_in(arg)
            if found is not None:
                return found
    return None


def keys_of(model: type[BaseModel], raw: Any = None) -> set[str]:
    if model is Question and isinstance(raw, dict) and raw.get("type") in TYPE_KEYS:
        return set(COMMON_KEYS | TYPE_KEYS[raw["type"]])
    return {f.alias or name for name, f in model.model_fields.items()}


def from_validation_error(error: ValidationError, raw: Any, source: str) -> list[Problem]:
    problems: list[Problem] = []
    details = error.errors(include_url=False)
    failed_inside = {tuple(d["loc"][:n]) for d in details for n in range(len(d["loc"]))}
    for detail in details:
        loc = list(detail["loc"])
        if detail["type"] == "too_short" and tuple(loc) in failed_inside:
            continue  # pydantic counts only the entries that validated
        page, question, rest = locate(raw, loc)
        if question and rest[:1] == ["options"]:
            owner = _at(raw, loc[:4])
            if isinstance(owner, dict) and "options" not in owner:
                continue  # options copied from target_groups/municipalities: reported there
        if _cut_at_comma(detail, loc):
            continue  # reported once per text by the translation check
        for message in describe(detail, loc, raw):
            keyed = detail["type"] in ("extra_forbidden", "missing") or rest == ["type"]
            path = where(rest[:-1] if keyed else rest)
            prefix = f"{path}: " if path and not message.startswith("unknown key") else ""
            if message.startswith("unknown key") and path:
                prefix = f"in {path}: "
            problems.append(Problem(source, page, question, prefix + message))
    return problems


def _cut_at_comma(detail: Any, loc: list[str | int]) -> bool:
    key = loc[-1] if loc else None
    return (
        detail["type"] == "string_type"
        and detail.get("input") is None
        and isinstance(key, str)
        and key not in LANGUAGE_NAMES
        and len(loc) > 1
        and model_at(loc[:-1]) is None
    )


def describe(detail: Any, loc: list[str | int], raw: Any) -> list[str]:
    kind, value = detail["type"], detail.get("input")
    ctx = detail.get("ctx") or {}
    key = next((p for p in reversed(loc) if isinstance(p, str)), "")
    shown = _show(value)
    if kind == "value_error":
        return str(ctx.get("error", detail["msg"])).splitlines()
    if kind == "extra_forbidden":
        model = model_at(loc[:-1])
        keys = keys_of(model, _at(raw, loc[:-1])) if model else set()
        return [f"unknown key '{key}'{suggest(key, keys)}"]
    if kind == "missing":
        return [f"the key '{key}' is missing"]
    if kind == "literal_error" and key == "type":
        return [
            f"unknown question type {shown}{suggest(value, QUESTION_TYPES)} "
            f"(known types: {', '.join(QUESTION_TYPES)})"
        ]
    if kind == "literal_error":
        return [f"{shown} is not allowed here; use one of {ctx.get('expected', '')}"]
    if kind == "string_pattern_mismatch" and loc == ["id"]:
        return [f"{shown} is not a valid questionnaire id: {_QUESTIONNAIRE_ID_RULE}"]
    if kind == "string_pattern_mismatch":
        return [f"{shown} is not a valid {_id_kind(key)}: {_ID_RULES.get(key, _CODE_RULE)}"]
    if kind == "string_too_long":
        return [f"{shown} is longer than {ctx.get('max_length')} characters"]
    if kind == "string_too_short":
        return ["must not be empty"]
    if kind == "string_type":
        if isinstance(value, (int, float)) or value is None or hasattr(value, "isoformat"):
            return [f"must be text, not {shown}; put it in quotes"]
        return [f"must be text, not {_kind(value)}"]
    if kind == "dict_type":
        return [
            f"must give the text in each language, e.g. {{fi: ..., sv: ..., en: ...}}, "
            f"not {_kind(value)}"
        ]
    if kind in ("model_type", "model_attributes_type"):
        return [f"must be a mapping of keys and values, not {_kind(value)}"]
    if kind in ("tuple_type", "list_type"):
        return [f"must be a list (lines starting with '- '), not {_kind(value)}"]
    if kind == "too_short":
        return ["must not be empty"]
    if kind in ("bool_type", "bool_parsing"):
        return [f"must be true or false, not {shown}"]
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return [f"must be a whole number, not {shown}"]
    if kind in ("float_type", "float_parsing", "finite_number"):
        return [f"must be a number, not {shown}"]
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "?")
        word = "at least" if kind.startswith("greater") else "at most"
        return [f"must be {word} {bound}, not {shown}"]
    return [f"{detail['msg']} (value {shown})"]


_QUESTIONNAIRE_ID_RULE = "use lower-case letters a-z, digits, - and _"
_CODE_RULE = "use lower-case letters a-z, digits and _, starting with a letter or digit"
_ID_RULES = {
    "id": "use lower-case letters a-z, digits and _, starting with a letter",
    "question": "use lower-case letters a-z, digits and _, starting with a letter",
}


def _id_kind(key: str) -> str:
    return {"id": "id", "code": "code", "equals": "code", "one_of": "code"}.get(key, "value")


def _show(value: Any) -> str:
    if isinstance(value, LocalizedText):
        value = dict(value)
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (empty)"
    return f"{type(value).__name__} {_show(value)}"
