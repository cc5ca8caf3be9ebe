"""``show_if`` conditions: their model and whether a question is shown for given answers."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

if TYPE_CHECKING:
    from .model import Question

CODE_PATTERN = r"^[a-z0-9][a-z0-9_]*$"


def _number_to_text(value: Any) -> Any:
    # YAML reads `code: 5` as a number; codes are stored as text, so 5 and "5" agree.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value


Code = Annotated[
    str,
    StringConstraints(pattern=CODE_PATTERN, max_length=30),
    BeforeValidator(_number_to_text),
]


class Condition(BaseModel):
    """One of: ``{question, equals}``, ``{question, one_of}``, ``{question, answered}``,
    ``{all: [...]}`` or ``{any: [...]}``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    question: str | None = None
    equals: Code | None = None
    one_of: tuple[Code, ...] | None = None
    answered: bool | None = None
    all_of: tuple[Condition, ...] | None = Field(None, alias="all")
    any_of: tuple[Condition, ...] | None = Field(None, alias="any")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        tests = [k for k in ("equals", "one_of", "answered") if getattr(self, k) is not None]
        groups = [k for k, v in (("all", self.all_of), ("any", self.any_of)) if v is not None]
        if groups:
            if self.question is not None or tests or len(groups) > 1:
                raise ValueError(
                    "a condition with 'all' or 'any' holds only that list; "
                    "put each test in its own entry of the list"
                )
            if not (self.all_of or self.any_of):
                raise ValueError(f"'{groups[0]}' needs at least one condition")
            return self
        if self.question is None:
            raise ValueError(
                "a condition needs 'question' and one of 'equals', 'one_of' or 'answered' "
                "(or a list under 'all' / 'any')"
            )
        if len(tests) != 1:
            raise ValueError(
                f"a condition on '{self.question}' needs exactly one of "
                "'equals', 'one_of' or 'answered'"
                + (f", not {' and '.join(repr(t) for t in tests)}" if tests else "")
            )
        if self.one_of is not None and not self.one_of:
            raise ValueError("'one_of' needs at least one code")
        return self

    def leaves(self) -> Iterator[Condition]:
        """Every single test in this condition, depth first."""
        for group in (self.all_of, self.any_of):
            if group is not None:
                for sub in group:
                    yield from sub.leaves()
                return
        yield self

    def codes(self) -> tuple[str, ...]:
        if self.equals is not None:
            return (self.equals,)
        return self.one_of or ()

    def holds(self, answers: Mapping[str, Mapping[str, str]]) -> bool:
        if self.all_of is not None:
            return all(sub.holds(answers) for sub in self.all_of)
        if self.any_of is not None:
            return any(sub.holds(answers) for sub in self.any_of)
        given = {
            item: value for item, value in answers.get(self.question or "", {}).items() if value
        }
        if self.answered is not None:
            return bool(given) == self.answered
        return any(_has_code(given, code) for code in self.codes())


def _has_code(given: Mapping[str, str], code: str) -> bool:
    # One stored value under item "" (single choice, scales, place), or one item per
    # picked option with value "1" (multiple choice).
    return given.get("") == code or given.get(code) == "1"


def is_visible(question: Question, answers: Mapping[str, Mapping[str, str]]) -> bool:
    """Whether ``question`` is shown, given answers ``{question_id: {item: value}}``."""
    return question.show_if is None or question.show_if.holds(answers)
