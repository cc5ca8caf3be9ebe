"""Charts drawn on the server as inline SVG: bars by group, means with intervals, profiles.

Hand-built rather than matplotlib's SVG because the page's Content-Security-Policy
forbids inline style attributes, which matplotlib writes on every element; here only
presentation attributes and classes from our own stylesheet are used, so the charts
scale with the page (large on the projector) and print sharply.
"""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe-Ito: distinguishable with the common colour-vision deficiencies and on a
# washed-out projector; each group also gets its own dash pattern and marker.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
DASHES = ("", "10 6", "3 5", "14 5 3 5", "2 3", "20 6", "6 3 6 9", "1 4")
_ids = itertools.count(1)


def colour(index: int) -> str:
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class Series:
    """One group's values across the chart's rows; None where there is nothing to show."""

    name: str
    values: Sequence[float | None]
    labels: Sequence[str] = ()  # text printed at the end of each bar, e.g. "42 % (13)"


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    wrapped = textwrap.wrap(text, width) or [""]
    if len(wrapped) > lines:
        wrapped = wrapped[:lines]
        wrapped[-1] = wrapped[-1][: max(1, width - 1)].rstrip() + "…"
    return wrapped


def _wrap_words(text: str, width: int, lines: int) -> list[str]:
    """Wrap at spaces; a word longer than a line is split with a hyphen, not mid-air."""
    out: list[str] = []
    for line in textwrap.wrap(text, width, break_long_words=False) or [""]:
        while len(line) > width:
            out.append(line[: width - 1] + "-")
            line = line[width - 1 :]
        out.append(line)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: max(1, width - 1)].rstrip("-") + "…"
    return out


def _open(width: int, height: int, title: str, desc: str, css: str) -> tuple[list[str], str]:
    uid = f"c{next(_ids)}"
    head = (
        f'<svg class="chart {css}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{uid}t {uid}d" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{uid}t">{escape(title)}</title><desc id="{uid}d">{escape(desc)}</desc>'
    )
    return [head], uid


def _legend_height(series: Sequence[Series], width: int) -> int:
    """The height ``_legend`` takes for ``series`` (0 for a single series: no legend)."""
    if len(series) < 2:
        return 0
    scratch: list[str] = []
    return _legend(scratch, series, 22, width) + 8


def _legend(parts: list[str], series: Sequence[Series], y: int, width: int) -> int:
    """Draw a legend row (wrapping) and return the y below it."""
    x = 0
    for index, s in enumerate(series):
        label = _wrap(s.name, 26, 1)[0]
        span = 40 + len(label) * 12
        if x and x + span > width:
            x, y = 0, y + 34
        parts.append(
            f'<rect x="{x}" y="{y - 18}" width="26" height="22" fill="{colour(index)}"/>'
            f'<text class="legend" x="{x + 34}" y="{y}">{escape(label)}</text>'
        )
        x += span + 24
    return y + 22


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    title: str,
    desc: str,
    max_value: float = 100.0,
    width: int = 640,
) -> Markup:
    """Horizontal bars, one block per category with one bar per series (group).

    Labels sit above their bars instead of beside them so that the chart stays
    readable when it shrinks to a phone's width.
    """
    bar_h, gap = 26, 6
    label_w = 46
    rows: list[tuple[list[str], int]] = []
    for category in categories:
        lines = _wrap(category, label_w, 2)
        rows.append((lines, len(lines) * 26 + len(series) * (bar_h + gap) + 16))
    legend_h = _legend_height(series, width)
    height = legend_h + sum(h for _, h in rows) + 8
    parts, _uid = _open(width, height, title, desc, "bars")
    y = 0
    if len(series) > 1:
        y = _legend(parts, series, 22, width) + 8
    value_room = 150  # space for "100 % (1234)" at the end of the longest bar
    scale = (width - value_room) / (max_value or 1.0)
    for row_index, (lines, _block_h) in enumerate(rows):
        for line in lines:
            y += 26
            parts.append(f'<text class="cat" x="0" y="{y - 6}">{escape(line)}</text>')
        for s_index, s in enumerate(series):
            value = s.values[row_index] if row_index < len(s.values) else None
            label = s.labels[row_index] if row_index < len(s.labels) else ""
            w = 0.0 if value is None else max(0.0, value) * scale
            parts.append(
                f'<rect class="bar" x="0" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{colour(s_index)}"/>'
            )
            if label:
                parts.append(
                    f'<text class="val" x="{w + 8:.1f}" y="{y + bar_h - 6}">{escape(label)}</text>'
                )
            y += bar_h + gap
        y += 16
    parts.append("</svg>")
    return Markup("".join(parts))


def interval_chart(
    rows: Sequence[str],
    series: Sequence[Series],
    lows: Sequence[Sequence[float | None]],
    highs: Sequence[Sequence[float | None]],
    scale_min: float,
    scale_max: float,
    title: str,
    desc: str,
    width: int = 640,
) -> Markup:
    """Means with 95 % intervals: a dot and a whisker per group under each row label."""
    row_h = 30
    blocks = [(_wrap(r, 46, 2), len(series)) for r in rows]
    legend_h = _legend_height(series, width)
    axis_h = 40
    height = legend_h + axis_h + sum(len(lines) * 26 + n * row_h + 14 for lines, n in blocks)
    parts, _uid = _open(width, height, title, desc, "intervals")
    y = 0
    if len(series) > 1:
        y = _legend(parts, series, 22, width) + 8
    left, right = 20, width - 90
    span = (scale_max - scale_min) or 1.0

    def x_of(v: float) -> float:
        return left + (v - scale_min) / span * (right - left)

    ticks = _ticks(scale_min, scale_max)
    for t in ticks:
        parts.append(
            f'<text class="tick" x="{x_of(t):.1f}" y="{y + 24}" text-anchor="middle">{t:g}</text>'
        )
    y += axis_h
    top = y
    for r_index, (lines, _n) in enumerate(blocks):
        for line in lines:
            y += 26
            parts.append(f'<text class="cat" x="0" y="{y - 6}">{escape(line)}</text>')
        for s_index, s in enumerate(series):
            mean = s.values[r_index] if r_index < len(s.values) else None
            cy = y + row_h / 2
            if mean is not None:
                lo, hi = lows[s_index][r_index], highs[s_index][r_index]
                if lo is not None and hi is not None:
                    # A small group's interval can reach past the scale; draw it to the edge.
                    lo, hi = max(lo, scale_min), min(hi, scale_max)
                    parts.append(
                        f'<line x1="{x_of(lo):.1f}" x2="{x_of(hi):.1f}" y1="{cy}" y2="{cy}" '
                        f'stroke="{colour(s_index)}" stroke-width="4"/>'
                    )
                parts.append(
                    f'<circle cx="{x_of(mean):.1f}" cy="{cy}" r="9" fill="{colour(s_index)}"/>'
                    f'<text class="val" x="{right + 14}" y="{cy + 7}">{mean:.1f}</text>'
                )
            y += row_h
        y += 14
    for t in ticks:
        parts.append(
            f'<line class="grid" x1="{x_of(t):.1f}" x2="{x_of(t):.1f}" y1="{top}" y2="{y}" '
            f'stroke="#999" stroke-width="1" stroke-dasharray="2 4"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 1.0 if span <= 10 else 2.0 if span <= 20 else span / 5
    out, v = [], lo
    while v <= hi + 1e-9:
        out.append(round(v, 2))
        v += step
    return out


def profile_chart(
    pairs: Sequence[tuple[str, str]],
    series: Sequence[Series],
    points: int,
    title: str,
    desc: str,
    width: int = 900,
) -> Markup:
    """The semantic differential profile: one line per group across the adjective pairs."""
    row_h = 64
    label_w = 230
    legend_h = _legend_height(series, width)
    axis_h = 40
    height = legend_h + axis_h + len(pairs) * row_h + 10
    parts, _uid = _open(width, height, title, desc, "profile")
    y = 0
    if len(series) > 1:
        y = _legend(parts, series, 22, width) + 8
    left, right = label_w + 20, width - label_w - 20

    def x_of(v: float) -> float:
        return left + (v - 1) / max(1, points - 1) * (right - left)

    for p in range(1, points + 1):
        parts.append(
            f'<text class="tick" x="{x_of(p):.1f}" y="{y + 24}" text-anchor="middle">{p}</text>'
        )
    y += axis_h
    top = y
    for index, (lft, rgt) in enumerate(pairs):
        cy = top + index * row_h + row_h / 2
        for lines, x, anchor in (
            (_wrap(lft, 18, 2), label_w, ' text-anchor="end"'),
            (_wrap(rgt, 18, 2), width - label_w, ""),
        ):
            first = cy + 8 - (len(lines) - 1) * 12
            for n, line in enumerate(lines):
                parts.append(
                    f'<text class="cat" x="{x}" y="{first + n * 24:.1f}"{anchor}>'
                    f"{escape(line)}</text>"
                )
        parts.append(
            f'<line class="grid" x1="{left}" x2="{right}" y1="{cy}" y2="{cy}" '
            f'stroke="#bbb" stroke-width="1"/>'
        )
    bottom = top + len(pairs) * row_h
    for p in range(1, points + 1):
        parts.append(
            f'<line class="grid" x1="{x_of(p):.1f}" x2="{x_of(p):.1f}" y1="{top}" y2="{bottom}" '
            f'stroke="#ccc" stroke-width="1" stroke-dasharray="2 4"/>'
        )
    for s_index, s in enumerate(series):
        points_xy = [
            (x_of(v), top + i * row_h + row_h / 2) for i, v in enumerate(s.values) if v is not None
        ]
        if len(points_xy) > 1:
            path = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in points_xy)
            dash = DASHES[s_index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{colour(s_index)}" '
                f'stroke-width="5"{dash_attr}/>'
            )
        for x, yy in points_xy:
            parts.append(_marker(s_index, x, yy))
    parts.append("</svg>")
    return Markup("".join(parts))


def _marker(index: int, x: float, y: float) -> str:
    """A marker whose shape, not only colour, tells the groups apart."""
    fill = colour(index)
    shape = index % 4
    if shape == 0:
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="10" fill="{fill}"/>'
    if shape == 1:
        return f'<rect x="{x - 9:.1f}" y="{y - 9:.1f}" width="18" height="18" fill="{fill}"/>'
    if shape == 2:
        return (
            f'<polygon points="{x:.1f},{y - 12:.1f} {x + 11:.1f},{y + 8:.1f} '
            f'{x - 11:.1f},{y + 8:.1f}" fill="{fill}"/>'
        )
    return (
        f'<polygon points="{x:.1f},{y - 12:.1f} {x + 12:.1f},{y:.1f} {x:.1f},{y + 12:.1f} '
        f'{x - 12:.1f},{y:.1f}" fill="{fill}"/>'
    )


# With more groups than this, bars and whiskers per group grow taller than a screen;
# a table of shaded cells (rows x groups) shows the same figures in one view.
MAX_SERIES_AS_BARS = 3


def grid_chart(
    rows: Sequence[str],
    series: Sequence[Series],
    title: str,
    desc: str,
    low: float = 0.0,
    high: float = 100.0,
) -> Markup:
    """Rows by groups: each cell shaded by its value between ``low`` and ``high`` and
    printed with its label (e.g. "42 %" or "3.8"), so every group fits one screen."""
    label_w, cell_w, cell_h, gap = 350, 160, 54, 4
    header_lines = [_wrap_words(s.name, 14, 3) for s in series]
    header_h = 28 * max((len(lines) for lines in header_lines), default=1) + 12
    row_lines = [_wrap(r, 26, 2) for r in rows]
    heights = [max(cell_h, 26 * len(lines) + 8) for lines in row_lines]
    width = label_w + len(series) * (cell_w + gap)
    height = header_h + sum(h + gap for h in heights)
    parts, _uid = _open(width, height, title, desc, "grid")
    for index, lines in enumerate(header_lines):
        cx = label_w + index * (cell_w + gap) + cell_w / 2
        top = header_h - 12 - 28 * (len(lines) - 1)
        for n, line in enumerate(lines):
            parts.append(
                f'<text class="head" x="{cx:.1f}" y="{top + n * 28 - 6}" '
                f'text-anchor="middle">{escape(line)}</text>'
            )
    y = header_h
    span = (high - low) or 1.0
    for r_index, (lines, h) in enumerate(zip(row_lines, heights, strict=True)):
        first = y + h / 2 + 7 - (len(lines) - 1) * 13
        for n, line in enumerate(lines):
            parts.append(
                f'<text class="cat" x="{label_w - 14}" y="{first + n * 26:.1f}" '
                f'text-anchor="end">{escape(line)}</text>'
            )
        for s_index, s in enumerate(series):
            value = s.values[r_index] if r_index < len(s.values) else None
            label = s.labels[r_index] if r_index < len(s.labels) else ""
            x = label_w + s_index * (cell_w + gap)
            level = 0.0 if value is None else min(1.0, max(0.0, (value - low) / span))
            parts.append(
                f'<rect class="cell" x="{x}" y="{y}" width="{cell_w}" height="{h}" '
                f'fill="{_shade(level)}"/>'
            )
            text = label or ("–" if value is None else f"{value:.1f}")
            # A class rather than fill: the stylesheet's text colour outranks attributes.
            ink = "val on-dark" if level > 0.55 else "val"
            parts.append(
                f'<text class="{ink}" x="{x + cell_w / 2:.1f}" y="{y + h / 2 + 7:.1f}" '
                f'text-anchor="middle">{escape(text)}</text>'
            )
        y += h + gap
    parts.append("</svg>")
    return Markup("".join(parts))


def _shade(level: float) -> str:
    """From a pale to a deep blue; the printed value carries the exact figure."""
    start, end = (0xEE, 0xF3, 0xF8), (0x0B, 0x3D, 0x6E)
    rgb = [round(a + (b - a) * level) for a, b in zip(start, end, strict=True)]
    return "#" + "".join(f"{c:02x}" for c in rgb)
