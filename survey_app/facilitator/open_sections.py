"""Sections of one open question: its themes with quotes, word clouds and distinguishing words."""

from __future__ import annotations

import pandas as pd
from flask_babel import gettext as _

from analysis.labels import ALL, localized

from . import svg
from .compute import OpenResult, SurveySummary
from .present import Section, Table, bars_or_grid, pct

CLOUD_ALT_WORDS = 12
MARKS = {"over": "▲", "under": "▼"}


def open_sections(
    summary: SurveySummary, result: OpenResult, groups: list[str], labels: list[str], part: str
) -> list[Section]:
    question = result.question
    title = localized(question.text, summary.lang)
    base = f"q-{question.id}"
    sections: list[Section] = []
    clouds = _clouds(result, groups, labels, title, base, part)
    if result.role == "three_words":
        sections.append(clouds)
    if result.themes:
        sections.extend(_themes(result, groups, labels, title, base, part))
    if result.role != "three_words":
        sections.append(clouds)
    distinct = _distinct(summary, result, title, base, part)
    if distinct is not None:
        sections.append(distinct)
    return sections


def _clouds(
    result: OpenResult, groups: list[str], labels: list[str], title: str, base: str, part: str
) -> Section:
    clouds = []
    rows = []
    for code, label in zip(groups, labels, strict=True):
        terms = result.terms[result.terms["group"] == code]
        words = [str(t) for t in terms["term"].head(CLOUD_ALT_WORDS)]
        clouds.append(
            {
                "group": code,
                "label": label,
                "has_terms": bool(result.clouds.get(code)),
                "alt": _(
                    "Most frequent words of %(group)s: %(words)s",
                    group=label,
                    words=", ".join(words),
                )
                if words
                else _("No words yet"),
            }
        )
        rows.append(
            [
                label,
                ", ".join(
                    f"{t} ({int(n)})"
                    for t, n in zip(terms["term"].head(15), terms["n"].head(15), strict=True)
                ),
            ]
        )
    subtitle = _(
        "Word clouds: the bigger the word, the more often it was used (%(n)s answers)",
        n=result.answers,
    )
    return Section(
        id=f"{base}-clouds",
        part=part,
        kind="clouds",
        title=title,
        subtitle=subtitle,
        table=Table(_("Most frequent words"), [_("Group"), _("Words (times used)")], rows),
        data={"question_id": result.question.id, "clouds": clouds, "role": result.role},
    )


def _themes(
    result: OpenResult, groups: list[str], labels: list[str], title: str, base: str, part: str
) -> list[Section]:
    shares = result.theme_shares
    themes = list(result.themes)
    names = [t.label for t in themes]
    series = []
    rows = [[t.label] for t in themes]
    marked = False
    for code, label in zip(groups, labels, strict=True):
        part_shares = pd.DataFrame()
        if not shares.empty:
            part_shares = shares[shares["group"] == code].set_index("theme")
            # Theme ids are integers in the analysis and strings in the sections.
            part_shares.index = part_shares.index.astype(str)
        values, texts = [], []
        for index, theme in enumerate(themes):
            share, n, mark = _share(part_shares, theme.theme_id)
            values.append(share * 100)
            text = f"{pct(share)} ({n})"
            texts.append(f"{text} {MARKS[mark]}" if mark in MARKS else text)
            marked = marked or mark in MARKS
            rows[index].append(texts[-1])
        series.append(svg.Series(label, values, texts))
    top = max((v for s in series for v in s.values if v is not None), default=1.0)
    desc = "; ".join(
        f"{s.name}, {n}: {lab}" for s in series for n, lab in zip(names, s.labels, strict=True)
    )
    overview = Section(
        id=f"{base}-themes",
        part=part,
        kind="themes",
        title=title,
        subtitle=_("Themes in the answers: share of each group's answers (count)"),
        chart=bars_or_grid(names, series, title, desc, max(top, 1.0)),
        table=Table(
            _("▲ clearly more often and ▼ clearly less often than in the other groups"),
            [_("Theme"), *labels],
            rows,
        ),
        data={"question_id": result.question.id, "themes": themes, "marked": marked},
    )
    sections = [overview]
    for index, theme in enumerate(themes):
        per_group = [
            {"label": s.name, "text": s.labels[index], "value": s.values[index]} for s in series
        ]
        sections.append(
            Section(
                id=f"{base}-theme-{theme.theme_id}",
                part=part,
                kind="theme",
                title=theme.label,
                subtitle=title,
                data={"theme": theme, "per_group": per_group, "question_id": result.question.id},
            )
        )
    return sections


def _share(frame: pd.DataFrame, theme_id: str) -> tuple[float, int, str]:
    if frame.empty or theme_id not in frame.index:
        return 0.0, 0, ""
    row = frame.loc[theme_id]
    if isinstance(row, pd.DataFrame):
        row = row.iloc[0]
    return float(row["share"]), int(row["n"]), str(row.get("mark", "") or "")


def _distinct(
    summary: SurveySummary, result: OpenResult, title: str, base: str, part: str
) -> Section | None:
    table = result.distinguishing
    if table.empty:
        return None
    columns = []
    for code in summary.visible:
        words = table[table["group"] == code]
        if words.empty:
            continue
        columns.append(
            {
                "label": summary.group_labels.get(code, code),
                "words": [str(w) for w in words["term"]],
            }
        )
    if len(columns) < 1 or len(summary.visible) < 2:
        return None
    return Section(
        id=f"{base}-distinct",
        part=part,
        kind="distinct",
        title=title,
        subtitle=_("Words that set each group apart from the others"),
        table=Table(
            _("Words that set each group apart from the others"),
            [_("Group"), _("Words")],
            [[c["label"], ", ".join(c["words"])] for c in columns],
        ),
        data={"columns": columns},
    )


__all__ = ["ALL", "open_sections"]
