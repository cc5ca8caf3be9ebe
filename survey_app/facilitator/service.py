"""The summary of a survey for the current language, through the cache."""

from __future__ import annotations

from typing import Any

from flask import current_app

from analysis.wordclouds import png_bytes, word_cloud

from ..extensions import db
from ..models import Survey
from . import cache
from .compute import SurveySummary, load, summarise
from .themes import stored_edits


def database_url() -> str:
    return db.engine.url.render_as_string(hide_password=False)


def min_group_size() -> int:
    return int(current_app.config.get("MIN_GROUP_SIZE", 5))


def caches() -> tuple[cache.SummaryCache, cache.LruCache[bytes], cache.LruCache[Any]]:
    """This app's caches of summaries, word-cloud images and drawn sections (one set per
    app, so two apps in one process, as in the tests, never see each other's surveys)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    found = app.extensions.get("facilitator_cache")
    if found is None:
        summaries = cache.SummaryCache(
            min_interval=float(app.config.get("FACILITATOR_MIN_RECOMPUTE_SECONDS", 2.0))
        )
        found = app.extensions.setdefault(
            "facilitator_cache", (summaries, cache.LruCache(64), cache.LruCache(32))
        )
    return found  # type: ignore[no-any-return]


def get_summary(survey: Survey, lang: str) -> tuple[cache.DataKey, SurveySummary]:
    """The summary for the survey's current data (computed only if the data changed)."""
    found = _summary(survey, lang, first_in_background=False)
    assert found is not None
    return found


def summary_or_start(survey: Survey, lang: str) -> tuple[cache.DataKey, SurveySummary] | None:
    """The summary, or None while the survey's first summary is computed in the background."""
    background = bool(current_app.config.get("FACILITATOR_FIRST_VIEW_IN_BACKGROUND", True))
    return _summary(survey, lang, first_in_background=background)


def _summary(
    survey: Survey, lang: str, first_in_background: bool
) -> tuple[cache.DataKey, SurveySummary] | None:
    key = cache.data_key(survey)
    url, slug, size = database_url(), survey.slug, min_group_size()
    # Read here, in the request: the computation may run in a thread without the app.
    edits = stored_edits(survey.id)

    def compute() -> SurveySummary:
        data = load(url, slug)
        return summarise(data, lang, size, edits)

    summaries = caches()[0]
    # A few hundred answers are summarised in seconds; only bigger surveys would keep a
    # browser waiting long enough to need the "being prepared" page.
    threshold = int(current_app.config.get("FACILITATOR_BACKGROUND_FROM_RESPONSES", 300))
    if first_in_background and key.responses >= threshold:
        return summaries.get_or_start(key, lang, compute)
    return summaries.get(key, lang, compute)


def cloud_png(
    summary: SurveySummary, key: cache.DataKey, question_id: str, group: str
) -> bytes | None:
    """The word cloud of one group's answers to one question as PNG, or None if no words."""

    def draw() -> bytes:
        result = next((o for o in summary.open if o.question.id == question_id), None)
        if result is None:
            return b""
        image = word_cloud(
            result.clouds.get(group, {}),
            width=960,
            height=540,
            colormap="Dark2",
        )
        if image is None:
            return b""
        return png_bytes(image)

    png = caches()[1].get_or_compute((key, summary.lang, question_id, group), draw)
    return png or None
