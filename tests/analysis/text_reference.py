"""The answer-by-answer text preparation, kept as the reference the batch path must equal.

A copy of ``analysis.text.prepare_texts`` as it was before it prepared all answers of a
language at once: every distinct answer is normalised, split, tokenised, flagged and
lemmatised on its own. Slow but plainly correct; the equivalence tests and
scripts/bench_text.py compare the fast path with it answer by answer. The same for the
terms of the frequency tables (``analysis.ngrams.answer_tokens``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from analysis.ngrams import answer_terms
from analysis.text import (
    _DIGIT,
    _TOKEN,
    SUPPORTED_LANGUAGES,
    PreparedTexts,
    _pairs,
    _tokens_say_nothing,
    _word_languages,
    detect_language,
    is_no_content,
    kept_lemmas,
    lemmatise,
    normalise,
    segments,
    tokenise,
)


def reference_prepare_texts(texts: Iterable[str | None], language: str = "fi") -> PreparedTexts:
    raw = ["" if t is None else str(t) for t in texts]
    if language not in (*SUPPORTED_LANGUAGES, "auto", "per-answer"):
        raise ValueError(f"language={language!r}")
    distinct = list(dict.fromkeys(raw))
    if language in SUPPORTED_LANGUAGES:
        chosen = dict.fromkeys(distinct, language)
    else:
        majority = detect_language(raw)
        chosen = {
            text: majority if language == "auto" else reference_answer_language(text, majority)
            for text in distinct
        }
    prepared = {text: reference_prepare_one(text, chosen[text]) for text in distinct}
    return PreparedTexts(
        texts=raw,
        lemmas=[prepared[t][1] for t in raw],
        languages=[chosen[t] for t in raw],
        no_content=[prepared[t][0] for t in raw],
        phrases=[prepared[t][2] for t in raw],
    )


def reference_prepare_one(text: str, language: str) -> tuple[bool, str, list[str]]:
    normalised = normalise(text)
    parts = [_TOKEN.findall(part) for part in segments(normalised)]
    tokens = [t for part in parts for t in part]
    nothing = _tokens_say_nothing(tokens, language)
    if _DIGIT.search(normalised):
        parts = [[t for t in part if not t.isdigit()] for part in parts]
        tokens = [t for part in parts for t in part]
    kept_parts = kept_lemmas(parts, language)
    kept = [m for part in kept_parts for m in part if m is not None]
    lemmas = kept or [lemmatise(t, language) for t in tokens]
    return nothing, " ".join(lemmas), _pairs(kept_parts)


def reference_answer_language(text: str, majority: str) -> str:
    tokens = tokenise(text)
    if len(tokens) < 3:
        return majority
    known = [v for v in map(_word_languages, dict.fromkeys(tokens)) if v is not None]
    if not known:
        return majority
    shares = {
        lang: sum(v[i] for v in known) / len(known) for i, lang in enumerate(SUPPORTED_LANGUAGES)
    }
    best = max(SUPPORTED_LANGUAGES, key=lambda lang: shares[lang])
    return best if shares[best] >= shares.get(majority, 0.0) + 0.3 else majority


def reference_answer_tokens(
    texts: pd.Series, languages: pd.Series | str, n: int = 1, drop_no_content: bool = True
) -> pd.Series:
    """``analysis.ngrams.answer_tokens`` as it was: every distinct answer on its own."""
    if isinstance(languages, str):
        langs: Iterable[str] = [languages] * len(texts)
    else:
        langs = languages.reindex(texts.index).fillna("fi").astype(str)
    seen: dict[tuple[str, str], list[str]] = {}
    out: list[list[str]] = []
    for key in zip(texts.astype(str), langs, strict=True):
        terms = seen.get(key)
        if terms is None:
            text, language = key
            nothing = drop_no_content and is_no_content(text, language)
            terms = seen[key] = [] if nothing else answer_terms(text, language, n=n)
        out.append(list(terms))
    return pd.Series(out, index=texts.index, dtype=object)
