"""Sections of the report: one per question, each with its chart, data table and CSV file."""

from __future__ import annotations

import base64
import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

import pandas as pd
from markupsafe import Markup

from . import charts, wordclouds
from .frames import records
from .labels import ALL, localized
from .load import ResponseData
from .open_answers import OpenQuestionSummary
from .report_text import text
from .summaries import choice_distribution, mean_by_group, semantic_profile

STACKED = {"single_choice", "likert"}
GROUPED = {"multiple_choice", "place"}
MEANS = {"likert_grid", "scale_0_10", "number"}


def file_slug(group: str) -> str:
    """A group code safe in a file name ("(all)" -> "all")."""
    return re.sub(r"[^A-Za-z0-9_-]+", "", group) or "group"


def table(
    frame: pd.DataFrame,
    headers: list[str],
    percent: AbstractSet[str] = frozenset(),
    decimals: int = 1,
) -> dict[str, Any]:
    """Rows of formatted strings for the template's data tables."""
    rows = []
    for record in records(frame):
        row = []
        for column, value in record.items():
            if isinstance(value, float) and pd.isna(value):
                row.append("–")
            elif column in percent:
                row.append(f"{value:.0%}")
            elif isinstance(value, float):
                row.append(f"{value:.{decimals}f}" if not value.is_integer() else f"{value:.0f}")
            elif isinstance(value, list):
                row.append(", ".join(map(str, value)))
            else:
                row.append(str(value))
        rows.append(row)
    return {"headers": headers, "rows": rows}


def _figure(figure: Any, out: Path, name: str) -> Markup:
    charts.save_png(figure, out / "charts" / f"{name}.png")
    return Markup(charts.to_svg(figure))


def closed_section(
    data: ResponseData,
    question: Any,
    lang: str,
    weights: pd.Series | None,
    min_group_size: int,
    out: Path,
) -> dict[str, Any] | None:
    """Chart and table of one closed question, or None when nobody answered it."""
    qid, kind = question.id, question.type
    title = localized(question.text, lang)
    section: dict[str, Any] = {"id": qid, "title": title, "kind": kind}
    if kind in STACKED or kind in GROUPED:
        dist = choice_distribution(
            data, qid, weights=weights, min_group_size=min_group_size, lang=lang
        )
        if dist.empty:
            return None
        dist.to_csv(out / "tables" / f"{qid}.csv", index=False)
        if kind in STACKED:
            cant_say = question.cant_say_option() if kind == "likert" else None
            figure = charts.stacked_share_chart(
                dist,
                ordered=kind == "likert",
                neutral_options=(localized(cant_say.label, lang),) if cant_say else (),
            )
        else:
            figure = charts.grouped_share_chart(dist)
        section["svg"] = _figure(figure, out, qid)
        section["table"] = table(
            dist[["group_label", "option_label", "n", "share"]],
            [text("group", lang), text("option", lang), "n", text("share", lang)],
            percent={"share"},
        )
    elif kind in MEANS or kind == "semantic_differential":
        if kind == "semantic_differential":
            means = semantic_profile(
                data, qid, weights=weights, min_group_size=min_group_size, lang=lang
            )
        else:
            means = mean_by_group(
                data, qid, weights=weights, min_group_size=min_group_size, lang=lang
            )
        if means.empty:
            return None
        means.to_csv(out / "tables" / f"{qid}.csv", index=False)
        if kind == "semantic_differential":
            figure = charts.profile_chart(means, points=question.points or 7)
        else:
            figure = charts.mean_chart(means, limits=_limits(question))
        section["svg"] = _figure(figure, out, qid)
        section["table"] = table(
            means[["group_label", "item_label", "n", "mean", "ci_low", "ci_high"]],
            [text("group", lang), text("item", lang), "n", text("mean", lang), "95 % –", "– 95 %"],
            decimals=2,
        )
    else:
        return None
    return section


def _limits(question: Any) -> tuple[float, float] | None:
    if question.type == "scale_0_10":
        return (-0.3, 10.3)
    if question.type in ("likert", "likert_grid"):
        return (0.7, len(question.scale_points()) + 0.3)
    return None


def open_section(
    summary: OpenQuestionSummary,
    question: Any,
    lang: str,
    glabels: dict[str, str],
    colours: dict[str, str],
    out: Path,
) -> dict[str, Any]:
    """Themes, shares, frequent words and phrases, distinctive words and word clouds."""
    qid = question.id
    section: dict[str, Any] = {
        "id": qid,
        "title": localized(question.text, lang),
        "kind": question.type,
        "answers": len(summary.texts),
        "notes": [],
    }
    if summary.texts.empty:
        return section

    def name(group: Any) -> str:
        return str(glabels.get(str(group), group))

    if not summary.themes.empty:
        themes = summary.themes
        section["themes"] = [
            {
                "id": int(row["theme"]),
                "label": row["label"],
                "size": int(row["size"]),
                "terms": ", ".join(map(str, list(row["top_terms"])[:8])),
                "quotes": list(row["quotes"])[:3],
            }
            for row in records(themes)
            if row["theme"] >= 0
        ]
        themes.to_json(out / "tables" / f"{qid}_themes.json", orient="records", force_ascii=False)
        shares = summary.shares
        shares.assign(group_label=shares["group"].map(name)).to_csv(
            out / "tables" / f"{qid}_theme_shares.csv", index=False
        )
        theme_names = {int(r["theme"]): f"{int(r['theme'])}. {r['label']}" for r in records(themes)}
        theme_names[-1] = text("no_content_theme", lang)
        section["shares_svg"] = _figure(
            charts.theme_share_chart(shares, theme_names, glabels), out, f"{qid}_theme_shares"
        )
        if summary.no_content:
            section["notes"].append(text("no_content", lang, n=summary.no_content))
        if summary.stability is not None:
            verdict = (
                "stable"
                if summary.stability >= 0.8
                else "fairly_stable"
                if summary.stability >= 0.6
                else "unstable"
            )
            section["notes"].append(
                text(
                    "stability",
                    lang,
                    ari=summary.stability,
                    seeds=", ".join(map(str, summary.stability_seeds)),
                    verdict=text(verdict, lang),
                )
            )
    else:
        section["notes"].append(text("too_few_for_themes", lang, n=len(summary.texts)))
    for key, frame in (("words", summary.words), ("phrases", summary.phrases)):
        if frame.empty:  # the three words of a "three words" answer make no phrases
            continue
        frame = frame.assign(group_label=frame["group"].map(name))
        frame.to_csv(out / "tables" / f"{qid}_{key}.csv", index=False)
        section[key] = _terms_by_group(frame, lang, top=10)
    if not summary.distinctive.empty:
        distinctive = summary.distinctive.assign(group_label=summary.distinctive["group"].map(name))
        distinctive.to_csv(out / "tables" / f"{qid}_distinctive.csv", index=False)
        section["distinctive"] = []
        top_z = float(distinctive["z"].max())
        for group_key, part in distinctive.groupby("group", sort=False):
            group, part = str(group_key), part.head(8)
            charts.save_png(
                charts.term_chart(
                    part, name(group), value="z", colour=colours.get(group, charts.PALETTE[0])
                ),
                out / "charts" / f"{qid}_distinctive_{file_slug(group)}.png",
            )
            section["distinctive"].append(
                {
                    "group": name(group),
                    "colour": colours.get(group, charts.PALETTE[0]),
                    "terms": [
                        {
                            "term": r["term"],
                            "z": f"{r['z']:.1f}",
                            "width": round(100 * float(r["z"]) / top_z),
                        }
                        for r in records(part)
                    ],
                }
            )
    section["clouds"] = _clouds(summary, qid, name, out)
    return section


def _terms_by_group(frame: pd.DataFrame, lang: str, top: int) -> list[dict[str, Any]]:
    out = []
    for group, part in frame.groupby("group", sort=False):
        out.append(
            {
                "group": part["group_label"].iloc[0],
                "all": group == ALL,
                "table": table(
                    part.head(top)[["term", "n", "share"]],
                    [text("term", lang), "n", text("share", lang)],
                    percent={"share"},
                ),
            }
        )
    return out


def _clouds(summary: OpenQuestionSummary, qid: str, name: Any, out: Path) -> list[dict[str, str]]:
    clouds = []
    for group, frequencies in summary.cloud_frequencies.items():
        image = wordclouds.word_cloud(frequencies, width=640, height=360)
        if image is None:
            continue
        slug = file_slug(group)
        # Encoded once for both the file and the page.
        png = wordclouds.png_bytes(image)
        (out / "charts" / f"{qid}_cloud_{slug}.png").write_bytes(png)
        uri = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
        top = sorted(frequencies, key=lambda t: -frequencies[t])[:10]
        clouds.append({"group": name(group), "src": uri, "alt": ", ".join(top)})
    return clouds
