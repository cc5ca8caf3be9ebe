"""The codebook of a questionnaire: one variable per stored item, with labels and value labels."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Literal

from .model import Question, Questionnaire
from .texts import OTHER, OTHER_CODE, OTHER_TEXT_ITEM, SELECTED, LocalizedText

Measure = Literal["nominal", "ordinal", "scale"]
MEASURES: dict[str, Measure] = {
    "single_choice": "nominal",
    "multiple_choice": "nominal",
    "likert": "ordinal",
    "likert_grid": "ordinal",
    "semantic_differential": "ordinal",
    "scale_0_10": "ordinal",
    "text_short": "nominal",
    "text_long": "nominal",
    "three_words": "nominal",
    "number": "scale",
    "place": "nominal",
}
WORD = LocalizedText({"fi": "sana", "sv": "ord", "en": "word"})


@dataclass(frozen=True)
class Variable:
    """One column of the wide data: ``{qid}`` for item "" and ``{qid}_{item}`` otherwise."""

    name: str
    question_id: str
    item: str
    type: str
    label: str
    value_labels: dict[str, str] = field(default_factory=dict)
    measure: Measure = "nominal"

    @property
    def is_text(self) -> bool:
        """Whether the values are free text rather than codes or numbers."""
        return self.type in ("text_short", "text_long", "three_words") or self.item == (
            OTHER_TEXT_ITEM
        )


def variable_name(question_id: str, item: str) -> str:
    return f"{question_id}_{item}" if item else question_id


def variables(questionnaire: Questionnaire, lang: str = "fi") -> list[Variable]:
    """Every variable of the questionnaire in page order, labelled in ``lang``."""
    out: list[Variable] = []
    for question in questionnaire.questions():
        out += _question_variables(question, lang)
    return out


def _question_variables(question: Question, lang: str) -> list[Variable]:
    kind, text = question.type, question.text.get(lang)
    measure = MEASURES[kind]

    def var(item: str, label: str, values: dict[str, str], how: Measure = measure) -> Variable:
        name = variable_name(question.id, item)
        return Variable(name, question.id, item, kind, label, values, how)

    if kind in ("single_choice", "place"):
        values = {o.code: o.label.get(lang) for o in question.choices()}
        out = [var("", text, values)]
        if question.other:
            out.append(var(OTHER_TEXT_ITEM, _sub(text, OTHER.get(lang)), {}, "nominal"))
        return out
    if kind == "multiple_choice":
        picked = {"1": SELECTED.get(lang)}
        out = [var(o.code, _sub(text, o.label.get(lang)), picked) for o in question.options]
        if question.other:
            out.append(var(OTHER_CODE, _sub(text, OTHER.get(lang)), picked))
            out.append(var(OTHER_TEXT_ITEM, _sub(text, OTHER.get(lang)), {}))
        return out
    if kind in ("likert", "likert_grid"):
        values = {o.code: o.label.get(lang) for o in question.scale_points()}
        cant_say = question.cant_say_option()
        if cant_say is not None:
            values[cant_say.code] = cant_say.label.get(lang)
        if kind == "likert":
            return [var("", text, values)]
        return [var(i.id, _sub(text, i.text.get(lang)), values) for i in question.grid_items]
    if kind == "semantic_differential":
        points = str(question.points or 7)
        return [
            var(
                p.id,
                _sub(text, f"{p.left.get(lang)} – {p.right.get(lang)}"),
                {"1": p.left.get(lang), points: p.right.get(lang)},
            )
            for p in question.pairs
        ]
    if kind == "scale_0_10":
        values = {}
        if question.min_label is not None:
            values["0"] = question.min_label.get(lang)
        if question.max_label is not None:
            values["10"] = question.max_label.get(lang)
        return [var("", text, values)]
    if kind == "three_words":
        return [var(n, _sub(text, f"{WORD.get(lang)} {n}"), {}) for n in question.items()]
    return [var("", text, {})]


def _sub(text: str, part: str) -> str:
    return f"{text} [{part}]"


def to_csv(items: list[Variable]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["variable", "question_id", "item", "type", "measure", "label", "values"])
    for v in items:
        values = "; ".join(f"{code} = {label}" for code, label in v.value_labels.items())
        writer.writerow([v.name, v.question_id, v.item, v.type, v.measure, v.label, values])
    return buffer.getvalue()


def to_markdown(questionnaire: Questionnaire, items: list[Variable], lang: str = "fi") -> str:
    lines = [
        f"# {questionnaire.title.get(lang)}",
        "",
        f"Questionnaire `{questionnaire.id}`, version {questionnaire.version}, "
        f"{len(items)} variables.",
        "",
        "| variable | question | type | measure | codes and labels |",
        "| --- | --- | --- | --- | --- |",
    ]
    for v in items:
        values = "<br>".join(f"`{c}` = {_cell(label)}" for c, label in v.value_labels.items())
        lines.append(f"| `{v.name}` | {_cell(v.label)} | {v.type} | {v.measure} | {values} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
