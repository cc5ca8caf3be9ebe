"""Everything a facilitator's summary shows, computed from a survey's answers with ``analysis``.

The result (``SurveySummary``) holds the analysis tables for every visible group;
choosing which groups to show side by side happens later, when drawing, so a new
selection costs no recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.labels import group_labels, localized
from analysis.load import LoadError, ResponseData, load_responses
from analysis.open_answers import summarise_open_question
from analysis.summaries import choice_distribution, group_counts, mean_by_group, semantic_profile
from analysis.themes_edit import ThemeEditError, ThemeEdits, parse_edits
from questionnaires import Question, Questionnaire

DISTRIBUTION_TYPES = {"single_choice", "multiple_choice", "likert", "place"}
MEAN_TYPES = {"likert_grid", "scale_0_10", "number"}
OPEN_TYPES = {"text_short", "text_long", "three_words"}
MAX_QUOTES = 3
MAX_QUOTE_CHARS = 240
# Columns of analysis.ngrams.frequent_terms. An open question that no shown group has
# answered yet gives a frame without any columns, and the views select by column.
TERM_COLUMNS = ["group", "term", "n", "respondents", "share"]


@dataclass(frozen=True)
class ClosedResult:
    question: Question
    kind: str  # "distribution" | "mean" | "profile"
    table: pd.DataFrame


@dataclass(frozen=True)
class ThemeResult:
    theme_id: str
    label: str
    size: int
    terms: tuple[str, ...]
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class OpenResult:
    question: Question
    role: str  # "three_words" | "future" | "open"
    answers: int
    terms: pd.DataFrame  # frequent_terms per group and for (all)
    distinguishing: pd.DataFrame  # distinctive_terms rows, top per group
    themes: tuple[ThemeResult, ...] = ()
    theme_shares: pd.DataFrame = field(default_factory=pd.DataFrame)
    clouds: dict[str, dict[str, float]] = field(default_factory=dict)  # group -> term -> weight
    no_content: int = 0
    problem: str = ""  # why stored theme edits could not be applied, if so


@dataclass(frozen=True)
class SurveySummary:
    questionnaire: Questionnaire
    lang: str
    total: int
    counts: pd.DataFrame  # group_counts: group, label, n, weighted_n, share, hidden
    group_labels: dict[str, str]
    closed: tuple[ClosedResult, ...]
    profiles: tuple[ClosedResult, ...]
    open: tuple[OpenResult, ...]

    @property
    def visible(self) -> list[str]:
        """Codes of the groups big enough to show, in the questionnaire's order."""
        return [str(g) for g in self.counts.loc[~self.counts["hidden"], "group"]]

    @property
    def hidden_count(self) -> int:
        return int((self.counts["hidden"]).sum())

    def story(self) -> list[OpenResult]:
        """The "three words" and 2040 future-image questions: the centre of the image story."""
        return [o for o in self.open if o.role != "open"]

    def other_open(self) -> list[OpenResult]:
        return [o for o in self.open if o.role == "open"]


def is_future_question(question: Question) -> bool:
    """The future-image question: an open question about the region in 2040."""
    if not question.is_open_text or question.type == "three_words":
        return False
    return "2040" in question.id or any("2040" in str(t) for t in question.text.values())


def role_of(question: Question) -> str:
    if question.type == "three_words":
        return "three_words"
    return "future" if is_future_question(question) else "open"


def load(database_url: str, slug: str) -> ResponseData:
    return load_responses(database_url, slug, include_incomplete=False, include_synthetic=True)


def summarise(
    data: ResponseData,
    lang: str,
    min_group_size: int,
    edits: dict[str, dict[str, Any]] | None = None,
) -> SurveySummary:
    """Compute every table of the facilitator's summary for one language of labels."""
    questionnaire = data.questionnaire
    if lang not in questionnaire.languages:
        lang = questionnaire.default_language
    counts = group_counts(data, min_group_size=min_group_size, lang=lang)
    total = int(data.answers["response_id"].nunique()) if not data.answers.empty else 0
    target = questionnaire.target_group_question
    closed, profiles, open_ = [], [], []
    for question in questionnaire.questions():
        if target is not None and question.id == target.id:
            continue
        if question.type in DISTRIBUTION_TYPES:
            table = choice_distribution(data, question.id, min_group_size=min_group_size, lang=lang)
            closed.append(ClosedResult(question, "distribution", table))
        elif question.type in MEAN_TYPES:
            table = mean_by_group(data, question.id, min_group_size=min_group_size, lang=lang)
            closed.append(ClosedResult(question, "mean", table))
        elif question.type == "semantic_differential":
            table = semantic_profile(data, question.id, min_group_size=min_group_size, lang=lang)
            profiles.append(ClosedResult(question, "profile", table))
        elif question.type in OPEN_TYPES:
            payload = (edits or {}).get(question.id) or {}
            open_.append(_open_result(data, question, min_group_size, payload))
    return SurveySummary(
        questionnaire=questionnaire,
        lang=lang,
        total=total,
        counts=counts,
        group_labels=group_labels(questionnaire, lang),
        closed=tuple(closed),
        profiles=tuple(profiles),
        open=tuple(open_),
    )


def _open_result(
    data: ResponseData, question: Question, min_group_size: int, edits_payload: dict[str, Any]
) -> OpenResult:
    problem = ""
    try:
        edits = parse_edits(edits_payload, f"question {question.id!r}")
    except ThemeEditError as error:
        problem, edits = str(error), ThemeEdits()
    try:
        result = summarise_open_question(
            data, question.id, edits=edits, min_group_size=min_group_size, stability_seeds=0
        )
    except ThemeEditError as error:
        # New answers can reshape the themes so that an edit no longer fits; the
        # facilitator sees a note and the unedited themes instead of an error page.
        problem = str(error)
        result = summarise_open_question(
            data, question.id, min_group_size=min_group_size, stability_seeds=0
        )
    themes = _theme_results(result)
    return OpenResult(
        question=question,
        role=role_of(question),
        answers=len(result.texts),
        terms=result.words if len(result.words.columns) else pd.DataFrame(columns=TERM_COLUMNS),
        distinguishing=result.distinctive,
        themes=themes if question.type != "three_words" else (),
        theme_shares=result.shares,
        clouds=dict(getattr(result, "cloud_frequencies", {}) or {}),
        no_content=int(result.no_content),
        problem=problem,
    )


def _theme_results(result: Any) -> tuple[ThemeResult, ...]:
    if result.themes is None or result.themes.empty:
        return ()
    out = []
    for row in result.themes.itertuples(index=False):
        if int(row.theme) < 0:
            continue
        out.append(
            ThemeResult(
                theme_id=str(int(row.theme)),
                label=str(row.label),
                size=int(row.size),
                terms=tuple(str(t) for t in list(row.top_terms)[:6]),
                quotes=tuple(_trim(str(q)) for q in list(row.quotes)[:MAX_QUOTES]),
            )
        )
    return tuple(out)


def _trim(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE_CHARS else text[: MAX_QUOTE_CHARS - 1].rstrip() + "…"


def question_text(question: Question, lang: str) -> str:
    return localized(question.text, lang)


__all__ = ["LoadError", "SurveySummary", "load", "summarise"]
