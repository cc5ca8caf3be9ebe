"""Researchers' and facilitators' names and merges of themes, read from a small YAML file.

The file (``python -m analysis report --themes FILE``)::

    seed: 0                     # optional: the clustering seed to reuse
    questions:
      best_thing:
        n_themes: 6             # optional: fix the number of themes
        rename: {0: Nature and the sea, 3: Services}
        merge: [[1, 4]]         # theme 4 joins theme 1 and keeps id 1

One question's part (``n_themes``, ``rename``, ``merge``) is the payload the web app
stores per question, so names given in a workshop reach the report unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

import numpy as np
import pandas as pd
import yaml


class ThemeEditError(ValueError):
    """A themes file that cannot be applied; the message names the file and the problem."""


@dataclass(frozen=True)
class ThemeEdits:
    """Edits to the themes of one open question."""

    rename: dict[int, str] = field(default_factory=dict)
    merge: list[list[int]] = field(default_factory=list)
    n_themes: int | None = None

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        if self.n_themes is not None:
            payload["n_themes"] = self.n_themes
        if self.rename:
            payload["rename"] = {int(k): v for k, v in self.rename.items()}
        if self.merge:
            payload["merge"] = [list(group) for group in self.merge]
        return payload


@dataclass(frozen=True)
class ThemeFile:
    seed: int | None = None
    questions: dict[str, ThemeEdits] = field(default_factory=dict)


def _theme_id(value: Any, where: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ThemeEditError(f"{where}: theme id {value!r} is not a whole number") from None
    if number < 0:
        raise ThemeEditError(f"{where}: theme id {number} is negative; -1 is 'no content'")
    return number


def parse_edits(payload: Mapping[str, Any] | None, where: str = "themes") -> ThemeEdits:
    """One question's edits from its payload (as stored by the web app or in the file)."""
    if not payload:
        return ThemeEdits()
    if not isinstance(payload, Mapping):
        raise ThemeEditError(f"{where}: expected a mapping with rename/merge, got {payload!r}")
    unknown = set(payload) - {"rename", "merge", "n_themes"}
    if unknown:
        raise ThemeEditError(
            f"{where}: unknown keys {sorted(unknown)}; use rename, merge, n_themes"
        )
    rename_raw = payload.get("rename") or {}
    if not isinstance(rename_raw, Mapping):
        raise ThemeEditError(f"{where}: 'rename' must map theme ids to names")
    rename = {_theme_id(k, where): str(v).strip() for k, v in rename_raw.items() if str(v).strip()}
    merge: list[list[int]] = []
    seen: set[int] = set()
    for group in payload.get("merge") or []:
        if not isinstance(group, list | tuple) or len(group) < 2:
            raise ThemeEditError(f"{where}: each 'merge' entry lists two or more theme ids")
        ids = [_theme_id(v, where) for v in group]
        if seen & set(ids):
            raise ThemeEditError(f"{where}: theme {sorted(seen & set(ids))[0]} is in two merges")
        seen |= set(ids)
        merge.append(ids)
    n_themes = payload.get("n_themes")
    if n_themes is not None and (not isinstance(n_themes, int) or n_themes < 2):
        raise ThemeEditError(f"{where}: n_themes={n_themes!r} must be a whole number >= 2")
    return ThemeEdits(rename=rename, merge=merge, n_themes=n_themes)


def load_theme_file(path: str | Path) -> ThemeFile:
    """Read and check a themes YAML file."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as error:
        raise ThemeEditError(f"{path}: cannot read: {error.strerror}") from None
    except yaml.YAMLError as error:
        raise ThemeEditError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(document, Mapping):
        raise ThemeEditError(f"{path}: expected a mapping with 'questions'")
    seed = document.get("seed")
    if seed is not None and not isinstance(seed, int):
        raise ThemeEditError(f"{path}: seed={seed!r} must be a whole number")
    questions = document.get("questions") or {}
    if not isinstance(questions, Mapping):
        raise ThemeEditError(f"{path}: 'questions' must map question ids to edits")
    return ThemeFile(
        seed=seed,
        questions={
            str(qid): parse_edits(edits, f"{path}: question {qid!r}")
            for qid, edits in questions.items()
        },
    )


def apply_edits(
    labels: np.ndarray, themes: pd.DataFrame, edits: ThemeEdits, where: str = "themes"
) -> tuple[np.ndarray, pd.DataFrame]:
    """Labels and themes table after merging and renaming.

    Merged themes keep the first id; sizes add up, top terms and quotes are pooled
    (the larger theme's first). A merge or rename naming a theme that does not exist
    raises, because a silently ignored edit would make a rerun differ from the file.
    """
    known = set(int(t) for t in themes["theme"])
    named = set(edits.rename) | {i for group in edits.merge for i in group}
    missing = sorted(named - known)
    if missing:
        raise ThemeEditError(
            f"{where}: theme ids {missing} do not exist; the themes are {sorted(known)}"
        )
    labels = np.asarray(labels).copy()
    table = themes.set_index("theme", drop=False).copy()
    for group in edits.merge:
        keep, others = group[0], group[1:]
        members = table.loc[group].sort_values("size", ascending=False)
        for other in others:
            labels[labels == other] = keep
        table.at[keep, "size"] = int(members["size"].sum())
        # A list is one cell of these object columns; the stubs only allow scalars in .at.
        table.at[keep, "top_terms"] = cast(Any, _pool(members["top_terms"]))
        table.at[keep, "quotes"] = cast(Any, _pool(members["quotes"]))
        table.at[keep, "label"] = " / ".join(str(v) for v in members["label"])
        table = table.drop(index=others)
    for theme, name in edits.rename.items():
        if theme in table.index:
            table.at[theme, "label"] = name
    table = table.sort_values("size", ascending=False, kind="stable").reset_index(drop=True)
    return labels, table


def _pool(lists: pd.Series) -> list:
    pooled: list = []
    for values in lists:
        for value in list(values) if values is not None else []:
            if value not in pooled:
                pooled.append(value)
    return pooled


def theme_file_text(seed: int, questions: Mapping[str, tuple[int, pd.DataFrame]]) -> str:
    """A themes file that reproduces a run: the seed, each question's number of themes
    and the current labels, ready for a researcher to edit and pass back with --themes."""
    document: dict[str, Any] = {"seed": seed, "questions": {}}
    for qid, (n_themes, themes) in questions.items():
        document["questions"][qid] = {
            "n_themes": int(n_themes),
            "rename": {
                int(t): str(label)
                for t, label in zip(themes["theme"], themes["label"], strict=True)
            },
            "merge": [],
        }
    header = (
        "# Themes of the open answers. Rename a theme by editing its label, merge themes\n"
        "# by listing their ids, e.g. merge: [[1, 4]]; then rerun with --themes this-file.\n"
    )
    return header + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)
