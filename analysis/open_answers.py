"""Everything said about one open question: themes and their shares per group, frequent
words and phrases, the words that set each group apart, and word-cloud frequencies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .labels import ALL
from .load import ResponseData
from .logodds import distinctive_terms
from .ngrams import answer_tokens, frequent_terms
from .summaries import DEFAULT_MIN_GROUP_SIZE, theme_shares, visible_groups
from .text import SUPPORTED_LANGUAGES
from .themes import ThemeClusterer
from .themes_edit import ThemeEdits, apply_edits

NO_CONTENT = -1
# Below this many answers themes say more about chance than about the answers.
MIN_ANSWERS_FOR_THEMES = 10


@dataclass
class OpenQuestionSummary:
    """The analysis of one open question; every frame uses response_id where it has rows."""

    question_id: str
    texts: pd.Series
    groups: pd.Series
    themes: pd.DataFrame = field(default_factory=pd.DataFrame)
    theme_of: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))
    shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    words: pd.DataFrame = field(default_factory=pd.DataFrame)
    phrases: pd.DataFrame = field(default_factory=pd.DataFrame)
    distinctive: pd.DataFrame = field(default_factory=pd.DataFrame)
    cloud_frequencies: dict[str, dict[str, float]] = field(default_factory=dict)
    n_themes: int = 0
    stability: float | None = None
    stability_seeds: list[int] = field(default_factory=list)
    no_content: int = 0


def answer_languages(data: ResponseData, index: pd.Index, default: str) -> pd.Series:
    """The language each respondent answered in, for lemmatising their words."""
    languages = data.responses()["language"].reindex(index)
    return languages.fillna(default).astype(str)


def summarise_open_question(
    data: ResponseData,
    question_id: str,
    *,
    language: str | None = None,
    n_themes: int | None = None,
    random_state: int = 0,
    edits: ThemeEdits | None = None,
    weights: pd.Series | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    stability_seeds: int = 2,
    top: int = 15,
) -> OpenQuestionSummary:
    """Themes, shares, frequent terms and distinctive words of one open question.

    Only answers from groups with at least ``min_group_size`` respondents are read,
    so no theme, quote or word can come from a hidden group. ``stability_seeds``
    extra clusterings with the next seeds give the mean adjusted Rand index between
    all runs (1 = identical themes; 0 = chance), or None when 0. ``language`` is a
    language code, "auto" or "per-answer" (see ``ThemeClusterer``); by default the
    respondents' own language when they all answered in one, else "per-answer".
    """
    answered_in = set(data.responses()["language"].dropna().astype(str).unique())
    default = data.questionnaire.default_language
    lang = language or (answered_in.pop() if len(answered_in) == 1 else "per-answer")
    words_lang = lang if lang in SUPPORTED_LANGUAGES else default
    groups = visible_groups(data, min_group_size)
    texts = data.texts(question_id)
    texts = texts[texts.index.isin(groups.index)]
    groups = groups.reindex(texts.index)
    summary = OpenQuestionSummary(question_id, texts, groups)
    if texts.empty:
        return summary
    langs = answer_languages(data, texts.index, words_lang)
    words = answer_tokens(texts, langs, n=1)
    phrases = answer_tokens(texts, langs, n=2)
    summary.words = _terms_by_group(words, groups, weights, top)
    summary.phrases = _terms_by_group(phrases, groups, weights, top)
    if groups.nunique() >= 2:
        summary.distinctive = distinctive_terms(words, groups, weights, top=10)
    summary.cloud_frequencies = _cloud_frequencies(words, groups, weights)
    if len(texts) >= MIN_ANSWERS_FOR_THEMES:
        _cluster(
            summary, lang, n_themes, random_state, edits, weights, min_group_size, stability_seeds
        )
    return summary


def _terms_by_group(
    terms: pd.Series, groups: pd.Series, weights: pd.Series | None, top: int
) -> pd.DataFrame:
    overall = frequent_terms(terms, None, weights, top=top).assign(group=ALL)
    return pd.concat([overall, frequent_terms(terms, groups, weights, top=top)], ignore_index=True)


def _cloud_frequencies(
    words: pd.Series, groups: pd.Series, weights: pd.Series | None
) -> dict[str, dict[str, float]]:
    w = pd.Series(1.0, index=words.index) if weights is None else weights.reindex(words.index)
    frame = pd.DataFrame({"term": words, "group": groups, "w": w}).explode("term").dropna()
    # Terms and groups are summed as number codes, which pandas groups far quicker than
    # strings; each sum runs over the same rows in the same order, so it is the same.
    term_codes, terms = pd.factorize(frame["term"])
    group_codes, group_values = pd.factorize(frame["group"])
    codes = pd.DataFrame({"g": group_codes, "t": term_codes, "w": frame["w"].to_numpy()})
    out = {ALL: _term_sums(codes, terms)}
    for code in sorted(range(len(group_values)), key=lambda c: group_values[c]):
        out[str(group_values[code])] = _term_sums(codes[codes["g"] == code], terms)
    return out


def _term_sums(codes: pd.DataFrame, terms: pd.Index) -> dict[str, float]:
    """Summed weight per term, in the terms' sorted order (the order the clouds use)."""
    sums = codes.groupby("t")["w"].sum()
    pairs = sorted(zip(terms.take(sums.index.to_numpy()), sums.to_numpy(), strict=True))
    return {str(term): float(w) for term, w in pairs}


def _cluster(
    summary: OpenQuestionSummary,
    lang: str,
    n_themes: int | None,
    seed: int,
    edits: ThemeEdits | None,
    weights: pd.Series | None,
    min_group_size: int,
    extra_seeds: int,
) -> None:
    texts = summary.texts
    k = edits.n_themes if edits is not None and edits.n_themes else n_themes
    model = ThemeClusterer(language=lang, n_themes=k, random_state=seed).fit(texts.tolist())
    labels = np.asarray(model.labels_)
    themes = _normalise_themes(model.themes_)
    summary.n_themes = int((themes["theme"] >= 0).sum())
    if extra_seeds > 0:
        summary.stability = float(model.stability(n_runs=extra_seeds + 1))
        summary.stability_seeds = [seed + i for i in range(extra_seeds + 1)]
    if edits is not None and (edits.rename or edits.merge):
        labels, themes = apply_edits(labels, themes, edits, where=summary.question_id)
    summary.theme_of = pd.Series(labels, index=texts.index, name="theme")
    summary.no_content = int((labels == NO_CONTENT).sum())
    summary.themes = themes
    summary.shares = theme_shares(
        summary.theme_of, summary.groups, weights=weights, min_group_size=min_group_size
    )


def _normalise_themes(themes: Any) -> pd.DataFrame:
    table = pd.DataFrame(themes).copy()
    for column, default in (("top_terms", list), ("quotes", list), ("label", str)):
        if column not in table:
            table[column] = [default() for _ in range(len(table))]
    table["theme"] = table["theme"].astype(int)
    table["size"] = table["size"].astype(int)
    table["top_terms"] = table["top_terms"].map(lambda v: list(v) if v is not None else [])
    table["quotes"] = table["quotes"].map(lambda v: list(v) if v is not None else [])
    return table.reset_index(drop=True)
