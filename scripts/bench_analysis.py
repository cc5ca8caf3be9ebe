"""Benchmark: time and peak memory of the analysis at 1k, 10k and 100k open answers.

For each size a synthetic export (tests/analysis/synthetic.py: every target group leans
towards its own themes, 6 % "en tiedä"-type answers; its answers to one question repeat a
few dozen phrases, as short survey answers often do) is written once, together with as
many answers from the demo generator (survey_app/demo_answers.py on the bundled
regional-image questionnaire: sentences built from a phrase bank, about 70 % distinct,
a harder case for the clustering). Every step runs in a fresh Python process so that its
peak memory (max RSS) is its own:

* ``load``: ``load_export`` of the JSON export,
* ``themes``: ``ThemeClusterer(language="fi", n_themes=None)`` on the export's answers to
  one open question (k chosen from the data); the Finnish lemma list, loaded once per
  process, is timed apart and not counted in the step,
* ``bare``: a plain ``TfidfVectorizer()`` + ``KMeans(k)`` on the same answers, with the
  k that ``ThemeClusterer`` chose (the yardstick for the clustering),
* ``themes*`` and ``bare*``: the same two on the demo generator's varied answers,
* ``summary``: group counts, every closed question's distribution or means and the
  frequent words, phrases and distinctive words of every open question (no themes),
* ``report``: the whole ``python -m analysis report`` (three open questions clustered,
  each with two extra seeds for stability), for sizes up to ``--report-max``.

    python scripts/bench_analysis.py [--sizes 1000 10000 100000] [--report-max 100000]
                                     [--steps themes* bare*]

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
STEPS = ("load", "themes", "bare", "themes*", "bare*", "summary", "report")
# Share of synthetic respondents who answer QUESTION; more responses than answers wanted
# are generated and the answers cut to the exact size.
_ANSWERING = 0.85


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _peak_mb() -> float:
    # VmHWM starts afresh in a new program; ru_maxrss keeps the parent's peak across exec.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_step(step: str, export: Path, varied: Path, n: int, k: int) -> dict[str, Any]:
    """One step in this process; returns seconds, peak memory and what it found."""
    from analysis import load_export

    data: Any = None
    if step.startswith(("themes", "bare")):
        # The clustering steps read only their answers, so their memory is their own.
        source = varied if step.endswith("*") else export.with_suffix(".texts.json")
        texts = json.loads(source.read_text(encoding="utf-8"))[:n]
    else:
        started, cpu = time.perf_counter(), _cpu()
        data = load_export(export)
        loaded, loaded_cpu = time.perf_counter() - started, _cpu() - cpu
        texts = data.texts(QUESTION).tolist()[:n]
    result: dict[str, Any] = {"answers": len(texts), "distinct": len(set(texts))}
    if step.startswith("themes"):
        import simplemma

        started = time.perf_counter()
        simplemma.lemmatize("talo", lang="fi")
        result["lemma_list"] = time.perf_counter() - started
    before = _peak_mb()
    started, cpu = time.perf_counter(), _cpu()
    if step == "load":
        result["seconds"], result["cpu"] = loaded, loaded_cpu
    elif step.startswith("bare"):
        from sklearn.cluster import KMeans
        from sklearn.feature_extraction.text import TfidfVectorizer

        KMeans(k, random_state=0).fit_predict(TfidfVectorizer().fit_transform(texts))
    elif step.startswith("themes"):
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


def write_varied(path: Path, n: int, seed: int = 0) -> Path:
    """``n`` answers of the demo generator to the bundled questionnaire's QUESTION."""
    from questionnaires import load_questionnaire
    from survey_app.demo_answers import generate_responses

    questionnaire = load_questionnaire(ROOT / "questionnaires" / "kymenlaakso-region-image.yaml")
    texts: list[str] = []
    for response in generate_responses(questionnaire, 4 * n + 100, seed=seed):
        texts += [value for qid, _item, value in response.answers if qid == QUESTION]
        if len(texts) >= n:
            break
    path.write_text(json.dumps(texts[:n], ensure_ascii=False), encoding="utf-8")
    return path


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


def _write_texts(export: Path) -> None:
    """The export's answers to QUESTION, for the clustering steps."""
    from analysis import load_export

    texts = load_export(export).texts(QUESTION).tolist()
    export.with_suffix(".texts.json").write_text(json.dumps(texts, ensure_ascii=False), "utf-8")


def _child(step: str, export: Path, varied: Path, n: int, k: int) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", step, str(export), str(varied), str(n), str(k)]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{step} on {export.name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", nargs="+", type=int, default=[1000, 10000, 100000], help="open answers"
    )
    parser.add_argument(
        "--report-max", type=int, default=100000, help="largest size for the whole report"
    )
    parser.add_argument(
        "--steps",
        nargs="+",
        choices=STEPS,
        default=list(STEPS),
        help="steps to run (default all); bare steps need their themes step for k",
    )
    parser.add_argument("--child", nargs=5, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        step, export, varied, n, k = args.child
        print(json.dumps(run_step(step, Path(export), Path(varied), int(n), int(k))))
        return 0
    if any(n < 10 for n in args.sizes):
        parser.error("--sizes must be at least 10 answers each")
    from tests.analysis.synthetic import write_export

    print(f"{os.cpu_count()} CPUs; each step in its own process; peak = max RSS of that process")
    print("themes = the export's repetitive answers, themes* = the demo generator's varied ones")
    header = (
        f"{'answers':>7} {'distinct':>8} | {'step':<8} {'wall s':>8} {'CPU s':>8} "
        f"{'peak MB':>8} {'+MB':>7} | note"
    )
    print(header)
    print("-" * len(header))
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            export = write_export(Path(tmp) / f"bench-{n}.json", n=int(n / _ANSWERING) + 20, seed=0)
            _write_texts(export)
            varied = write_varied(Path(tmp) / f"varied-{n}.json", n)
            rows: dict[str, dict[str, Any]] = {}
            chosen = {"": 2, "*": 2}
            for step in STEPS:
                if step not in args.steps or (step == "report" and n > args.report_max):
                    continue
                mark = "*" if step.endswith("*") else ""
                result = _child(step, export, varied, n, chosen[mark])
                rows[step] = result
                note = ""
                if step.startswith("themes"):
                    chosen[mark] = int(result["k"])
                    note = f"k={result['k']} chosen; lemma list {result['lemma_list']:.1f} s apart"
                elif step.startswith("bare"):
                    note = f"k={chosen[mark]}"
                elif step in ("load", "summary", "report"):
                    note = f"{result['answers']} answers of {int(n / _ANSWERING) + 20} responses"
                print(
                    f"{result['answers']:>7} {result['distinct']:>8} | {step:<8} "
                    f"{result['seconds']:>8.2f} {result['cpu']:>8.2f} "
                    f"{result['peak_mb']:>8.0f} {result['peak_mb'] - result['baseline_mb']:>7.0f}"
                    f" | {note}",
                    flush=True,
                )
            for mark in ("", "*"):
                if "themes" + mark not in rows or "bare" + mark not in rows:
                    continue
                themes, bare = rows["themes" + mark], rows["bare" + mark]
                print(
                    f"{'':>7} {'':>8} | themes{mark} / bare{mark}: "
                    f"wall {themes['seconds'] / max(bare['seconds'], 1e-9):.1f}x, "
                    f"CPU {themes['cpu'] / max(bare['cpu'], 1e-9):.1f}x",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
