"""Plausible synthetic responses to any questionnaire, so that reports and summaries can be
shown and benchmarked without real respondents."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from questionnaires import Question, Questionnaire
from questionnaires.conditions import is_visible

PHRASES_PATH = Path(__file__).with_name("demo_phrases.yaml")
OTHER_CODE = "other"
OTHER_TEXT_ITEM = "other_text"
CANT_SAY_CODE = "cant_say"


@cache
def phrase_bank() -> dict[str, Any]:
    with PHRASES_PATH.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


@dataclass(frozen=True)
class SyntheticResponse:
    """One made-up respondent: who they are, when they answered and what, in long form."""

    language: str
    target_group: str | None
    started_at: datetime
    completed_at: datetime
    answers: list[tuple[str, str, str]]  # (question_id, item, value)


@dataclass
class _Respondent:
    language: str
    group: str | None
    attitude: float  # -1 (critical) .. 1 (fond of the region)
    themes: list[str]
    answers: dict[str, dict[str, str]] = field(default_factory=dict)


class DemoAnswerGenerator:
    """Draws respondents whose answers differ by target group in a stable way.

    Each group gets its own mood, theme preferences and option preferences, derived
    from the seed and the group code; so the same seed gives the same data and the
    summaries by group have real differences to show.
    """

    def __init__(
        self, questionnaire: Questionnaire, seed: int = 0, now: datetime | None = None,
        days: int = 21,
    ) -> None:  # fmt: skip
        self.q = questionnaire
        self.seed = seed
        self.rng = random.Random(seed)
        # Naive UTC, as the models store it.
        self.now = (now or datetime.now(UTC).replace(tzinfo=None)).replace(microsecond=0)
        self.days = max(1, days)
        self.bank = phrase_bank()
        self.theme_names = list(self.bank["themes"])
        self.groups = [g.code for g in questionnaire.target_groups]
        group_rng = random.Random(f"{seed}:group-sizes")
        self.group_weights = [group_rng.gammavariate(2.0, 1.0) for _ in self.groups]
        self.languages = list(questionnaire.languages)
        self.language_weights = [
            0.78
            if lang == questionnaire.default_language
            else 0.22 / max(1, len(self.languages) - 1)
            for lang in self.languages
        ]
        self.places = self._place_names()
        self._sessions: list[datetime] = []
        self._specs: dict[str, tuple[list[str], int, list[str], str]] = {}

    # --- per-group and per-item parameters, stable for a seed ------------------------

    @cache  # noqa: B019  (one generator per command; the cache dies with it)
    def _group_moods(self) -> dict[str | None, float]:
        # Evenly spread, then shuffled: groups always differ visibly, in a seed's own order.
        k = len(self.groups)
        moods = [-0.5 + 1.1 * i / (k - 1) for i in range(k)] if k > 1 else [0.1]
        random.Random(f"{self.seed}:moods").shuffle(moods)
        return dict(zip(self.groups or [None], moods, strict=True))

    def _group_mood(self, group: str | None) -> float:
        return self._group_moods().get(group, 0.1)

    @cache  # noqa: B019
    def _theme_weights(self, group: str | None) -> list[float]:
        rng = random.Random(f"{self.seed}:{group}:themes")
        return [rng.gammavariate(0.8, 1.0) + 0.05 for _ in self.theme_names]

    @cache  # noqa: B019
    def _choice_weights(self, group: str | None, qid: str, n: int) -> list[float]:
        rng = random.Random(f"{self.seed}:{group}:{qid}:choices")
        return [rng.gammavariate(1.0, 1.0) + 0.05 for _ in range(n)]

    @cache  # noqa: B019
    def _item_shift(self, group: str | None, qid: str, item: str) -> float:
        common = random.Random(f"{self.seed}:{qid}:{item}").uniform(-0.35, 0.35)
        by_group = random.Random(f"{self.seed}:{group}:{qid}:{item}").uniform(-0.25, 0.25)
        return common + by_group

    # The model builds these lists on each call and hashing a frozen model is slow; a demo
    # of 100k responses asks millions of times, so keep them per question id.
    def _spec(self, question: Question) -> tuple[list[str], int, list[str], str]:
        spec = self._specs.get(question.id)
        if spec is None:
            points = len(question.scale_points()) if question.type.startswith("likert") else 0
            codes = [o.code for o in question.choices()]
            spec = (codes, points, question.items(), self._framing(question))
            self._specs[question.id] = spec
        return spec

    def _codes(self, question: Question) -> list[str]:
        return self._spec(question)[0]

    def _points(self, question: Question) -> int:
        return self._spec(question)[1]

    def _items(self, question: Question) -> list[str]:
        return self._spec(question)[2]

    # --- respondents -----------------------------------------------------------------

    def responses(self, n: int) -> Iterator[SyntheticResponse]:
        sessions = max(1, n // 25)
        self._sessions = [self._session_start() for _ in range(sessions)]
        for _ in range(n):
            yield self._one()

    def _session_start(self) -> datetime:
        # Classes answer together on school days, within school hours.
        while True:
            day = self.now - timedelta(days=self.rng.randint(1, self.days))
            if day.weekday() < 5:
                break
        return day.replace(hour=self.rng.randint(8, 14), minute=self.rng.randint(0, 59), second=0)

    def _one(self) -> SyntheticResponse:
        rng = self.rng
        group = rng.choices(self.groups, self.group_weights)[0] if self.groups else None
        weights = self._theme_weights(group)
        themes = []
        while len(themes) < 2:
            theme = rng.choices(self.theme_names, weights)[0]
            if theme not in themes:
                themes.append(theme)
        person = _Respondent(
            language=rng.choices(self.languages, self.language_weights)[0],
            group=group,
            attitude=max(-1.0, min(1.0, self._group_mood(group) + rng.gauss(0, 0.35))),
            themes=themes,
        )
        for question in self.q.questions():
            if not is_visible(question, person.answers):
                continue
            given = self._answer(question, person)
            if given:
                person.answers[question.id] = given
        started = rng.choice(self._sessions) + timedelta(seconds=rng.randint(0, 900))
        minutes = (self.q.estimated_minutes or 8) * rng.lognormvariate(0, 0.35)
        completed = min(started + timedelta(seconds=int(minutes * 60) + 30), self.now)
        rows = [(qid, item, value) for qid, items in person.answers.items()
                for item, value in items.items()]  # fmt: skip
        return SyntheticResponse(person.language, group, started, completed, rows)

    def _answer(self, question: Question, person: _Respondent) -> dict[str, str]:
        rng = self.rng
        if not question.required:
            skip = 0.25 if question.is_open_text else 0.06
            if rng.random() < skip:
                return {}
        kind = question.type
        if kind == "single_choice":
            return self._single(question, person)
        if kind == "multiple_choice":
            return self._multiple(question, person)
        if kind == "place":
            return {"": self._pick(question, person, self._codes(question))}
        if kind in ("likert", "likert_grid"):
            points = self._points(question)
            items = self._items(question)
            return {
                item: (CANT_SAY_CODE if question.cant_say and rng.random() < 0.05
                       else str(self._point(question, person, item, points, first=1)))
                for item in items
            }  # fmt: skip
        if kind == "semantic_differential":
            return {item: str(self._point(question, person, item, question.points or 7, first=1))
                    for item in self._items(question)}  # fmt: skip
        if kind == "scale_0_10":
            return {"": str(self._point(question, person, "", 11, first=0))}
        if kind == "number":
            return {"": self._number(question, person)}
        if kind == "three_words":
            return self._three_words(question, person)
        if kind in ("text_short", "text_long"):
            text = self._text(question, person)
            return {"": text} if text else {}
        return {}

    def _pick(self, question: Question, person: _Respondent, codes: Sequence[str]) -> str:
        weights = self._choice_weights(person.group, question.id, len(codes))
        return self.rng.choices(list(codes), weights)[0]

    def _single(self, question: Question, person: _Respondent) -> dict[str, str]:
        codes = self._codes(question)
        if question.target_group and person.group in codes:
            return {"": person.group}
        plain = [c for c in codes if c != OTHER_CODE]
        if question.other and self.rng.random() < 0.03 or not plain:
            return {"": OTHER_CODE, OTHER_TEXT_ITEM: self._word(person).capitalize()}
        return {"": self._pick(question, person, plain)}

    def _multiple(self, question: Question, person: _Respondent) -> dict[str, str]:
        codes = self._codes(question)
        low = max(1, question.min_choices or 1)
        high = min(question.max_choices or 3, len(codes))
        want = self.rng.randint(min(low, high), high)
        weights = list(self._choice_weights(person.group, question.id, len(codes)))
        if OTHER_CODE in codes:
            weights[codes.index(OTHER_CODE)] = 0.02
        picked: dict[str, str] = {}
        while len(picked) < want:
            code = self.rng.choices(codes, weights)[0]
            picked[code] = "1"
            weights[codes.index(code)] = 0.0
        if OTHER_CODE in picked:
            picked[OTHER_TEXT_ITEM] = self._word(person).capitalize()
        return picked

    def _point(
        self, question: Question, person: _Respondent, item: str, points: int, first: int
    ) -> int:
        shift = self._item_shift(person.group, question.id, item)
        latent = 0.5 + 0.35 * (person.attitude + shift) + self.rng.gauss(0, 0.18)
        latent = max(0.0, min(1.0, latent))
        return first + round(latent * (points - 1))

    def _number(self, question: Question, person: _Respondent) -> str:
        low = question.min if question.min is not None else 0.0
        high = question.max if question.max is not None else max(low + 100.0, 100.0)
        span = high - low
        # A group-specific centre in the lower part: ages, years and counts cluster low.
        where = random.Random(f"{self.seed}:{person.group}:{question.id}:num")
        centre = low + span * where.uniform(0.05, 0.45)
        value = max(low, min(high, self.rng.gauss(centre, span * 0.06)))
        if question.integer:
            return str(int(round(value)))
        return f"{value:.1f}"

    # --- open answers --------------------------------------------------------------------

    def _framing(self, question: Question) -> str:
        words = [question.id, *[question.text.get(lang) for lang in self.languages]]
        haystack = " ".join(w for w in words if w).lower()
        for framing in ("future", "wish"):
            if any(k in haystack for k in self.bank["framing_keywords"][framing]):
                return framing
        return "good"

    def _theme(self, person: _Respondent) -> str:
        if self.rng.random() < 0.6:
            return self.rng.choice(person.themes)
        return self.rng.choices(self.theme_names, self._theme_weights(person.group))[0]

    def _sentence(self, framing: str, theme: str, lang: str) -> str:
        rng = self.rng
        phrases = self.bank["themes"][theme][framing][lang]
        a, b = rng.sample(phrases, 2) if len(phrases) > 1 else (phrases[0], phrases[0])
        template = rng.choice(self.bank["templates"][framing][lang])
        place = rng.choice(self.places.get(lang) or [""])
        if "{place}" in template and not place:
            template = "{A}."
        return template.format(a=a, b=b, A=_cap(a), B=_cap(b), place=place)

    def _text(self, question: Question, person: _Respondent) -> str:
        rng, lang = self.rng, person.language
        if rng.random() < 0.05:
            return rng.choice(self.bank["no_content"][lang])
        framing = self._spec(question)[3]
        parts = [self._sentence(framing, self._theme(person), lang)]
        if question.type == "text_long":
            for _ in range(rng.choice((0, 1, 1, 2))):
                sentence = self._sentence(framing, self._theme(person), lang)
                if sentence not in parts:
                    parts.append(sentence)
        text = " ".join(_end(p) if len(parts) > 1 else p for p in parts)
        return _clip(text, question.max_length or 200)

    def _word(self, person: _Respondent) -> str:
        rng, lang = self.rng, person.language
        if rng.random() < 0.3:
            tone = "positive" if person.attitude + rng.gauss(0, 0.3) > 0 else "negative"
            return rng.choice(self.bank["tone_words"][tone][lang])
        return rng.choice(self.bank["words"][self._theme(person)][lang])

    def _three_words(self, question: Question, person: _Respondent) -> dict[str, str]:
        limit = question.max_length or 40
        words: list[str] = []
        for _attempt in range(100):
            word = self._word(person)
            if word not in words and len(word) <= limit:
                words.append(word)
            if len(words) == 3:
                break
        return {str(i): w for i, w in enumerate(words, start=1)}

    def _place_names(self) -> dict[str, list[str]]:
        region = self.q.region
        names: dict[str, list[str]] = {}
        for lang in self.languages:
            options = [m.label.get(lang) for m in region.municipalities]
            names[lang] = [region.name.get(lang), *options]
        return names


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _end(text: str) -> str:
    text = _cap(text)
    return text if text.endswith((".", "!", "?")) else text + "."


def _clip(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut if cut else text[:limit]


def generate_responses(
    questionnaire: Questionnaire, n: int, seed: int = 0, now: datetime | None = None
) -> Iterator[SyntheticResponse]:
    """``n`` synthetic responses to ``questionnaire``; the same seed gives the same answers."""
    return DemoAnswerGenerator(questionnaire, seed=seed, now=now).responses(n)


def visible_answers(answers: Sequence[tuple[str, str, str]]) -> Mapping[str, Mapping[str, str]]:
    """Long-form rows as the {question: {item: value}} mapping that conditions read."""
    out: dict[str, dict[str, str]] = {}
    for qid, item, value in answers:
        out.setdefault(qid, {})[item] = value
    return out
