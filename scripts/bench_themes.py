"""Benchmark: theme quality (NMI, ARI) of ThemeClusterer against plain TF-IDF + k-means.

Reads TSV files with a header ``question_id<TAB>theme<TAB>text`` (by default every
``*.tsv`` in ../shared/eval next to the repository) and clusters each question's answers
separately. For each question it prints NMI and ARI against the labels for

* ``baseline``: ``TfidfVectorizer()`` + ``KMeans(true k)``,
* ``themes k``: ``ThemeClusterer`` given the true number of groups (the no-content group,
  when it finds one, counts as one of them),
* ``themes auto``: ``ThemeClusterer(n_themes=None)``, with the number it chose,

each as the mean over ``--seeds`` seeds (with the NMI's spread, max - min, over the seeds),
and a stability figure ("stab": mean pairwise ARI of the chosen solution over five seeds,
as the report gives it). Labels are only used for scoring.

    python scripts/bench_themes.py [--tsv FILE ...] [--seeds 3] [--language auto]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.cluster import KMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.text import detect_language, is_no_content  # noqa: E402
from analysis.themes import ThemeClusterer  # noqa: E402

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "eval"


def read_sets(path: Path) -> dict[str, tuple[list[str], list[str]]]:
    """Group a labelled TSV file into {question_id: (texts, themes)}."""
    sets: dict[str, tuple[list[str], list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        missing = {"question_id", "theme", "text"} - set(reader.fieldnames or [])
        if missing:
            raise SystemExit(f"{path}: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            texts, themes = sets.setdefault(row["question_id"], ([], []))
            texts.append(row["text"] or "")
            themes.append(row["theme"])
    return sets


def baseline(texts: list[str], k: int, seed: int) -> np.ndarray:
    return KMeans(k, random_state=seed).fit_predict(TfidfVectorizer().fit_transform(texts))


def scores(truth: list[str], runs: list[np.ndarray]) -> tuple[float, float, float]:
    """Mean NMI, mean ARI and the NMI's spread (max - min) over the seeds."""
    nmis = [normalized_mutual_info_score(truth, r) for r in runs]
    ari = np.mean([adjusted_rand_score(truth, r) for r in runs])
    return float(np.mean(nmis)), float(ari), float(np.ptp(nmis))


def bench_question(texts: list[str], truth: list[str], language: str, seeds: int) -> dict:
    k = len(set(truth))
    t0 = time.perf_counter()
    base = [baseline(texts, k, s) for s in range(seeds)]
    t_base = (time.perf_counter() - t0) / seeds
    has_no_content = any(is_no_content(t, language) for t in texts)
    n_themes = max(1, k - int(has_no_content))
    t0 = time.perf_counter()
    given = [
        ThemeClusterer(language=language, n_themes=n_themes, random_state=s).fit(texts).labels_
        for s in range(seeds)
    ]
    t_given = (time.perf_counter() - t0) / seeds
    t0 = time.perf_counter()
    auto_models = [
        ThemeClusterer(language=language, random_state=s).fit(texts) for s in range(seeds)
    ]
    t_auto = (time.perf_counter() - t0) / seeds
    chosen = [m.n_themes_ + int(m.no_content_.any()) for m in auto_models]
    return {
        "n": len(texts),
        "k": k,
        "baseline": scores(truth, base),
        "given": scores(truth, given),
        "auto": scores(truth, [m.labels_ for m in auto_models]),
        "chosen": chosen,
        "stability": auto_models[0].stability(5),
        "times": (t_base, t_given, t_auto),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--tsv", nargs="+", type=Path, help="labelled TSV file(s)")
    parser.add_argument("--seeds", type=int, default=3, help="seeds averaged (default 3)")
    parser.add_argument(
        "--language", default="auto", help="fi, sv, en or auto (detected per question)"
    )
    args = parser.parse_args(argv)
    files = args.tsv or sorted(DEFAULT_DIR.glob("*.tsv"))
    if not files:
        parser.error(f"no --tsv given and no *.tsv in {DEFAULT_DIR}")
    header = (
        f"{'set':<32} {'n':>6} {'k':>3} | {'baseline NMI/ARI':>16} | {'themes k NMI/ARI':>16} | "
        f"{'themes auto NMI/ARI':>19} {'chosen k':>9} | {'stab':>5} | {'time s base/k/auto':>18}"
    )
    print(header)
    print("-" * len(header))
    worst_given = worst_auto = float("inf")
    spreads: list[str] = []
    for path in files:
        if not path.is_file():
            parser.error(f"{path}: no such file")
        for qid, (texts, truth) in read_sets(path).items():
            language = detect_language(texts) if args.language == "auto" else args.language
            r = bench_question(texts, truth, language, args.seeds)
            b, g, a = r["baseline"], r["given"], r["auto"]
            worst_given = min(worst_given, g[0] - b[0])
            worst_auto = min(worst_auto, a[0] - b[0])
            chosen = "/".join(str(c) for c in r["chosen"])
            times = "/".join(f"{t:.1f}" for t in r["times"])
            name = f"{path.stem}:{qid} ({language})"
            print(
                f"{name:<32} {r['n']:>6} {r['k']:>3} | {b[0]:>7.3f} {b[1]:>8.3f} | "
                f"{g[0]:>7.3f} {g[1]:>8.3f} | {a[0]:>8.3f} {a[1]:>10.3f} {chosen:>9} | "
                f"{r['stability']:>5.2f} | {times:>18}",
                flush=True,
            )
            spreads.append(
                f"{name}: NMI spread over {args.seeds} seeds: baseline {b[2]:.3f}, "
                f"themes k {g[2]:.3f}, themes auto {a[2]:.3f}"
            )
    print("\n" + "\n".join(spreads))
    print(
        f"\nsmallest NMI gain over the baseline: true k {worst_given:+.3f}, "
        f"chosen k {worst_auto:+.3f} (aim: >= +0.05 and > 0)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
