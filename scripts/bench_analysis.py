"""Benchmark: time and peak memory of the analysis at 1k, 10k and 50k responses.

For each size a synthetic export (tests/analysis/synthetic.py: every target group leans
towards its own themes, 6 % "en tiedä"-type answers) is written once, then every step
runs in a fresh Python process so that its peak memory (max RSS) is its own:

* ``load``: ``load_export`` of the JSON export,
* ``bare``: a plain ``TfidfVectorizer()`` + ``KMeans(k)`` on one open question's answers,
  with the k that ``ThemeClusterer`` chose (the yardstick for the clustering),
* ``themes``: ``ThemeClusterer(n_themes=None)`` on the same answers (k chosen from the data),
* ``summary``: group counts, every closed question's distribution or means and the
  frequent words, phrases and distinctive words of every open question (no themes),
* ``report``: the whole ``python -m analysis report`` (three open questions clustered,
  each with two extra seeds for stability), for sizes up to ``--report-max``.

    python scripts/bench_analysis.py [--sizes 1000 10000 50000] [--report-max 10000]

Wall time depends on what else the machine runs; CPU time (user + system of the step's
process, all threads) much less. Figures are printed as a table; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

QUESTION = "best_thing"
STEPS = ("load", "bare", "themes", "summary", "report")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_step(step: str, export: Path, k: int) -> dict[str, Any]:
    """One step in this process; returns seconds, peak memory and what it found."""
    from analysis import load_export

    started, cpu = time.perf_counter(), _cpu()
    data = load_export(export)
    loaded, loaded_cpu = time.perf_counter() - started, _cpu() - cpu
    texts = data.texts(QUESTION).tolist()
    before = _peak_mb()
    result: dict[str, Any] = {"answers": len(texts)}
    started, cpu = time.perf_counter(), _cpu()
    if step == "load":
        result["seconds"], result["cpu"] = loaded, loaded_cpu
    elif step == "bare":
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        KMeans(k, random_state=0).fit_predict(TfidfVectorizer().fit_transform(texts))
    elif step == "themes":
        from analysis import ThemeClusterer

        model = ThemeClusterer(language="fi", random_state=0).fit(texts)
        result["k"] = model.n_themes_
    elif step == "summary":
        _summarise(data)
    elif step == "report":
        from analysis.report import ReportOptions, build_report

        with tempfile.TemporaryDirectory() as out:
            build_report(data, out, ReportOptions(progress=False))
    else:
        raise SystemExit(f"unknown step {step!r}")
    if step != "load":
        result["seconds"] = time.perf_counter() - started
        result["cpu"] = _cpu() - cpu
    result["peak_mb"] = _peak_mb()
    result["baseline_mb"] = before
    return result


def _summarise(data: Any) -> None:
    from analysis import (
        choice_distribution,
        group_counts,
        mean_by_group,
        semantic_profile,
        summarise_open_question,
    )
    from analysis.report_sections import GROUPED, MEANS, STACKED

    group_counts(data)
    for question in data.questionnaire.questions():
        if question.target_group:
            continue
        if question.is_open_text:
            # Themes are timed on their own; this is the rest of an open question.
            summarise_open_question(data, question.id, n_themes=1, stability_seeds=0)
        elif question.type in STACKED | GROUPED:
            choice_distribution(data, question.id)
        elif question.type in MEANS:
            mean_by_group(data, question.id)
        elif question.type == "semantic_differential":
            semantic_profile(data, question.id)


def _child(step: str, export: Path, k: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", step, str(export), str(k)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{step} on {export.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000, 50000])
    parser.add_argument(
        "--report-max", type=int, default=10000, help="largest size for the whole report"
    )
    parser.add_argument("--child", nargs=3, metavar=("STEP", "EXPORT", "K"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, export, k = args.child
        print(json.dumps(run_step(step, Path(export), int(k))))
        return 0
    if any(n < 10 for n in args.sizes):
        parser.error("--sizes must be at least 10 responses each")
    from tests.analysis.synthetic import write_export

    print(f"{os.cpu_count()} CPUs; each step in its own process; peak = max RSS of that process")
    header = (
        f"{'responses':>9} {'answers':>7} | {'step':<8} {'wall s':>8} {'CPU s':>8} {'peak MB':>8} "
        f"{'+MB':>7} | note"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            export = write_export(Path(tmp) / f"bench-{n}.json", n=n, seed=0)
            k = 0
            rows: dict[str, dict[str, Any]] = {}
            for step in ("load", "themes", "bare", "summary", "report"):
                if step == "report" and n > args.report_max:
                    continue
                result = _child(step, export, max(k, 2))
                rows[step] = result
                if step == "themes":
                    k = int(result["k"])
                note = f"k={k} chosen" if step == "themes" else f"k={k}" if step == "bare" else ""
                if step == "themes" and "bare" not in rows:
                    note += " (bare pipeline below)"
                print(
                    f"{n:>9} {result['answers']:>7} | {step:<8} {result['seconds']:>8.2f} "
                    f"{result['cpu']:>8.2f} "
                    f"{result['peak_mb']:>8.0f} {result['peak_mb'] - result['baseline_mb']:>7.0f}"
                    f" | {note}",
                    flush=True,
                )
            ratio = rows["themes"]["cpu"] / max(rows["bare"]["cpu"], 1e-9)
            print(f"{'':>9} {'':>7} | themes / bare CPU time: {ratio:.1f}x", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
