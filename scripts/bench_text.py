"""Benchmark: preparing open answers for the themes (``analysis.text.prepare_texts``).

Times ``prepare_texts`` on answers of the demo generator (survey_app/demo_answers.py on
the bundled regional-image questionnaire, written once with scripts/bench_analysis.py's
``write_varied``) with a cold lemma cache (emptied before the run; simplemma's lemma list
already loaded) and a warm one, next to the answer-by-answer reference
(tests/analysis/text_reference.py, the former implementation) and a bare scikit-learn
``TfidfVectorizer().fit_transform`` of the same answers as a yardstick. Each figure is the
best of ``--repeat`` runs, wall time and CPU time (user + system): the machine may be
busy, and the load average is printed with the figures. Then checks that the fast path
gives every answer exactly what the reference gives (lemmas, phrases, no-content flags,
languages) for each ``--languages`` mode, and the same for the terms of the frequency
tables (``analysis.ngrams.answer_tokens``, words and phrases).

    python scripts/bench_text.py [--size 100000] [--repeat 5] [--languages fi per-answer]

Nothing is asserted about time; the program exits with status 1 if any answer differs.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def _best(
    run: Callable[[], Any], repeat: int, before: Callable[[], None] | None = None
) -> tuple[float, float]:
    """Best wall time and best CPU time (user + system, all threads) of ``repeat`` runs."""
    wall = cpu = float("inf")
    for _ in range(repeat):
        if before is not None:
            before()
        gc.collect()
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
        del result
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--languages", nargs="+", default=["fi", "per-answer"])
    parser.add_argument("--data", type=Path, help="a JSON list of answers instead")
    args = parser.parse_args()

    import simplemma
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis.ngrams import answer_tokens
    from analysis.text import lemmatise, prepare_texts
    from tests.analysis.text_reference import reference_answer_tokens, reference_prepare_texts

    path = args.data
    if path is None:
        import bench_analysis

        path = Path(tempfile.gettempdir()) / f"bench_text_varied_{args.size}.json"
        if not path.exists():
            bench_analysis.write_varied(path, args.size)
    texts: list[str] = json.loads(path.read_text(encoding="utf-8"))
    series = pd.Series(texts)
    for lang in ("fi", "sv", "en"):  # the lemma lists load once per process, not timed
        simplemma.lemmatize("talo", lang=lang)

    load = os.getloadavg()[0]
    print(f"{len(texts)} answers, {len(set(texts))} distinct ({path})")
    print(f"load average {load:.2f} on {os.cpu_count()} cores; best of {args.repeat} runs")
    rows = [
        ("prepare_texts fi, cold lemma cache", lambda: prepare_texts(texts, "fi"), True),
        ("prepare_texts fi, warm lemma cache", lambda: prepare_texts(texts, "fi"), False),
        ("reference fi, cold lemma cache", lambda: reference_prepare_texts(texts, "fi"), True),
        ("reference fi, warm lemma cache", lambda: reference_prepare_texts(texts, "fi"), False),
        (
            "bare TfidfVectorizer().fit_transform",
            lambda: TfidfVectorizer().fit_transform(texts),
            False,
        ),
        ("answer_tokens fi, words", lambda: answer_tokens(series, "fi", 1), False),
        ("answer_tokens fi, phrases", lambda: answer_tokens(series, "fi", 2), False),
        ("reference answer_tokens, words", lambda: reference_answer_tokens(series, "fi", 1), False),
        (
            "reference answer_tokens, phrases",
            lambda: reference_answer_tokens(series, "fi", 2),
            False,
        ),
    ]
    for name, run, cold in rows:
        wall, cpu = _best(run, args.repeat, lemmatise.cache_clear if cold else None)
        print(f"  {name:40s} {wall:7.3f} s wall {cpu:7.3f} s CPU")
    print(f"load average after: {os.getloadavg()[0]:.2f}")

    status = 0
    for language in args.languages:
        fast = prepare_texts(texts, language)
        slow = reference_prepare_texts(texts, language)
        fields = ("texts", "lemmas", "languages", "no_content", "phrases")
        differing = [
            i
            for i in range(len(texts))
            if any(getattr(fast, f)[i] != getattr(slow, f)[i] for f in fields)
        ]
        same = not differing and fast == slow
        print(f"{language}: {'identical' if same else f'{len(differing)} answers differ'}")
        for i in differing[:5]:
            print(f"  {texts[i]!r}")
        status |= not same
    for n in (1, 2):
        fast_terms = answer_tokens(series, "fi", n).tolist()
        same = fast_terms == reference_answer_tokens(series, "fi", n).tolist()
        print(f"answer_tokens n={n}: {'identical' if same else 'differ'}")
        status |= not same
    return status


if __name__ == "__main__":
    raise SystemExit(main())
