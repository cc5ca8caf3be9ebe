"""The researcher's report: one self-contained HTML file plus CSV tables, PNG charts and the
themes as JSON (and as an editable YAML file that makes a rerun give the same report)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from tqdm import tqdm

from . import charts
from .frames import records
from .labels import ALL, group_labels, localized
from .load import ResponseData
from .open_answers import OpenQuestionSummary, summarise_open_question
from .report_sections import closed_section, open_section, table
from .report_text import text
from .summaries import DEFAULT_MIN_GROUP_SIZE, group_counts
from .themes_edit import ThemeFile, load_theme_file, theme_file_text

# Questions about the future image of the region; with the "three words" question they
# open the report, because the image story is what the project is about.
_FUTURE = re.compile(r"2040|future|tulevaisuu|framtid", re.IGNORECASE)


@dataclass(frozen=True)
class ReportOptions:
    """What a report run may vary; everything else follows from the data."""

    lang: str | None = None
    n_themes: int | None = None
    seed: int = 0
    themes_file: Path | None = None
    weights: str | None = None
    min_group_size: int = DEFAULT_MIN_GROUP_SIZE
    stability_seeds: int = 2
    progress: bool = True


@dataclass
class ReportResult:
    html: Path
    out_dir: Path
    open_summaries: dict[str, OpenQuestionSummary]


def is_image_story(question: Any) -> bool:
    """The "three words" and future-image questions that the report puts first."""
    if question.type == "three_words":
        return True
    if not question.is_open_text:
        return False
    texts = " ".join(str(v) for v in dict(question.text).values())
    return bool(_FUTURE.search(question.id) or _FUTURE.search(texts))


def build_report(
    data: ResponseData, out_dir: str | Path, options: ReportOptions | None = None
) -> ReportResult:
    """Write the report for ``data`` into ``out_dir`` and return where it is."""
    options = options or ReportOptions()
    questionnaire = data.questionnaire
    lang = options.lang or questionnaire.default_language
    if lang not in questionnaire.languages:
        known = ", ".join(questionnaire.languages)
        raise ValueError(f"lang={lang!r} is not a language of this questionnaire ({known})")
    theme_file = load_theme_file(options.themes_file) if options.themes_file else ThemeFile()
    seed = theme_file.seed if theme_file.seed is not None else options.seed
    unknown = sorted(set(theme_file.questions) - {q.id for q in questionnaire.questions()})
    if unknown:
        raise ValueError(f"{options.themes_file}: no open question {unknown[0]!r} in this survey")
    out = Path(out_dir)
    for sub in ("charts", "tables"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    weights = data.weights(options.weights) if options.weights else None
    k = options.min_group_size

    counts = group_counts(data, weights=weights, min_group_size=k, lang=lang)
    counts.to_csv(out / "tables" / "respondents_by_group.csv", index=False)
    visible = counts[~counts["hidden"]]
    glabels = group_labels(questionnaire, lang)
    colours = charts.group_colours([ALL, *visible["group"]])
    count_figure = charts.group_count_chart(counts)
    charts.save_png(count_figure, out / "charts" / "respondents_by_group.png")
    intro = {
        "counts_svg": charts.to_svg(count_figure),
        "counts_table": table(
            visible[["label", "n", "share"]],
            [text("group", lang), "n", text("share", lang)],
            percent={"share"},
        ),
        "total": int(visible["n"].sum()),
        "notes": _notes(data, counts, weights, options, lang),
    }

    story: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    summaries: dict[str, OpenQuestionSummary] = {}
    target = questionnaire.target_group_question
    questions = [q for q in questionnaire.questions() if target is None or q.id != target.id]
    for question in tqdm(questions, desc="report", unit="question", disable=not options.progress):
        if question.is_open_text:
            edits = theme_file.questions.get(question.id)
            summary = summarise_open_question(
                data,
                question.id,
                n_themes=options.n_themes,
                random_state=seed,
                edits=edits,
                weights=weights,
                min_group_size=k,
                stability_seeds=options.stability_seeds,
            )
            summaries[question.id] = summary
            section = open_section(summary, question, lang, glabels, colours, out)
            (story if is_image_story(question) else open_).append(section)
        else:
            closed_part = closed_section(data, question, lang, weights, k, out)
            if closed_part is not None:
                closed.append(closed_part)

    _write_themes(summaries, seed, out)
    html = _render(
        questionnaire=questionnaire,
        lang=lang,
        survey=str(data.answers["survey"].iloc[0]) if len(data.answers) else "",
        intro=intro,
        story=story,
        closed=closed,
        open_=open_,
    )
    path = out / "report.html"
    path.write_text(html, encoding="utf-8")
    return ReportResult(path, out, summaries)


def _notes(
    data: ResponseData,
    counts: pd.DataFrame,
    weights: pd.Series | None,
    options: ReportOptions,
    lang: str,
) -> list[str]:
    notes = []
    hidden = counts[counts["hidden"]]
    if not hidden.empty:
        notes.append(
            text(
                "hidden_groups",
                lang,
                k=options.min_group_size,
                groups=", ".join(hidden["label"]),
            )
        )
    if weights is not None:
        neff = float(weights.sum() ** 2 / (weights**2).sum())
        notes.append(text("weights_used", lang, column=options.weights, neff=neff, n=len(weights)))
    else:
        notes.append(text("weights_not_used", lang))
    synthetic = int(data.responses()["is_synthetic"].sum())
    if synthetic:
        notes.append(text("synthetic", lang, n=synthetic))
    return notes


def _write_themes(summaries: dict[str, OpenQuestionSummary], seed: int, out: Path) -> None:
    document: dict[str, Any] = {"seed": seed, "questions": {}}
    for qid, summary in summaries.items():
        if summary.themes.empty:
            continue
        themes = summary.themes
        shares = summary.shares
        document["questions"][qid] = {
            "n_themes": summary.n_themes,
            "stability": summary.stability,
            "stability_seeds": summary.stability_seeds,
            "no_content": summary.no_content,
            "themes": [
                {
                    "theme": int(row["theme"]),
                    "label": str(row["label"]),
                    "size": int(row["size"]),
                    "top_terms": [str(t) for t in row["top_terms"]],
                    "quotes": [str(q) for q in row["quotes"]],
                    "by_group": {
                        str(s["group"]): {
                            "n": int(s["n"]),
                            "share": float(s["share"]),
                            "mark": s["mark"],
                        }
                        for s in records(shares[shares["theme"] == row["theme"]])
                    },
                }
                for row in records(themes)
            ],
        }
    (out / "themes.json").write_text(
        json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    editable = {
        qid: (s.n_themes, s.themes[s.themes["theme"] >= 0])
        for qid, s in summaries.items()
        if not s.themes.empty
    }
    (out / "themes.yaml").write_text(theme_file_text(seed, editable), encoding="utf-8")


def _render(**context: Any) -> str:
    environment = Environment(
        loader=PackageLoader("analysis", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    lang = context["lang"]
    questionnaire = context["questionnaire"]
    template = environment.get_template("report.html")
    return template.render(
        t=lambda key, **values: text(key, lang, **values),
        title=localized(questionnaire.title, lang),
        region=localized(questionnaire.region.name, lang),
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        **context,
    )
