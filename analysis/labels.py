"""Readable labels for questions, items, options and target groups, taken from the questionnaire."""

from __future__ import annotations

from typing import Any

from questionnaires import Questionnaire

NO_GROUP = "(none)"
ALL = "(all)"

# The few words the report itself prints, in the questionnaire's languages.
UI_TEXT: dict[str, dict[str, str]] = {
    "no_group": {"fi": "Ei ryhmää", "sv": "Ingen grupp", "en": "No group"},
    "all": {"fi": "Kaikki", "sv": "Alla", "en": "All"},
}


def ui(key: str, lang: str) -> str:
    texts = UI_TEXT[key]
    return texts.get(lang) or texts["en"]


def localized(text: Any, lang: str) -> str:
    """A LocalizedText (or plain string) in ``lang``, falling back as the model does."""
    if text is None:
        return ""
    getter = getattr(text, "get", None)
    if callable(getter):
        value = getter(lang)
        return "" if value is None else str(value)
    return str(text)


def question_text(questionnaire: Questionnaire, question_id: str, lang: str) -> str:
    return localized(questionnaire.question(question_id).text, lang)


def value_labels(questionnaire: Questionnaire, question_id: str, lang: str) -> dict[str, str]:
    """Stored value code -> label, in the questionnaire's order."""
    question = questionnaire.question(question_id)
    kind = question.type
    options: list[Any] = []
    if kind in ("single_choice", "multiple_choice", "place"):
        options = list(question.choices())
    elif kind in ("likert", "likert_grid"):
        options = list(question.scale_points())
        cant_say = question.cant_say_option()
        if cant_say is not None:
            options.append(cant_say)
    labels = {str(o.code): localized(o.label, lang) for o in options}
    if kind == "scale_0_10":
        labels = {str(n): str(n) for n in range(11)}
        if question.min_label is not None:
            labels["0"] = f"0 {localized(question.min_label, lang)}"
        if question.max_label is not None:
            labels["10"] = f"10 {localized(question.max_label, lang)}"
    if kind == "semantic_differential":
        labels = {str(n): str(n) for n in range(1, (question.points or 7) + 1)}
    return labels


def item_labels(questionnaire: Questionnaire, question_id: str, lang: str) -> dict[str, str]:
    """Item code -> label for grids, differentials and multiple choice ("" for one value)."""
    question = questionnaire.question(question_id)
    kind = question.type
    if kind == "multiple_choice":
        return {str(o.code): localized(o.label, lang) for o in question.choices()}
    if kind == "likert_grid":
        return {str(i.id): localized(i.text, lang) for i in question.grid_items}
    if kind == "semantic_differential":
        return {
            str(p.id): f"{localized(p.left, lang)} – {localized(p.right, lang)}"
            for p in question.pairs
        }
    return {item: item for item in question.items()}


def group_labels(questionnaire: Questionnaire, lang: str) -> dict[str, str]:
    """Target group code -> label, in the questionnaire's order, plus the no-group bucket."""
    labels = {str(g.code): localized(g.label, lang) for g in questionnaire.target_groups}
    labels[NO_GROUP] = ui("no_group", lang)
    labels[ALL] = ui("all", lang)
    return labels
