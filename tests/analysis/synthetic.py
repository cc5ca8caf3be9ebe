"""Synthetic answers to tests/analysis/region.yaml in the JSON export format, for tests and
the analysis benchmark: each target group leans towards its own themes, so a correct
analysis has something to find."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

QUESTIONNAIRE = Path(__file__).with_name("region.yaml")

# Theme -> phrases per language; the groups below draw themes with different odds.
THEMES: dict[str, dict[str, list[str]]] = {
    "sea": {
        "fi": [
            "kaunis meri ja saaristo",
            "merenranta ja satama",
            "meri, rannat ja saaret",
            "merellinen kaupunki",
            "saariston luonto ja meri",
        ],
        "sv": ["vackert hav och skärgård", "havet och hamnen"],
        "en": ["the sea and the archipelago", "beautiful seaside"],
    },
    "nature": {
        "fi": [
            "metsät ja järvet",
            "luonto on lähellä",
            "puhdas luonto ja ulkoilu",
            "kansallispuisto ja retkeily",
            "hiljaisuus ja luonto",
        ],
        "sv": ["skog och sjöar", "naturen är nära"],
        "en": ["forests and lakes", "nature close by"],
    },
    "housing": {
        "fi": [
            "halvat asunnot",
            "edullinen asuminen",
            "asuntojen hinnat ovat alhaiset",
            "iso asunto halvalla",
            "kohtuuhintainen vuokra",
        ],
        "sv": ["billiga bostäder", "prisvärt boende"],
        "en": ["cheap housing", "affordable rent"],
    },
    "jobs": {
        "fi": [
            "ei töitä nuorille",
            "vähän työpaikkoja",
            "työpaikkoja pitäisi olla enemmän",
            "teollisuuden työpaikat",
            "harjoittelupaikkoja on vähän",
        ],
        "sv": ["få jobb för unga", "brist på arbetsplatser"],
        "en": ["few jobs for young people", "not enough jobs"],
    },
    "transport": {
        "fi": [
            "huonot bussiyhteydet",
            "juna helsinkiin on nopea",
            "julkinen liikenne toimii huonosti",
            "bussit kulkevat harvoin",
            "auto on pakko olla",
        ],
        "sv": ["dåliga bussförbindelser", "tåget till helsingfors"],
        "en": ["poor bus connections", "fast train to helsinki"],
    },
}
THREE_WORDS = {
    "fi": [
        "rauhallinen",
        "meri",
        "tylsä",
        "kotoisa",
        "luonto",
        "harmaa",
        "turvallinen",
        "teollisuus",
        "pieni",
        "kaunis",
        "hiljainen",
        "ystävällinen",
    ],
    "sv": ["lugn", "havet", "tråkig", "trygg", "vacker"],
    "en": ["calm", "sea", "boring", "safe", "green"],
}
NO_CONTENT = ["en tiedä", "-", "ei mitään", "idk", "vet inte"]
GROUPS = {
    # group: (share of respondents, theme odds for sea, nature, housing, jobs, transport)
    "lukio": (0.40, [0.35, 0.15, 0.05, 0.25, 0.20]),
    "amk": (0.30, [0.10, 0.15, 0.40, 0.25, 0.10]),
    "ammatti": (0.28, [0.10, 0.40, 0.10, 0.30, 0.10]),
    "tyo": (0.02, [0.20, 0.20, 0.20, 0.20, 0.20]),
}
LANGUAGES = (["fi", "sv", "en"], [0.85, 0.1, 0.05])


def _pick(rng: np.random.Generator, values: list[Any], p: list[float] | None = None) -> Any:
    return values[int(rng.choice(len(values), p=p))]


def response(rng: np.random.Generator, number: int, start: datetime) -> dict[str, Any]:
    """One synthetic response in the JSON export's shape."""
    names = list(GROUPS)
    group = _pick(rng, names, [GROUPS[g][0] for g in names])
    odds = GROUPS[group][1]
    lang = _pick(rng, *LANGUAGES)
    theme_names = list(THEMES)
    answers: list[dict[str, str]] = [{"question_id": "life_stage", "item": "", "value": group}]
    answers.append(
        {
            "question_id": "home",
            "item": "",
            "value": _pick(rng, ["kouvola", "kotka", "hamina", "abroad"]),
        }
    )
    for code in ("family", "work", "nature"):
        if rng.random() < {"family": 0.5, "work": 0.3, "nature": 0.4}[code]:
            answers.append({"question_id": "reasons", "item": code, "value": "1"})
    lean = {"lukio": 0, "amk": 1, "ammatti": -1, "tyo": 1}[group]
    answers.append(
        {
            "question_id": "stay_likely",
            "item": "",
            "value": "cant_say"
            if rng.random() < 0.1
            else str(int(np.clip(rng.normal(3 + lean * 0.6, 1), 1, 5))),
        }
    )
    for item in ("jobs", "fun"):
        answers.append(
            {
                "question_id": "agree",
                "item": item,
                "value": str(int(np.clip(rng.normal(3 + lean * 0.4, 1), 1, 5))),
            }
        )
    for pair in ("dull_lively", "old_new"):
        answers.append(
            {
                "question_id": "profile",
                "item": pair,
                "value": str(int(np.clip(rng.normal(4 + lean, 1.2), 1, 7))),
            }
        )
    answers.append(
        {
            "question_id": "recommend",
            "item": "",
            "value": str(int(np.clip(rng.normal(6 + lean, 2), 0, 10))),
        }
    )
    words = rng.choice(THREE_WORDS[lang], size=3, replace=False)
    for i, word in enumerate(words, start=1):
        answers.append({"question_id": "three_words", "item": str(i), "value": str(word)})
    for qid in ("best_thing", "future_2040"):
        if rng.random() < 0.06:
            text = _pick(rng, NO_CONTENT)
        else:
            theme = _pick(rng, theme_names, odds)
            text = _pick(rng, THEMES[theme][lang])
        if rng.random() < 0.9:
            answers.append({"question_id": qid, "item": "", "value": text})
    started = start + timedelta(minutes=int(number))
    return {
        "response_id": str(number),
        "status": "complete",
        "language": lang,
        "target_group": group,
        "collector": None,
        "started_at": started.isoformat(),
        "completed_at": (started + timedelta(minutes=6)).isoformat(),
        "is_synthetic": True,
        "version": 1,
        "answers": answers,
    }


def export_document(n: int, seed: int = 0, year: int = 2026) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    start = datetime(year, 3, 1, 9, 0, tzinfo=UTC).replace(tzinfo=None)
    return {
        "format": "regional-image-export/1",
        "survey": f"region-{year}",
        "exported_at": datetime(year, 4, 1, tzinfo=UTC).isoformat(),
        "questionnaire_yaml": QUESTIONNAIRE.read_text(encoding="utf-8"),
        "responses": [response(rng, i + 1, start) for i in range(n)],
    }


def write_export(path: Path, n: int, seed: int = 0, year: int = 2026) -> Path:
    path.write_text(
        json.dumps(export_document(n, seed, year), ensure_ascii=False), encoding="utf-8"
    )
    return path
