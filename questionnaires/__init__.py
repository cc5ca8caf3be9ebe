"""Questionnaire definitions: the YAML files and the typed model, loader and checker.

Imports neither Flask nor SQLAlchemy, so the web app and ``analysis`` share it.
"""

from __future__ import annotations

from pathlib import Path

from .loader import load_questionnaire, parse_questionnaire
from .model import GridItem, Option, Page, Pair, Question, Questionnaire, Region
from .problems import Problem, QuestionnaireError
from .texts import LocalizedText

BUNDLED_DIR = Path(__file__).resolve().parent

__all__ = [
    "BUNDLED_DIR",
    "GridItem",
    "LocalizedText",
    "Option",
    "Page",
    "Pair",
    "Problem",
    "Question",
    "Questionnaire",
    "QuestionnaireError",
    "Region",
    "bundled_questionnaires",
    "load_questionnaire",
    "parse_questionnaire",
]


def bundled_questionnaires() -> list[Path]:
    """The questionnaire files shipped with the toolkit."""
    return sorted(BUNDLED_DIR.glob("*.yaml"))
