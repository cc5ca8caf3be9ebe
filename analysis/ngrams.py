"""Frequent lemmatised words and two-word phrases of open answers, per group and weighted."""

from __future__ import annotations

import pandas as pd

from .text import (
    SUPPORTED_LANGUAGES,
    kept_lemmas,
    phrases,
    segment_tokens,
    terms_per_answer,
    tokenise,
)


def answer_terms(text: str, language: str, n: int = 1) -> list[str]:
    """Lemmatised words (``n=1``) or two-word phrases (``n=2``) of one answer.

    Stop words are dropped from words; a phrase is two neighbouring words of which
    neither is a stop word, so "meri ja luonto" gives no phrase but "kaunis luonto" does.

    >>> answer_terms("Kauniit järvet ja metsät", "fi", n=2)
    ['kaunis järvi']
    """
    if n not in (1, 2):
        raise ValueError(f"n={n} must be 1 or 2")
    language = language if language in SUPPORTED_LANGUAGES else "fi"
    if n == 1:
        return [lemma for lemma in _lemmas(text, language) if lemma and len(lemma) > 1]
    # Phrases stay inside one part of the answer: the three words "rauhallinen, kaunis,
    # meri" or a list "meri, luonto" have no phrase "kaunis meri" or "meri luonto".
    return phrases(segment_tokens(text), language)


def _lemmas(text: str, language: str) -> list[str | None]:
    """Lemmas of the tokens with None in place of stop words."""
    return kept_lemmas([tokenise(text)], language)[0]


def answer_tokens(
    texts: pd.Series, languages: pd.Series | str, n: int = 1, drop_no_content: bool = True
) -> pd.Series:
    """Terms of each answer, as a Series of lists indexed like ``texts``.

    ``languages`` is one language for all answers or a Series of languages aligned
    with ``texts`` (the language each respondent answered in).
    """
    if isinstance(languages, str):
        langs = [languages] * len(texts)
    else:
        langs = languages.reindex(texts.index).fillna("fi").astype(str).tolist()
    # All answers at once: each distinct answer is tokenised once and each distinct word
    # lemmatised once per language; every answer gets a list of its own, so that a caller
    # changing one changes no other.
    terms = terms_per_answer(texts.astype(str).tolist(), langs, n, drop_no_content)
    return pd.Series(terms, index=texts.index, dtype=object)


def frequent_terms(
    tokens: pd.Series,
    groups: pd.Series | None = None,
    weights: pd.Series | None = None,
    *,
    top: int = 20,
) -> pd.DataFrame:
    """The most frequent terms overall or per group.

    Returns columns group, term, n (occurrences), respondents (answers using it),
    share (respondents / answers in the group); counts and shares are weighted when
    ``weights`` are given. Sorted by group then n descending; ``top`` rows per group.
    """
    frame = pd.DataFrame({"terms": tokens})
    frame["group"] = "(all)" if groups is None else groups.reindex(frame.index)
    frame = frame.dropna(subset=["group"])
    frame["w"] = 1.0 if weights is None else weights.reindex(frame.index).fillna(0.0)
    answered = frame.groupby("group", sort=False)["w"].sum()
    # Groups, answers and terms are counted as numbers (their positions among the
    # distinct values), which pandas groups far quicker than strings; the sums run over
    # the same rows in the same order, so they are the same.
    group_codes, group_values = pd.factorize(frame["group"])
    answer_codes = pd.factorize(frame.index)[0]
    # One row per term of each answer, numbered by the answer's position.
    exploded = pd.Series(frame["terms"].to_numpy(dtype=object), dtype=object).explode().dropna()
    columns = ["group", "term", "n", "respondents", "share"]
    if exploded.empty:
        return pd.DataFrame(columns=columns)
    position = exploded.index.to_numpy()
    term_codes, term_values = pd.factorize(exploded)
    long = pd.DataFrame(
        {
            "g": group_codes[position],
            "t": term_codes,
            "answer": answer_codes[position],
            "w": frame["w"].to_numpy()[position],
        }
    )
    n = long.groupby(["g", "t"], sort=False)["w"].sum()
    once = long.drop_duplicates(["answer", "t"])
    respondents = once.groupby(["g", "t"], sort=False)["w"].sum()
    table = pd.DataFrame({"n": n, "respondents": respondents}).reset_index()
    table.insert(0, "group", _as_grouped(group_values).take(table.pop("g").to_numpy()))
    table.insert(1, "term", _as_grouped(term_values).take(table.pop("t").to_numpy()))
    table["share"] = table["respondents"] / table["group"].map(answered)
    table = table.sort_values(
        ["group", "n", "respondents", "term"], ascending=[True, False, False, True], kind="stable"
    )
    return table.groupby("group", sort=False).head(top).reset_index(drop=True)[columns]


def _as_grouped(values: pd.Index) -> pd.Index:
    """Distinct values typed as pandas types the keys of a groupby (strings kept as
    objects become its string type), so that a table grouped by their codes has the
    columns a table grouped by the values would have."""
    return pd.Index(values.to_numpy()) if values.dtype == object else values
