"""The typed, frozen objects a questionnaire file is parsed into."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from .conditions import Code, Condition
from .texts import (
    CANT_SAY,
    CANT_SAY_CODE,
    DEFAULT_OUTSIDE_OPTIONS,
    OTHER,
    OTHER_CODE,
    OTHER_TEXT_ITEM,
    SCALES,
    Language,
    LocalizedText,
)

QuestionType = Literal[
    "single_choice",
    "multiple_choice",
    "likert",
    "likert_grid",
    "semantic_differential",
    "scale_0_10",
    "text_short",
    "text_long",
    "three_words",
    "number",
    "place",
]
QUESTION_TYPES: tuple[str, ...] = QuestionType.__args__  # type: ignore[attr-defined]
ScaleName = Literal["agreement", "satisfaction", "importance", "likelihood"]
OPEN_TEXT_TYPES = frozenset({"text_short", "text_long", "three_words"})

QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=32)]
PageId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
QuestionnaireId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=80)]

COMMON_KEYS = frozenset({"id", "type", "text", "help", "required", "show_if"})
SCALE_KEYS = frozenset({"scale", "points", "labels", "cant_say"})
TYPE_KEYS: dict[str, frozenset[str]] = {
    "single_choice": frozenset({"options", "other", "target_group"}),
    "multiple_choice": frozenset({"options", "other", "min_choices", "max_choices"}),
    "likert": SCALE_KEYS,
    "likert_grid": SCALE_KEYS | {"items"},
    "semantic_differential": frozenset({"pairs", "points"}),
    "scale_0_10": frozenset({"min_label", "max_label"}),
    "text_short": frozenset({"max_length"}),
    "text_long": frozenset({"max_length"}),
    "three_words": frozenset({"max_length"}),
    "number": frozenset({"min", "max", "integer"}),
    "place": frozenset({"outside_options"}),
}
DEFAULT_MAX_LENGTH = {"text_short": 200, "text_long": 2000, "three_words": 40}


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Option(_Frozen):
    """A choice with a stable code (stored with the answers) and a translated label."""

    code: Code
    label: LocalizedText


class GridItem(_Frozen):
    """One statement of a Likert grid."""

    id: Code
    text: LocalizedText


class Pair(_Frozen):
    """A pair of opposite words of a semantic differential; 1 is the left word."""

    id: Code
    left: LocalizedText
    right: LocalizedText


class Question(_Frozen):
    """One question; which keys apply depends on ``type`` (see docs/questionnaire-format.md)."""

    id: QuestionId
    type: QuestionType
    text: LocalizedText
    help: LocalizedText | None = None
    required: bool = False
    show_if: Condition | None = None
    options: tuple[Option, ...] = ()
    other: bool = False
    target_group: bool = False
    min_choices: int | None = Field(None, ge=0)
    max_choices: int | None = Field(None, ge=1)
    scale: ScaleName | None = None
    points: int | None = Field(None, ge=2, le=11)
    labels: tuple[LocalizedText, ...] = ()
    cant_say: bool = False
    grid_items: tuple[GridItem, ...] = Field((), alias="items")
    pairs: tuple[Pair, ...] = ()
    min_label: LocalizedText | None = None
    max_label: LocalizedText | None = None
    max_length: int | None = Field(None, ge=1, le=10000)
    min: float | None = None
    max: float | None = None
    integer: bool = True
    outside_options: tuple[Option, ...] = ()

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("type"), str):
            return data
        data = dict(data)
        kind = data["type"]
        if kind in DEFAULT_MAX_LENGTH:
            data.setdefault("max_length", DEFAULT_MAX_LENGTH[kind])
        elif kind == "semantic_differential":
            data.setdefault("points", 7)
        elif kind in ("likert", "likert_grid") and "labels" not in data:
            data.setdefault("scale", "agreement")
        elif kind == "place":
            data.setdefault("outside_options", list(DEFAULT_OUTSIDE_OPTIONS))
        return data

    @model_validator(mode="after")
    def _check_rules(self) -> Question:
        problems = list(self._rule_problems())
        if problems:
            raise ValueError("\n".join(problems))
        return self

    def _rule_problems(self) -> list[str]:
        kind, out = self.type, []
        if kind in ("single_choice", "multiple_choice"):
            if not self.options and not self.target_group:
                out.append(f"a {kind} question needs 'options' (a list of code + label)")
            codes = [o.code for o in self.options]
            if not self.target_group:
                out += _duplicates(codes, "option code")
            if self.other and {OTHER_CODE, OTHER_TEXT_ITEM} & set(codes):
                out.append(
                    "with 'other: true' the codes 'other' and 'other_text' are reserved; "
                    "rename that option or drop 'other'"
                )
        if kind == "multiple_choice":
            picks = len(self.options) + (1 if self.other else 0)
            low, high = self.min_choices, self.max_choices
            if low is not None and high is not None and low > high:
                out.append(f"'min_choices' ({low}) is greater than 'max_choices' ({high})")
            if self.options and high is not None and high > picks:
                out.append(f"'max_choices' ({high}) is more than the {picks} options")
            if self.options and low is not None and low > picks:
                out.append(f"'min_choices' ({low}) is more than the {picks} options")
        if kind in ("likert", "likert_grid"):
            if self.labels and self.scale is not None:
                out.append("give either a named 'scale' or your own 'labels', not both")
            if self.labels and self.points is not None and self.points != len(self.labels):
                out.append(f"'points' ({self.points}) differs from the {len(self.labels)} labels")
            if self.labels and not 2 <= len(self.labels) <= 11:
                out.append(f"a scale needs 2 to 11 labels, not {len(self.labels)}")
            if self.points is not None and not self.labels:
                out.append("'points' of a Likert question needs 'labels', one per point")
        if kind == "likert_grid":
            if not self.grid_items:
                out.append("a likert_grid question needs 'items' (a list of id + text)")
            out += _duplicates([i.id for i in self.grid_items], "item id")
        if kind == "semantic_differential":
            if not self.pairs:
                out.append("a semantic_differential question needs 'pairs' (id + left + right)")
            out += _duplicates([p.id for p in self.pairs], "pair id")
            if self.points is not None and self.points < 3:
                out.append(f"'points' ({self.points}) must be at least 3")
        if kind == "number" and self.min is not None and self.max is not None:
            if self.min > self.max:
                out.append(
                    f"'min' ({_num(self.min)}) is greater than 'max' ({_num(self.max)}); "
                    "swap them or remove one"
                )
        if kind == "place":
            out += _duplicates([o.code for o in self.outside_options], "outside option code")
        return out

    @property
    def is_open_text(self) -> bool:
        return self.type in OPEN_TEXT_TYPES

    def items(self) -> list[str]:
        """The item codes stored for this question (``""`` for a single value)."""
        kind = self.type
        if kind == "single_choice":
            return [""] + ([OTHER_TEXT_ITEM] if self.other else [])
        if kind == "multiple_choice":
            extra = [OTHER_CODE, OTHER_TEXT_ITEM] if self.other else []
            return [o.code for o in self.options] + extra
        if kind == "likert_grid":
            return [i.id for i in self.grid_items]
        if kind == "semantic_differential":
            return [p.id for p in self.pairs]
        if kind == "three_words":
            return ["1", "2", "3"]
        return [""]

    def choices(self) -> list[Option]:
        """The options a respondent picks from, including "other" and places outside the region."""
        if self.type == "place":
            return list(self.options) + list(self.outside_options)
        extra = [Option(code=OTHER_CODE, label=OTHER)] if self.other else []
        return list(self.options) + extra

    def scale_points(self) -> list[Option]:
        """Points of a Likert question or grid, coded "1".."n" (without "can't say")."""
        labels = self.labels or SCALES.get(self.scale or "", ())
        return [Option(code=str(n), label=label) for n, label in enumerate(labels, start=1)]

    def cant_say_option(self) -> Option | None:
        return Option(code=CANT_SAY_CODE, label=CANT_SAY) if self.cant_say else None

    def codes(self) -> list[str]:
        """Every value the single-valued answer (or each item) of this question can take."""
        kind = self.type
        if kind in ("single_choice", "multiple_choice", "place"):
            return [o.code for o in self.choices()]
        if kind in ("likert", "likert_grid"):
            extra = [CANT_SAY_CODE] if self.cant_say else []
            return [o.code for o in self.scale_points()] + extra
        if kind == "semantic_differential":
            return [str(n) for n in range(1, (self.points or 7) + 1)]
        if kind == "scale_0_10":
            return [str(n) for n in range(11)]
        return []


class Page(_Frozen):
    id: PageId
    title: LocalizedText
    intro: LocalizedText | None = None
    questions: tuple[Question, ...] = Field(min_length=1)


class Region(_Frozen):
    name: LocalizedText
    municipalities: tuple[Option, ...] = Field(min_length=1)


class Questionnaire(_Frozen):
    """A whole questionnaire file; build one with ``load_questionnaire``."""

    id: QuestionnaireId
    version: str = Field(min_length=1, max_length=40)
    languages: tuple[Language, ...] = Field(min_length=1)
    default_language: Language
    title: LocalizedText
    intro: LocalizedText
    consent: LocalizedText
    privacy_notice: LocalizedText
    thank_you: LocalizedText | None = None
    estimated_minutes: int | None = Field(None, ge=1, le=120)
    region: Region
    target_groups: tuple[Option, ...] = ()
    pages: tuple[Page, ...] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _share_lists(cls, data: Any) -> Any:
        return share_lists(data)

    def questions(self) -> list[Question]:
        return [q for page in self.pages for q in page.questions]

    def question(self, qid: str) -> Question:
        for q in self.questions():
            if q.id == qid:
                return q
        raise KeyError(f"questionnaire {self.id!r} has no question {qid!r}")

    def page_index(self, qid: str) -> int:
        for index, page in enumerate(self.pages):
            if any(q.id == qid for q in page.questions):
                return index
        raise KeyError(f"questionnaire {self.id!r} has no question {qid!r}")

    @property
    def target_group_question(self) -> Question | None:
        return next((q for q in self.questions() if q.target_group), None)

    def target_group_label(self, code: str, lang: str | None = None) -> str:
        for group in self.target_groups:
            if group.code == code:
                return group.label.get(lang or self.default_language)
        return code


def share_lists(data: Any) -> Any:
    """Give the target-group question the target groups, and place questions the
    municipalities, as their options (raw data in, raw data out)."""
    if not isinstance(data, dict) or not isinstance(data.get("pages"), list):
        return data
    region = data.get("region")
    lists = {
        "target_group": data.get("target_groups"),
        "place": region.get("municipalities") if isinstance(region, dict) else None,
    }
    pages = []
    for page in data["pages"]:
        if isinstance(page, dict) and isinstance(page.get("questions"), list):
            page = dict(page, questions=[_with_options(q, lists) for q in page["questions"]])
        pages.append(page)
    return dict(data, pages=pages)


def _with_options(question: Any, lists: dict[str, Any]) -> Any:
    if not isinstance(question, dict) or "options" in question:
        return question
    if question.get("target_group") is True and isinstance(lists["target_group"], list):
        return dict(question, options=lists["target_group"])
    if question.get("type") == "place" and isinstance(lists["place"], list):
        return dict(question, options=lists["place"])
    return question


def _duplicates(codes: list[str], what: str) -> list[str]:
    return [
        f"{what} '{code}' is used {n} times; each must be unique"
        for code, n in Counter(codes).items()
        if n > 1
    ]


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
