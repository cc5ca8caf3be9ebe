"""Rules that span a whole questionnaire file: unique ids, translations, target groups and
``show_if`` references. They read the raw YAML data, so they still run, and report, when
other parts of the file are broken."""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from .conditions import Condition
from .model import COMMON_KEYS, TYPE_KEYS, Question, Questionnaire, share_lists
from .problems import LANGUAGE_NAMES, locate, suggest, where
from .texts import LANGUAGES, LocalizedText

# (page id, question id, message)
Finding = tuple[str | None, str | None, str]
EQUALS_TYPES = frozenset({"single_choice", "multiple_choice", "place", "likert", "scale_0_10"})


def check_raw(raw: dict[str, Any], context: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    for path, message in _check_languages(raw):
        page, question, rest = locate(raw, path)
        out.append((page, question, f"{where(rest)}: {message}" if rest else message))
    out += _check_lists(raw)
    entries = list(_question_entries(raw))
    out += _check_ids(raw, entries)
    out += _check_type_keys(entries)
    out += _check_target_group(raw, entries)
    out += _check_conditions(list(_question_entries(share_lists(raw))), context)
    return out


def _question_entries(data: dict[str, Any]) -> Iterator[tuple[str, str | None, dict[str, Any]]]:
    pages = data.get("pages")
    for p, page in enumerate(pages if isinstance(pages, list) else []):
        if not isinstance(page, dict):
            continue
        page_id = page["id"] if isinstance(page.get("id"), str) else f"#{p + 1}"
        questions = page.get("questions")
        for q, question in enumerate(questions if isinstance(questions, list) else []):
            if isinstance(question, dict):
                qid = question["id"] if isinstance(question.get("id"), str) else f"#{q + 1}"
                yield page_id, qid, question


def _check_languages(data: dict[str, Any]) -> list[tuple[list[str | int], str]]:
    langs = data.get("languages")
    if not isinstance(langs, list) or not all(isinstance(x, str) for x in langs):
        return _check_texts(data, Questionnaire, [], None)
    out: list[tuple[list[str | int], str]] = []
    if len(set(langs)) != len(langs):
        out.append((["languages"], "a language is listed twice"))
    default = data.get("default_language")
    if isinstance(default, str) and default in LANGUAGES and default not in langs:
        out.append(([], f"'default_language' ({default}) is not one of 'languages'"))
    declared = [x for x in langs if x in LANGUAGES]
    return out + _check_texts(data, Questionnaire, [], declared or None)


def _check_texts(
    raw: Any, model: type[BaseModel], path: list[str | int], langs: list[str] | None
) -> list[tuple[list[str | int], str]]:
    """Every translated text gives each declared language (when they are known), and no other."""
    out: list[tuple[list[str | int], str]] = []
    if not isinstance(raw, dict):
        return out
    for name, field in model.model_fields.items():
        key = field.alias or name
        if key not in raw:
            continue
        value, shape, sub = raw[key], *_shape(field.annotation)
        if shape == "text":
            out += _check_text(value, path + [key], langs)
        elif shape == "texts" and isinstance(value, list):
            for i, item in enumerate(value):
                out += _check_text(item, path + [key, i], langs)
        elif shape == "model" and sub is not None:
            out += _check_texts(value, sub, path + [key], langs)
        elif shape == "models" and sub is not None and isinstance(value, list):
            for i, item in enumerate(value):
                out += _check_texts(item, sub, path + [key, i], langs)
    return out


def _shape(annotation: Any) -> tuple[str, type[BaseModel] | None]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if annotation is LocalizedText or (
        origin in (typing.Union, types.UnionType) and LocalizedText in args
    ):
        return "text", None
    if origin is tuple and args:
        inner = args[0]
        if inner is LocalizedText:
            return "texts", None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            return "models", inner
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                return "model", arg
    return "", None


def _check_text(
    value: Any, path: list[str | int], langs: list[str] | None
) -> list[tuple[list[str | int], str]]:
    if not isinstance(value, dict):
        return []  # the type error is reported by validation
    out: list[tuple[list[str | int], str]] = []
    for lang in langs or ():
        text = value.get(lang)
        if text is None or (isinstance(text, str) and not text.strip()):
            name = LANGUAGE_NAMES.get(lang, lang)
            out.append((path, f"missing translation: no {name} ({lang}) text"))
    cut = [k for k, v in value.items() if v is None and k not in LANGUAGE_NAMES]
    if cut:
        out.append(
            (
                path,
                f"the text is cut at a comma ('{cut[0]}' became a key of its own); "
                'put a text that holds a comma in quotes: {fi: "Kauppa, hallinto", ...}',
            )
        )
    if langs is None:
        return out
    for lang in value:
        if lang not in langs and lang not in cut:
            declared = ", ".join(langs)
            out.append(
                (
                    path,
                    f"text in '{lang}', which is not among the declared languages "
                    f"({declared}){suggest(lang, langs, cutoff=0.5)}",
                )
            )
    return out


def _check_lists(data: dict[str, Any]) -> list[Finding]:
    out: list[Finding] = []
    region = data.get("region")
    municipalities = region.get("municipalities") if isinstance(region, dict) else None
    for key, items in (
        ("target_groups", data.get("target_groups")),
        ("municipalities", municipalities),
    ):
        codes = _codes(items)
        for code in sorted({c for c in codes if codes.count(c) > 1}):
            out.append((None, None, f"'{key}': code '{code}' is used more than once"))
    return out


def _codes(items: Any, key: str = "code") -> list[str]:
    if not isinstance(items, list):
        return []
    return [
        str(i[key]) for i in items if isinstance(i, dict) and isinstance(i.get(key), (str, int))
    ]


def _check_ids(
    data: dict[str, Any], entries: list[tuple[str, str | None, dict[str, Any]]]
) -> list[Finding]:
    out: list[Finding] = []
    pages = data.get("pages")
    page_ids = _codes(pages, "id")
    for pid in sorted({p for p in page_ids if page_ids.count(p) > 1}):
        out.append(
            (pid, None, f"page id '{pid}' is used more than once; each page needs its own id")
        )
    seen: dict[str, str] = {}
    for page_id, qid, _ in entries:
        if qid is None or qid.startswith("#"):
            continue
        if qid in seen:
            out.append(
                (
                    page_id,
                    qid,
                    f"question id '{qid}' is already used on page '{seen[qid]}'; "
                    "every question needs its own id",
                )
            )
        else:
            seen[qid] = page_id
    return out


def _check_type_keys(entries: list[tuple[str, str | None, dict[str, Any]]]) -> list[Finding]:
    out: list[Finding] = []
    for page_id, qid, question in entries:
        kind = question.get("type")
        if kind not in TYPE_KEYS:
            continue
        allowed = COMMON_KEYS | TYPE_KEYS[kind]
        for key in question:
            if key in allowed or not isinstance(key, str):
                continue
            users = sorted(t for t, keys in TYPE_KEYS.items() if key in keys)
            if users and not (key == "options" and kind == "place" and "options" in question):
                out.append(
                    (
                        page_id,
                        qid,
                        f"the key '{key}' is not used by a {kind} question "
                        f"(it belongs to: {', '.join(users)}){suggest(key, allowed)}",
                    )
                )
            elif key == "options":
                out.append(
                    (
                        page_id,
                        qid,
                        "a place question takes its options from 'region: "
                        "municipalities'; leave 'options' out",
                    )
                )
    return out


def _check_target_group(
    data: dict[str, Any], entries: list[tuple[str, str | None, dict[str, Any]]]
) -> list[Finding]:
    marked = [(p, q, raw) for p, q, raw in entries if raw.get("target_group") is True]
    out: list[Finding] = []
    for page_id, qid, _ in marked[1:]:
        out.append(
            (
                page_id,
                qid,
                f"only one question can be the target-group question; '{marked[0][1]}' already is",
            )
        )
    for page_id, qid, raw in marked[:1]:
        groups = data.get("target_groups")
        if not isinstance(groups, list) or not groups:
            out.append(
                (
                    page_id,
                    qid,
                    "'target_group: true' needs the questionnaire's "
                    "'target_groups' list, which is missing or empty",
                )
            )
        if "options" in raw:
            out.append(
                (
                    page_id,
                    qid,
                    "the target-group question takes its options from "
                    "'target_groups'; leave 'options' out",
                )
            )
        if raw.get("show_if") is not None:
            out.append(
                (
                    page_id,
                    qid,
                    "the target-group question cannot have 'show_if'; "
                    "every respondent needs a group",
                )
            )
    return out


def _check_conditions(
    entries: list[tuple[str, str | None, dict[str, Any]]], context: dict[str, Any]
) -> list[Finding]:
    out: list[Finding] = []
    order = {qid: n for n, (_, qid, _) in enumerate(entries) if qid and not qid.startswith("#")}
    parsed: dict[str, Question] = {}
    for page_id, qid, raw in entries:
        question, rules = _parse_known_keys(raw, context)
        out += [(page_id, qid, rule) for rule in rules]
        if question is not None:
            parsed[question.id] = question
        if qid is None or raw.get("show_if") is None or question is None:
            continue
        if question.show_if is None:
            continue
        for leaf in question.show_if.leaves():
            message = _check_leaf(leaf, qid, order, parsed)
            if message:
                out.append((page_id, qid, f"show_if: {message}"))
    return out


def _parse_known_keys(
    raw: dict[str, Any], context: dict[str, Any]
) -> tuple[Question | None, list[str]]:
    """The question parsed without its unknown keys, and the rules it breaks that only
    show up that way (pydantic skips a model's rules when a key is unknown)."""
    known = {f.alias or name for name, f in Question.model_fields.items()}
    stripped = {k: v for k, v in raw.items() if k in known}
    try:
        return Question.model_validate(stripped, context=context), []
    except ValidationError as exc:
        if len(stripped) == len(raw):
            return None, []  # validation of the whole file reports these
        rules = [
            line
            for detail in exc.errors(include_url=False)
            if detail["type"] == "value_error" and not detail["loc"]
            for line in str(detail["ctx"]["error"]).splitlines()
        ]
        return None, rules


def _check_leaf(
    leaf: Condition, qid: str, order: dict[str, int], parsed: dict[str, Question]
) -> str | None:
    target = leaf.question or ""
    if target == qid:
        return f"the condition refers to the question itself ('{target}')"
    if target not in order:
        return f"refers to question '{target}', which does not exist{suggest(target, order)}"
    if order[target] > order[qid]:
        return (
            f"refers to question '{target}', which comes later; a condition may only use "
            "questions that come before it"
        )
    referenced = parsed.get(target)
    if referenced is None or leaf.answered is not None:
        return None
    if referenced.type not in EQUALS_TYPES:
        return (
            f"question '{target}' is a {referenced.type} question; a condition on it can only "
            "test 'answered: true' or 'answered: false'"
        )
    codes = referenced.codes()
    for code in leaf.codes():
        if code not in codes:
            return (
                f"'{code}' is not a code of question '{target}'{suggest(code, codes)} "
                f"(its codes: {', '.join(codes)})"
            )
    return None
