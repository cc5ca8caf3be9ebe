"""Two waves of the same questionnaire side by side per target group (say 2025 and 2026)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .labels import NO_GROUP, group_labels
from .load import LoadError, ResponseData
from .report import ReportOptions, build_report
from .summaries import DEFAULT_MIN_GROUP_SIZE, NUMERIC_TYPES, mean_by_group

SEPARATOR = " · "


def combine_waves(
    first: ResponseData,
    second: ResponseData,
    labels: Sequence[str] | None = None,
    lang: str | None = None,
) -> ResponseData:
    """One dataset whose groups are "group · wave", read with the later questionnaire.

    Themes of the open answers are then found once over both waves, so a theme means
    the same thing in both and its shares can be compared.
    """
    if first.questionnaire.id != second.questionnaire.id:
        raise LoadError(
            f"the waves are of different questionnaires: {first.questionnaire.id!r} and "
            f"{second.questionnaire.id!r}"
        )
    if first.questionnaire.version != second.questionnaire.version:
        warnings.warn(
            f"questionnaire versions differ ({first.questionnaire.version} and "
            f"{second.questionnaire.version}); questions are matched by id and type",
            stacklevel=2,
        )
    names = list(labels) if labels else [_wave_name(first), _wave_name(second)]
    if len(names) != 2 or names[0] == names[1]:
        raise ValueError(f"labels={names!r} must be two different names")
    lang = lang or second.questionnaire.default_language
    glabels = group_labels(second.questionnaire, lang)
    types = {q.id: q.type for q in second.questionnaire.questions()}
    frames = []
    for data, name in zip((first, second), names, strict=True):
        answers = data.answers[data.answers["question_id"].map(types) == data.answers["type"]]
        group = answers["group"].fillna(NO_GROUP).astype(str).map(lambda g: glabels.get(g, g))
        frames.append(
            answers.assign(
                response_id=name + ":" + answers["response_id"].astype(str),
                group=group + SEPARATOR + name,
            )
        )
    combined = pd.concat(frames, ignore_index=True)
    return ResponseData(second.questionnaire, combined)


def _wave_name(data: ResponseData) -> str:
    dates = data.answers["completed_at"].dropna()
    if len(dates):
        return (
            str(dates.max().year)
            if dates.min().year == dates.max().year
            else (f"{dates.min():%Y-%m}–{dates.max():%Y-%m}")
        )
    return str(data.answers["survey"].iloc[0]) if len(data.answers) else "?"


def mean_changes(
    first: ResponseData, second: ResponseData, *, min_group_size: int, lang: str
) -> pd.DataFrame:
    """Change of every numeric question's mean per group and item between the waves."""
    rows = []
    shared = {q.id for q in first.questionnaire.questions()} & {
        q.id for q in second.questionnaire.questions() if q.type in NUMERIC_TYPES
    }
    for question in second.questionnaire.questions():
        if (
            question.id not in shared
            or first.questionnaire.question(question.id).type != question.type
        ):
            continue
        a = mean_by_group(first, question.id, min_group_size=min_group_size, lang=lang)
        b = mean_by_group(second, question.id, min_group_size=min_group_size, lang=lang)
        merged = a.merge(b, on=["group", "item"], suffixes=("_1", "_2"))
        merged["question_id"] = question.id
        merged["change"] = merged["mean_2"] - merged["mean_1"]
        # Intervals that do not overlap are a conservative sign of a real change.
        merged["clear"] = (merged["ci_low_2"] > merged["ci_high_1"]) | (
            merged["ci_high_2"] < merged["ci_low_1"]
        )
        rows.append(merged)
    if not rows:
        return pd.DataFrame()
    table = pd.concat(rows, ignore_index=True)
    return table[
        [
            "question_id",
            "group",
            "group_label_2",
            "item",
            "item_label_2",
            "n_1",
            "mean_1",
            "n_2",
            "mean_2",
            "change",
            "clear",
        ]
    ].rename(columns={"group_label_2": "group_label", "item_label_2": "item_label"})


def compare_waves(
    first: ResponseData,
    second: ResponseData,
    out_dir: str | Path,
    *,
    lang: str | None = None,
    labels: Sequence[str] | None = None,
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE,
    seed: int = 0,
    progress: bool = True,
) -> Path:
    """Write the side-by-side report of two waves and a table of mean changes."""
    lang = lang or second.questionnaire.default_language
    combined = combine_waves(first, second, labels, lang)
    options = ReportOptions(lang=lang, seed=seed, min_group_size=min_group_size, progress=progress)
    result = build_report(combined, out_dir, options)
    changes = mean_changes(first, second, min_group_size=min_group_size, lang=lang)
    changes.to_csv(Path(out_dir) / "tables" / "mean_changes.csv", index=False)
    return result.html
