"""Analysis of survey answers: loading, themes of open answers and summaries by target group.

A plain library (never importing Flask or the web app) with a command line on top:
``python -m analysis report ...`` and ``python -m analysis compare ...``.
"""

from __future__ import annotations

from .load import LoadError, ResponseData, load_export, load_responses
from .logodds import distinctive_terms, log_odds, term_counts
from .ngrams import answer_terms, answer_tokens, frequent_terms
from .open_answers import OpenQuestionSummary, summarise_open_question
from .summaries import (
    DEFAULT_MIN_GROUP_SIZE,
    adjusted_residuals,
    choice_distribution,
    group_counts,
    mean_by_group,
    semantic_profile,
    theme_shares,
    visible_groups,
    weighted_mean_ci,
)
from .themes import ThemeClusterer
from .themes_edit import ThemeEditError, ThemeEdits, apply_edits, load_theme_file, parse_edits

__all__ = [
    "DEFAULT_MIN_GROUP_SIZE",
    "LoadError",
    "OpenQuestionSummary",
    "ResponseData",
    "ThemeClusterer",
    "ThemeEditError",
    "ThemeEdits",
    "adjusted_residuals",
    "answer_terms",
    "answer_tokens",
    "apply_edits",
    "choice_distribution",
    "distinctive_terms",
    "frequent_terms",
    "group_counts",
    "load_export",
    "load_responses",
    "load_theme_file",
    "log_odds",
    "mean_by_group",
    "parse_edits",
    "semantic_profile",
    "summarise_open_question",
    "term_counts",
    "theme_shares",
    "visible_groups",
    "weighted_mean_ci",
]
