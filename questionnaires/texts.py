"""Translated texts of a questionnaire and the built-in labels every questionnaire shares."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

Language = Literal["fi", "sv", "en"]
LANGUAGES: tuple[str, ...] = ("fi", "sv", "en")


class LocalizedText(Mapping[str, str]):
    """A text in several languages: ``{"fi": ..., "sv": ..., "en": ...}``.

    ``get(lang)`` never fails: a language that is missing falls back to the
    questionnaire's default language, then to any language given.
    """

    __slots__ = ("_texts", "default")

    def __init__(self, texts: Mapping[str, str], default: str = "fi") -> None:
        self._texts = dict(texts)
        self.default = default

    def __getitem__(self, lang: str) -> str:
        return self._texts[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._texts)

    def __len__(self) -> int:
        return len(self._texts)

    def __hash__(self) -> int:
        return hash(frozenset(self._texts.items()))

    def __repr__(self) -> str:
        return f"LocalizedText({self._texts!r})"

    def get(self, lang: str, default: Any = None) -> str:
        for candidate in (lang, self.default):
            if self._texts.get(candidate):
                return self._texts[candidate]
        for text in self._texts.values():
            if text:
                return text
        return "" if default is None else str(default)

    @classmethod
    def _validate(cls, value: dict[str, str], info: core_schema.ValidationInfo) -> LocalizedText:
        context = info.context if isinstance(info.context, dict) else {}
        default = context.get("default_language")
        return cls(value, default if isinstance(default, str) else "fi")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.with_info_after_validator_function(
            cls._validate,
            core_schema.dict_schema(core_schema.str_schema(), core_schema.str_schema()),
            serialization=core_schema.plain_serializer_function_ser_schema(dict),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "object",
            "description": "The text in every language the questionnaire declares.",
            "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
            "additionalProperties": False,
            "minProperties": 1,
        }


def text(fi: str, sv: str, en: str) -> LocalizedText:
    return LocalizedText({"fi": fi, "sv": sv, "en": en})


# Five-point scales with the wording of Finnish national surveys; each point's
# code is its number, so "1".."5" mean the same in every language.
SCALES: dict[str, tuple[LocalizedText, ...]] = {
    "agreement": (
        text("Täysin eri mieltä", "Helt av annan åsikt", "Strongly disagree"),
        text("Jokseenkin eri mieltä", "Delvis av annan åsikt", "Somewhat disagree"),
        text(
            "Ei samaa eikä eri mieltä",
            "Varken av samma eller annan åsikt",
            "Neither agree nor disagree",
        ),
        text("Jokseenkin samaa mieltä", "Delvis av samma åsikt", "Somewhat agree"),
        text("Täysin samaa mieltä", "Helt av samma åsikt", "Strongly agree"),
    ),
    "satisfaction": (
        text("Erittäin tyytymätön", "Mycket missnöjd", "Very dissatisfied"),
        text("Melko tyytymätön", "Ganska missnöjd", "Somewhat dissatisfied"),
        text(
            "Ei tyytyväinen eikä tyytymätön",
            "Varken nöjd eller missnöjd",
            "Neither satisfied nor dissatisfied",
        ),
        text("Melko tyytyväinen", "Ganska nöjd", "Somewhat satisfied"),
        text("Erittäin tyytyväinen", "Mycket nöjd", "Very satisfied"),
    ),
    "importance": (
        text("Ei lainkaan tärkeä", "Inte alls viktigt", "Not at all important"),
        text("Vähän tärkeä", "Lite viktigt", "Slightly important"),
        text("Jonkin verran tärkeä", "Något viktigt", "Moderately important"),
        text("Melko tärkeä", "Ganska viktigt", "Very important"),
        text("Erittäin tärkeä", "Mycket viktigt", "Extremely important"),
    ),
    "likelihood": (
        text("Erittäin epätodennäköistä", "Mycket osannolikt", "Very unlikely"),
        text("Melko epätodennäköistä", "Ganska osannolikt", "Somewhat unlikely"),
        text(
            "Yhtä todennäköistä kuin epätodennäköistä",
            "Lika sannolikt som osannolikt",
            "Neither likely nor unlikely",
        ),
        text("Melko todennäköistä", "Ganska sannolikt", "Somewhat likely"),
        text("Erittäin todennäköistä", "Mycket sannolikt", "Very likely"),
    ),
}

CANT_SAY_CODE = "cant_say"
CANT_SAY = text("En osaa sanoa", "Kan inte säga", "Can't say")
OTHER_CODE = "other"
OTHER_TEXT_ITEM = "other_text"
OTHER = text("Muu, mikä?", "Annat, vad?", "Other, please specify")
SELECTED = text("Valittu", "Vald", "Selected")

OUTSIDE_REGION_CODE = "outside_region"
ABROAD_CODE = "abroad"
DEFAULT_OUTSIDE_OPTIONS: tuple[dict[str, Any], ...] = (
    {
        "code": OUTSIDE_REGION_CODE,
        "label": {
            "fi": "Muualla Suomessa",
            "sv": "På annat håll i Finland",
            "en": "Elsewhere in Finland",
        },
    },
    {"code": ABROAD_CODE, "label": {"fi": "Ulkomailla", "sv": "Utomlands", "en": "Abroad"}},
)
