"""Time the facilitator's summary: first render, re-render from the cache, and the
re-render after a new answer arrives, for 1k and 10k synthetic responses.

    python scripts/bench_summary.py [--sizes 1000 10000] [--questionnaire FILE]

Each size gets a fresh SQLite database in a temporary folder, the questionnaire is
deployed and filled with ``demo responses``-style synthetic answers, and the summary
is fetched through a share link with Flask's test client (no network in between).
Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_QUESTIONNAIRE = ROOT / "questionnaires" / "kymenlaakso-region-image.yaml"


def _timed(fetch):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    response = fetch()
    seconds = time.perf_counter() - start
    if response.status_code not in (200, 204):
        raise SystemExit(f"unexpected HTTP {response.status_code} from {response.request.path}")
    return seconds, response


def bench(size: int, questionnaire: Path, folder: Path) -> dict[str, float]:
    from flask_migrate import upgrade

    from survey_app import create_app
    from survey_app.cli.demo import add_demo_responses
    from survey_app.facilitator.service import caches
    from survey_app.facilitator.share import create_share_link
    from survey_app.surveys import deploy_questionnaire

    database = folder / f"bench-{size}.sqlite3"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "SECRET_KEY": "benchmark-only",
            "FACILITATOR_MIN_RECOMPUTE_SECONDS": 0.0,
            # Time the whole first computation in one request, not a "being prepared" page.
            "FACILITATOR_FIRST_VIEW_IN_BACKGROUND": False,
        }
    )
    with app.app_context():
        upgrade()
        survey = deploy_questionnaire(questionnaire, open_=True)
        started = time.perf_counter()
        add_demo_responses(survey, size)
        fill = time.perf_counter() - started
        token = create_share_link(survey).token
    client = app.test_client()
    url = f"/share/{token}"
    first, page = _timed(lambda: client.get(url))
    again, _ = _timed(lambda: client.get(url))
    slide, _ = _timed(lambda: client.get(f"{url}/present/2"))
    key = page.get_data(as_text=True).split('data-live-key="', 1)[1].split('"', 1)[0]
    unchanged, _ = _timed(lambda: client.get(f"{url}/live?k={key}"))

    with app.app_context():
        from survey_app.models import Survey

        survey = app.extensions["sqlalchemy"].session.get(Survey, 1)
        add_demo_responses(survey, 1, seed=size)
    held, _ = _timed(lambda: client.get(f"{url}/live?k={key}"))
    started = time.perf_counter()
    with app.app_context():
        if not caches()[0].wait_idle(3600):
            raise SystemExit("the background refresh did not finish within an hour")
    refresh = held + time.perf_counter() - started
    fresh, _ = _timed(lambda: client.get(f"{url}/live?k={key}"))
    return {
        "fill": fill,
        "first": first,
        "again": again,
        "slide": slide,
        "unchanged": unchanged,
        "held": held,
        "refresh": refresh,
        "fresh": fresh,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--questionnaire", type=Path, default=DEFAULT_QUESTIONNAIRE)
    args = parser.parse_args(argv)
    if any(size < 10 for size in args.sizes):
        parser.error("--sizes must be at least 10 each")
    # The word lists for lemmas load once per server process; timed apart so that the
    # first size is not charged for them.
    from analysis.text import SUPPORTED_LANGUAGES, lemmatise

    started = time.perf_counter()
    for language in SUPPORTED_LANGUAGES:
        lemmatise("kaupunki", language)
    warm_up = time.perf_counter() - started
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-summary-") as folder:
        for size in args.sizes:
            print(f"{size} responses …", file=sys.stderr, flush=True)
            rows.append((size, bench(size, args.questionnaire, Path(folder))))
    print(
        f"\nQuestionnaire: {args.questionnaire.name}; times in seconds, SQLite. Once per "
        f"process before any summary: {warm_up:.1f} s to load the lemma word lists.\n"
    )
    print(
        "| responses | first render (computes) | re-render (cached) | slide (cached) "
        "| live poll, no change | live poll after a new answer (held summary) "
        "| new answer → fresh summary ready |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for size, r in rows:
        print(
            f"| {size:,} | {r['first']:.1f} | {r['again']:.3f} | {r['slide']:.3f} "
            f"| {r['unchanged']:.3f} | {r['held']:.3f} | {r['refresh']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
