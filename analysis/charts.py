"""Matplotlib charts of the summaries (Agg backend), as figures, inline SVG or PNG files."""

from __future__ import annotations

import base64
import io
import textwrap
from pathlib import Path
from typing import Any, cast

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .labels import ALL  # noqa: E402

# Okabe-Ito: distinguishable with the common colour-vision deficiencies and in greyscale print.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
ALL_COLOUR = "#555555"
SEQUENTIAL = "Blues"

plt.rcParams.update(
    {
        "font.family": "DejaVu Sans",
        "font.size": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",
        "figure.dpi": 100,
    }
)


def group_colours(groups: list[str]) -> dict[str, str]:
    """A fixed colour per group so a group looks the same in every chart."""
    colours = {ALL: ALL_COLOUR}
    others = [g for g in groups if g != ALL]
    for i, group in enumerate(others):
        colours[group] = PALETTE[i % len(PALETTE)]
    return colours


def wrap(text: str, width: int = 28) -> str:
    # Long words stay whole ("Ammattiopiskelija"): a word cut in two reads worse than a
    # label a little wider than planned.
    return "\n".join(textwrap.wrap(str(text), width, break_long_words=False)) or str(text)


def to_svg(figure: Figure) -> str:
    """The figure as an inline ``<svg>`` element (text kept as text for screen readers)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]


def to_png_data_uri(figure: Figure, dpi: int = 150) -> str:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(figure)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def save_png(figure: Figure, path: Path, dpi: int = 150) -> Path:
    figure.savefig(path, format="png", dpi=dpi, bbox_inches="tight")
    return path


def _height(rows: int, per_row: float = 0.42, minimum: float = 2.2) -> float:
    return max(minimum, 0.9 + rows * per_row)


def group_count_chart(counts: pd.DataFrame, title: str = "") -> Figure:
    """Horizontal bars of respondents per visible group (columns label, n)."""
    visible = counts[~counts["hidden"]].iloc[::-1]
    figure, axes = plt.subplots(figsize=(7, _height(len(visible))))
    colours = group_colours(list(counts["group"]))
    bars = axes.barh(
        [wrap(v) for v in visible["label"]],
        visible["n"],
        color=[colours[g] for g in visible["group"]],
    )
    axes.bar_label(bars, labels=[f"{int(n)}" for n in visible["n"]], padding=3)
    axes.set_xlabel("n")
    axes.set_title(title, loc="left")
    return figure


def stacked_share_chart(
    dist: pd.DataFrame,
    title: str = "",
    ordered: bool = False,
    neutral_options: tuple[str, ...] = (),
) -> Figure:
    """100 % stacked bars: one bar per group, one segment per option (single choice, Likert).

    ``ordered`` scales (Likert) get a diverging red-blue scale; ``neutral_options``
    (labels such as "can't say") are drawn grey at the end.
    """
    table = dist.pivot_table(
        index="group_label", columns="option_label", values="share", aggfunc="sum", sort=False
    ).fillna(0.0)
    table = table.iloc[::-1]
    options = list(dict.fromkeys(dist["option_label"]))
    table = table[
        [o for o in options if o in table.columns and o not in neutral_options]
        + [o for o in options if o in table.columns and o in neutral_options]
    ]
    n_options = len(table.columns)
    neutral = [o for o in table.columns if o in set(neutral_options)]
    scale = n_options - len(neutral)
    cmap = plt.get_cmap("RdYlBu" if ordered else "tab10")
    spread = np.linspace(0.08, 0.92, scale) if ordered else np.arange(scale) % 10 / 10 + 0.05
    colours = [cmap(x) for x in spread] if scale > 1 else [PALETTE[0]] * scale
    colours += ["#BBBBBB"] * len(neutral)
    figure, axes = plt.subplots(figsize=(8, _height(len(table), 0.5) + 0.6))
    left = np.zeros(len(table))
    for colour, option in zip(colours, table.columns, strict=True):
        values = table[option].to_numpy()
        bars = axes.barh(
            [wrap(g) for g in table.index],
            values,
            left=left,
            color=colour,
            label=wrap(option, 22),
            edgecolor="white",
            linewidth=0.6,
        )
        labels = [f"{v:.0%}" if v >= 0.07 else "" for v in values]
        axes.bar_label(
            bars, labels=labels, label_type="center", fontsize=9, color=_text_colour(colour)
        )
        left += values
    axes.set_xlim(0, 1)
    axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    _legend(axes, ncols=min(n_options, 3))
    axes.set_title(title, loc="left")
    return figure


def _legend(axes: Any, *handles_labels: Any, ncols: int) -> None:
    # Above the plot, where it never collides with the tick labels of the x axis.
    axes.legend(
        *handles_labels,
        loc="lower left",
        bbox_to_anchor=(0, 1.01),
        ncols=max(1, ncols),
        frameon=False,
        fontsize=9,
        borderaxespad=0,
    )


def _text_colour(colour: str | tuple[float, ...]) -> str:
    # Colours come from matplotlib colour maps or the palette: strings or RGB(A) tuples.
    r, g, b, *_ = matplotlib.colors.to_rgba(cast(Any, colour))
    return "black" if (0.299 * r + 0.587 * g + 0.114 * b) > 0.55 else "white"


def grouped_share_chart(dist: pd.DataFrame, title: str = "") -> Figure:
    """One row per option, one bar per group (multiple choice, places)."""
    groups = list(dict.fromkeys(dist["group"]))
    labels = dict(zip(dist["group"], dist["group_label"], strict=False))
    options = list(dict.fromkeys(dist["option_label"]))[::-1]
    colours = group_colours(groups)
    height = 0.8 / max(1, len(groups))
    figure, axes = plt.subplots(figsize=(8, _height(len(options), 0.25 + 0.16 * len(groups))))
    y = np.arange(len(options))
    for i, group in enumerate(groups[::-1]):
        part = dist[dist["group"] == group].set_index("option_label")["share"]
        values = part.reindex(options).fillna(0.0).to_numpy()
        axes.barh(
            y + i * height - 0.4 + height / 2,
            values,
            height=height,
            color=colours[group],
            label=labels[group],
        )
    axes.set_yticks(y, [wrap(o) for o in options])
    axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0, decimals=0))
    handles, names = axes.get_legend_handles_labels()
    _legend(axes, handles[::-1], names[::-1], ncols=min(len(groups), 3))
    axes.set_title(title, loc="left")
    return figure


def mean_chart(
    means: pd.DataFrame, title: str = "", limits: tuple[float, float] | None = None
) -> Figure:
    """Dots with 95 % interval whiskers: items down the side, one dot per group."""
    groups = list(dict.fromkeys(means["group"]))
    labels = dict(zip(means["group"], means["group_label"], strict=False))
    items = list(dict.fromkeys(means["item_label"]))[::-1]
    colours = group_colours(groups)
    if len(items) == 1:
        return _single_mean_chart(means, groups, labels, colours, limits)
    figure, axes = plt.subplots(figsize=(8, _height(len(items), 0.3 + 0.12 * len(groups))))
    offsets = np.linspace(-0.3, 0.3, len(groups)) if len(groups) > 1 else [0.0]
    for offset, group in zip(offsets, groups, strict=True):
        part = means[means["group"] == group].set_index("item_label").reindex(items)
        y = np.arange(len(items)) - offset
        error = np.vstack([part["mean"] - part["ci_low"], part["ci_high"] - part["mean"]])
        axes.errorbar(
            part["mean"],
            y,
            xerr=np.nan_to_num(error),
            fmt="o",
            color=colours[group],
            label=labels[group],
            capsize=3,
            markersize=6,
        )
    axes.set_yticks(np.arange(len(items)), [wrap(i or title, 30) for i in items])
    if limits:
        axes.set_xlim(*limits)
    axes.grid(axis="x", alpha=0.3)
    _legend(axes, ncols=min(len(groups), 3))
    axes.set_title(title, loc="left")
    return figure


def _single_mean_chart(
    means: pd.DataFrame,
    groups: list[str],
    labels: dict[str, str],
    colours: dict[str, str],
    limits: tuple[float, float] | None,
) -> Figure:
    # One item: the groups themselves go down the side and need no legend.
    figure, axes = plt.subplots(figsize=(8, _height(len(groups), 0.42)))
    rows = means.set_index("group").reindex(groups)
    y = np.arange(len(groups))[::-1]
    error = np.vstack([rows["mean"] - rows["ci_low"], rows["ci_high"] - rows["mean"]])
    for i, group in enumerate(groups):
        axes.errorbar(
            rows["mean"].iloc[i],
            y[i],
            xerr=np.nan_to_num(error[:, i : i + 1]),
            fmt="o",
            color=colours[group],
            capsize=4,
            markersize=7,
        )
        axes.annotate(
            f"{rows['mean'].iloc[i]:.1f}",
            (rows["mean"].iloc[i], y[i]),
            xytext=(0, 7),
            textcoords="offset points",
            ha="center",
            fontsize=9,
        )
    axes.set_yticks(y, [wrap(labels[g]) for g in groups])
    axes.set_ylim(-0.6, len(groups) - 0.4)
    if limits:
        axes.set_xlim(*limits)
    axes.grid(axis="x", alpha=0.3)
    return figure


def profile_chart(profile: pd.DataFrame, points: int = 7, title: str = "") -> Figure:
    """Semantic differential: pairs down the side, end words at both sides, a line per group."""
    groups = list(dict.fromkeys(profile["group"]))
    labels = dict(zip(profile["group"], profile["group_label"], strict=False))
    pairs = list(dict.fromkeys(profile["item"]))
    ends = profile.drop_duplicates("item").set_index("item")[["left", "right"]]
    colours = group_colours(groups)
    figure, axes = plt.subplots(figsize=(8, _height(len(pairs), 0.55)))
    y = np.arange(len(pairs))
    for group in groups:
        part = profile[profile["group"] == group].set_index("item").reindex(pairs)
        style = {"linestyle": "--", "linewidth": 1.5} if group == ALL else {"linewidth": 2.2}
        axes.plot(part["mean"], y, marker="o", color=colours[group], label=labels[group], **style)
    axes.set_ylim(len(pairs) - 0.5, -0.5)
    axes.set_xlim(0.8, points + 0.2)
    axes.set_xticks(range(1, points + 1))
    axes.set_yticks(y, [wrap(ends.loc[p, "left"], 18) for p in pairs])
    right = axes.secondary_yaxis("right")
    right.set_yticks(y, [wrap(ends.loc[p, "right"], 18) for p in pairs])
    right.spines["right"].set_visible(False)
    axes.grid(axis="x", alpha=0.3)
    _legend(axes, ncols=min(len(groups), 3))
    axes.set_title(title, loc="left")
    return figure


def theme_share_chart(
    shares: pd.DataFrame, theme_labels: dict, group_labels: dict, title: str = ""
) -> Figure:
    """Heat map of theme shares per group; ▲/▼ mark over/under-representation."""
    table = shares.pivot_table(index="theme", columns="group", values="share", sort=False).fillna(0)
    marks = (
        shares.pivot_table(
            index="theme", columns="group", values="mark", aggfunc="first", sort=False
        )
        .reindex_like(table)
        .fillna("")
    )
    present = list(dict.fromkeys(shares["group"]))
    groups = [ALL] + [g for g in group_labels if g in present and g != ALL]
    groups = [g for g in groups + present if g in table.columns]
    groups = list(dict.fromkeys(groups))
    # "No content" (-1) goes last: it is not a theme, only a count worth seeing.
    order = sorted(table.index, key=lambda t: (t == -1, t))
    table, marks = table.loc[order, groups], marks.loc[order, groups]
    figure, axes = plt.subplots(figsize=(1.6 + 1.25 * len(groups), _height(len(table), 0.5)))
    axes.imshow(
        table.to_numpy(),
        cmap=SEQUENTIAL,
        aspect="auto",
        vmin=0,
        vmax=max(0.01, float(table.to_numpy().max())),
    )
    for (i, j), value in np.ndenumerate(table.to_numpy()):
        sign = {"over": " ▲", "under": " ▼"}.get(str(marks.iat[i, j]), "")
        colour = "white" if value > 0.6 * table.to_numpy().max() else "black"
        axes.text(j, i, f"{value:.0%}{sign}", ha="center", va="center", fontsize=10, color=colour)
    axes.set_xticks(range(len(groups)), [wrap(str(group_labels.get(g, g)), 12) for g in groups])
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(table)), [wrap(str(theme_labels.get(t, t)), 32) for t in table.index])
    axes.spines[:].set_visible(False)
    axes.tick_params(length=0)
    axes.set_title(title, loc="left", pad=30)
    return figure


def term_chart(
    terms: pd.DataFrame, title: str = "", value: str = "n", colour: str = PALETTE[0]
) -> Figure:
    """Horizontal bars of the most frequent (or most distinctive) terms."""
    terms = terms.iloc[::-1]
    figure, axes = plt.subplots(figsize=(6, _height(len(terms), 0.3)))
    bars = axes.barh(terms["term"], terms[value], color=colour)
    axes.bar_label(
        bars,
        labels=[f"{v:.1f}" if value == "z" else f"{v:.0f}" for v in terms[value]],
        padding=3,
        fontsize=9,
    )
    axes.set_title(title, loc="left")
    return figure
