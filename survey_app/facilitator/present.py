"""Turning a computed summary into sections a facilitator reads: charts, tables and quotes.

One section is one projector slide; the summary page shows them all in order, and
the live script swaps a section's HTML by its id.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from flask_babel import format_decimal, format_percent
from flask_babel import gettext as _
from markupsafe import Markup

from analysis.labels import ALL, item_labels, localized, value_labels

from . import svg
from .compute import ClosedResult, OpenResult, SurveySummary


@dataclass
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]


@dataclass
class Section:
    id: str
    part: str
    kind: str
    title: str
    subtitle: str = ""
    chart: Markup | None = None
    table: Table | None = None
    data: dict[str, Any] = field(default_factory=dict)


def pct(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_percent(value, format="#,##0 %")


def num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return format_decimal(value, format="#,##0." + "0" * digits)


def selected_groups(summary: SurveySummary, requested: list[str]) -> list[str]:
    """The groups to show side by side: those requested that are visible, else all visible.

    Hidden (small) groups can never be requested into view; ``(all)`` means everyone
    in the visible groups together.
    """
    allowed = [ALL, *summary.visible]
    chosen = [g for g in dict.fromkeys(requested) if g in allowed]
    return chosen or (summary.visible or [ALL])


def build_sections(summary: SurveySummary, groups: list[str]) -> list[Section]:
    labels = [summary.group_labels.get(g, g) for g in groups]
    sections = [_counts(summary)]
    for result in summary.closed:
        sections.append(_closed(summary, result, groups, labels))
    for result in summary.profiles:
        sections.append(_profile(summary, result, groups, labels))
    for result in summary.story():
        sections.extend(_open(summary, result, groups, labels, part="story"))
    for result in summary.other_open():
        sections.extend(_open(summary, result, groups, labels, part="open"))
    return sections


def _counts(summary: SurveySummary) -> Section:
    shown = summary.counts[~summary.counts["hidden"]]
    names = [str(x) for x in shown["label"]]
    values = [float(x) for x in shown["n"]]
    top = max(values, default=1.0)
    chart = svg.bar_chart(
        names,
        [svg.Series(_("Respondents"), values, [f"{int(v)}" for v in values])],
        title=_("Respondents per target group"),
        desc="; ".join(f"{n}: {int(v)}" for n, v in zip(names, values, strict=True)),
        max_value=top,
    )
    rows = [[n, str(int(v)), pct(s)] for n, v, s in zip(names, values, shown["share"], strict=True)]
    return Section(
        id="counts",
        part="counts",
        kind="counts",
        title=_("%(n)s answered", n=summary.total),
        subtitle=_("Respondents per target group"),
        chart=chart if names else None,
        table=Table(
            _("Respondents per target group"), [_("Group"), _("Respondents"), _("Share")], rows
        ),
        data={"hidden": summary.hidden_count},
    )


def _closed(
    summary: SurveySummary, result: ClosedResult, groups: list[str], labels: list[str]
) -> Section:
    question = result.question
    title = localized(question.text, summary.lang)
    if result.kind == "distribution":
        return _distribution(summary, result, groups, labels, title)
    table = result.table
    items = item_labels(summary.questionnaire, question.id, summary.lang)
    rows_order = list(dict.fromkeys(table["item"])) or [""]
    row_names = [items.get(i) or title for i in rows_order]
    series, lows, highs = [], [], []
    for code, label in zip(groups, labels, strict=True):
        part = table[table["group"] == code].set_index("item")
        means = [_opt(part, i, "mean") for i in rows_order]
        series.append(svg.Series(label, means))
        lows.append([_opt(part, i, "ci_low") for i in rows_order])
        highs.append([_opt(part, i, "ci_high") for i in rows_order])
    lo, hi = _scale(question)
    desc = "; ".join(
        f"{s.name}, {r}: {num(v)}"
        for s in series
        for r, v in zip(row_names, s.values, strict=True)
        if v is not None
    )
    if len(series) > svg.MAX_SERIES_AS_BARS:
        labelled = [svg.Series(s.name, s.values, [num(v) for v in s.values]) for s in series]
        chart = svg.grid_chart(row_names, labelled, title=title, desc=desc, low=lo, high=hi)
    else:
        chart = svg.interval_chart(row_names, series, lows, highs, lo, hi, title=title, desc=desc)
    header = [_("Item"), *labels]
    rows = []
    for r_index, name in enumerate(row_names):
        cells = [name]
        for s_index, code in enumerate(groups):
            part = table[table["group"] == code].set_index("item")
            mean = series[s_index].values[r_index]
            n = _opt(part, rows_order[r_index], "n")
            if mean is None:
                cells.append("–")
                continue
            low, high = lows[s_index][r_index], highs[s_index][r_index]
            cells.append(f"{num(mean)} ({num(low)}–{num(high)}), n={int(n or 0)}")
        rows.append(cells)
    caption = _("Mean with %(level)s interval", level=pct(0.95))
    if len(series) > svg.MAX_SERIES_AS_BARS:
        low_text, high_text = format_decimal(lo), format_decimal(hi)
        caption = _(
            "Mean of each group from %(low)s to %(high)s: the darker, the higher",
            low=low_text,
            high=high_text,
        )
    return Section(
        id=f"q-{question.id}",
        part="closed",
        kind="mean",
        title=title,
        subtitle=caption,
        chart=chart,
        table=Table(_("Mean with %(level)s interval", level=pct(0.95)), header, rows),
    )


def _distribution(
    summary: SurveySummary, result: ClosedResult, groups: list[str], labels: list[str], title: str
) -> Section:
    table = result.table
    question = result.question
    options = value_labels(summary.questionnaire, question.id, summary.lang)
    if question.type == "multiple_choice":
        options = item_labels(summary.questionnaire, question.id, summary.lang) | options
    present = list(dict.fromkeys(table["option"]))
    order = [o for o in options if o in present] + [o for o in present if o not in options]
    names = [options.get(o, o) for o in order]
    series = []
    for code, label in zip(groups, labels, strict=True):
        part = table[table["group"] == code].set_index("option")
        shares = [_opt(part, o, "share") or 0.0 for o in order]
        counts = [int(_opt(part, o, "n") or 0) for o in order]
        series.append(
            svg.Series(
                label,
                [s * 100 for s in shares],
                [f"{pct(s)} ({c})" for s, c in zip(shares, counts, strict=True)],
            )
        )
    top = max((v for s in series for v in s.values if v is not None), default=0.0)
    desc = "; ".join(
        f"{s.name}, {n}: {lab}" for s in series for n, lab in zip(names, s.labels, strict=True)
    )
    chart = bars_or_grid(names, series, title, desc, max(top, 1.0))
    rows = [[name, *[s.labels[i] for s in series]] for i, name in enumerate(names)]
    base = _("Share of respondents (count)")
    if question.type == "multiple_choice":
        base = _("Share of respondents who chose it (count); several choices allowed")
    return Section(
        id=f"q-{question.id}",
        part="closed",
        kind="distribution",
        title=title,
        subtitle=base,
        chart=chart,
        table=Table(base, [_("Answer"), *labels], rows),
    )


def _profile(
    summary: SurveySummary, result: ClosedResult, groups: list[str], labels: list[str]
) -> Section:
    question = result.question
    table = result.table
    pairs_order = list(dict.fromkeys(table["item"]))
    ends = table.drop_duplicates("item").set_index("item")
    pairs = [(str(ends.at[i, "left"]), str(ends.at[i, "right"])) for i in pairs_order]
    series = []
    for code, label in zip(groups, labels, strict=True):
        part = table[table["group"] == code].set_index("item")
        series.append(svg.Series(label, [_opt(part, i, "mean") for i in pairs_order]))
    points = int(getattr(question, "points", None) or 7)
    title = localized(question.text, summary.lang)
    desc = "; ".join(
        f"{s.name}, {left} – {right}: {num(v)}"
        for s in series
        for (left, right), v in zip(pairs, s.values, strict=True)
        if v is not None
    )
    chart = svg.profile_chart(pairs, series, points, title=title, desc=desc)
    rows = [
        [f"{left} – {right}", *[num(s.values[i]) for s in series]]
        for i, (left, right) in enumerate(pairs)
    ]
    caption = _("Mean position from 1 (left word) to %(points)s (right word)", points=points)
    return Section(
        id=f"q-{question.id}",
        part="profile",
        kind="profile",
        title=title,
        subtitle=caption,
        chart=chart,
        table=Table(caption, [_("Word pair"), *labels], rows),
    )


def _open(
    summary: SurveySummary, result: OpenResult, groups: list[str], labels: list[str], part: str
) -> list[Section]:
    from .open_sections import open_sections

    return open_sections(summary, result, groups, labels, part)


def bars_or_grid(
    names: list[str], series: list[svg.Series], title: str, desc: str, top: float
) -> Markup:
    """Bars for a few groups side by side, a shaded grid when more would not fit a screen."""
    if len(series) > svg.MAX_SERIES_AS_BARS:
        return svg.grid_chart(names, series, title=title, desc=desc, low=0.0, high=top)
    return svg.bar_chart(names, series, title=title, desc=desc, max_value=top)


def _opt(frame: pd.DataFrame, key: str, column: str) -> float | None:
    if key not in frame.index:
        return None
    value = frame.at[key, column]
    if isinstance(value, pd.Series):
        value = value.iloc[0]
    if value is None or pd.isna(value):
        return None
    return float(value)


def _scale(question: Any) -> tuple[float, float]:
    if question.type == "scale_0_10":
        return 0.0, 10.0
    if question.type == "number":
        low = getattr(question, "min", None)
        high = getattr(question, "max", None)
        return float(low if low is not None else 0), float(high if high is not None else 100)
    return 1.0, float(len(question.scale_points()) or 5)
