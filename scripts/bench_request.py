"""`make bench-request`: CPU and SQL statements per respondent request, in process.

Phones answer the regional-image survey through Flask's test client on a fresh SQLite
file, exactly as `make bench-load` drives the server over HTTP, but one at a time: so
the figure is the app's own CPU per request, free of the network, the server and of
other work on the machine, and it stays comparable between runs on a busy machine.

    python scripts/bench_request.py [--pairs 200] [--profile 25]

A pair is one page GET and the POST that answers it (redirects followed by the phone
are counted as requests of their own). --profile prints the functions that take most
of the CPU of those requests (cProfile, cumulative time).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from questionnaires import load_questionnaire  # noqa: E402
from questionnaires.conditions import is_visible  # noqa: E402
from scripts.loadgen.phone import answer_question, encode, parse_form  # noqa: E402
from scripts.loadgen.run import QUESTIONNAIRE  # noqa: E402

PAGE_PATH = re.compile(r"/p/(\d+)$")


class Meter:
    """CPU time and SQL statements of the page requests, kept apart from set-up work."""

    def __init__(self, profiler: cProfile.Profile | None) -> None:
        self.profiler = profiler
        self.cpu: dict[str, list[float]] = {"GET": [], "POST": []}
        self.count = {"GET": 0, "POST": 0}
        self.statements = {"GET": 0, "POST": 0}
        self._counting: str | None = None

    def on_statement(self, *_args: object) -> None:
        if self._counting:
            self.statements[self._counting] += 1

    def call(self, method: str, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._counting = method
        if self.profiler:
            self.profiler.enable()
        began = time.process_time()
        reply = request(*args, **kwargs)
        self.cpu[method].append(time.process_time() - began)
        if self.profiler:
            self.profiler.disable()
        self._counting = None
        self.count[method] += 1
        return reply


def answer_survey(client, collector: str, questionnaire, rng, meter: Meter, budget: int) -> int:  # type: ignore[no-untyped-def]
    """One phone through the whole survey; returns the page POSTs it made."""
    reply = client.get(collector)
    form = parse_form(reply.get_data(as_text=True))
    data = dict(form["hidden"]) | {"consent": "y", "language": rng.choice(["fi", "sv", "en"])}
    reply = client.post(collector, data=data)
    url = reply.headers["Location"]
    answers: dict[str, dict[str, str]] = {}
    posts = 0
    while posts < budget and not urlsplit(url).path.endswith("/thanks"):
        reply = meter.call("GET", client.get, url)
        if reply.status_code in (302, 303):
            url = reply.headers["Location"]
            continue
        assert reply.status_code == 200, (url, reply.status_code)
        form = parse_form(reply.get_data(as_text=True))
        page = questionnaire.pages[int(PAGE_PATH.search(url).group(1)) - 1]
        fields = []
        page_answers: dict[str, dict[str, str]] = {}
        for question in page.questions:
            names = {question.id} | {f"{question.id}__{item}" for item in question.items()}
            if not names & form["names"] or not is_visible(question, {**answers, **page_answers}):
                continue
            page_answers[question.id] = answer_question(question, rng)
            fields += encode(question, page_answers[question.id])
        body: dict[str, list[str]] = {}
        for name, value in [*form["hidden"], *fields, ("action", "next")]:
            body.setdefault(name, []).append(value)
        reply = meter.call("POST", client.post, url, data=body)
        assert reply.status_code in (302, 303), (url, reply.status_code)
        answers.update(page_answers)
        posts += 1
        url = reply.headers["Location"]
    return posts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=200, help="page GET + POST pairs")
    parser.add_argument("--warmup", type=int, default=20, help="pairs before measuring")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    from flask_migrate import upgrade

    from survey_app import create_app
    from survey_app.extensions import db
    from survey_app.surveys import create_collector, deploy_questionnaire

    questionnaire = load_questionnaire(QUESTIONNAIRE)
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="bench-request-") as tmp:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
                "SECRET_KEY": secrets.token_hex(32),
                # As many starts as the run needs from one address.
                "RESPONSE_START_RATE_LIMIT": "100000 per minute",
            }
        )
        with app.app_context():
            upgrade()
            survey = deploy_questionnaire(QUESTIONNAIRE, slug="bench", open_=True)
            collector = f"/c/{create_collector(survey).token}"
            db.session.remove()
            engine = db.engine

        warm = Meter(None)
        while warm.count["POST"] < args.warmup:
            answer_survey(app.test_client(), collector, questionnaire, rng, warm, args.warmup)

        meter = Meter(cProfile.Profile() if args.profile else None)
        sa.event.listen(engine, "before_cursor_execute", meter.on_statement)
        while meter.count["POST"] < args.pairs:
            left = args.pairs - meter.count["POST"]
            answer_survey(app.test_client(), collector, questionnaire, rng, meter, left)
        sa.event.remove(engine, "before_cursor_execute", meter.on_statement)
        with app.app_context():
            db.engine.dispose()

    load = os.getloadavg()[0]
    print(
        f"{meter.count['POST']} page POSTs and {meter.count['GET']} page GETs in process, "
        f"SQLite, load average {load:.1f}"
    )
    # The median: other work on the machine slows some requests a lot and most not at all.
    medians = {m: 1000 * statistics.median(meter.cpu[m] or [0.0]) for m in meter.cpu}
    for method in ("GET", "POST"):
        n = max(meter.count[method], 1)
        print(
            f"  {method:4} {medians[method]:6.2f} ms CPU per request (median; mean "
            f"{1000 * sum(meter.cpu[method]) / n:.2f}), "
            f"{meter.statements[method] / n:4.1f} SQL statements per request"
        )
    print(f"  pair {medians['GET'] + medians['POST']:6.2f} ms CPU per page GET + POST (medians)")
    if meter.profiler:
        out = io.StringIO()
        stats = pstats.Stats(meter.profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(args.profile)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
