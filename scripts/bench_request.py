"""`make bench-request`: CPU and SQL statements per respondent request, in process.

Phones answer the regional-image survey through Flask's test client on a fresh SQLite
file, exactly as `make bench-load` drives the server over HTTP, but one at a time: so
the figure is the app's own CPU per request, free of the network, the server and of
other work on the machine, and it stays comparable between runs on a busy machine.

    python scripts/bench_request.py [--pairs 200] [--profile 25]

It reports the median CPU of each kind of request (start page, consent POST, survey
page GET and POST, thank-you page) with the SQL statements each makes, and the CPU of
one phone's whole survey. --profile prints the functions that take most of the CPU of
those requests (cProfile, cumulative time).
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


KINDS = ("start GET", "start POST", "page GET", "page POST", "thanks GET")


class Meter:
    """CPU time and SQL statements of each kind of request, kept apart from set-up work."""

    def __init__(self, profiler: cProfile.Profile | None) -> None:
        self.profiler = profiler
        self.cpu: dict[str, list[float]] = {kind: [] for kind in KINDS}
        self.statements = dict.fromkeys(KINDS, 0)
        self._counting: str | None = None

    def on_statement(self, *_args: object) -> None:
        if self._counting:
            self.statements[self._counting] += 1

    def call(self, kind: str, request, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._counting = kind
        if self.profiler:
            self.profiler.enable()
        began = time.process_time()
        reply = request(*args, **kwargs)
        self.cpu[kind].append(time.process_time() - began)
        if self.profiler:
            self.profiler.disable()
        self._counting = None
        return reply

    def count(self, kind: str) -> int:
        return len(self.cpu[kind])


def answer_survey(client, collector: str, questionnaire, rng, meter: Meter) -> None:  # type: ignore[no-untyped-def]
    """One phone through the whole survey, as `make bench-load` drives it."""
    reply = meter.call("start GET", client.get, collector)
    form = parse_form(reply.get_data(as_text=True))
    data = dict(form["hidden"]) | {"consent": "y", "language": rng.choice(["fi", "sv", "en"])}
    reply = meter.call("start POST", client.post, collector, data=data)
    url = reply.headers["Location"]
    answers: dict[str, dict[str, str]] = {}
    while not urlsplit(url).path.endswith("/thanks"):
        reply = meter.call("page GET", client.get, url)
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
        reply = meter.call("page POST", client.post, url, data=body)
        assert reply.status_code in (302, 303), (url, reply.status_code)
        answers.update(page_answers)
        url = reply.headers["Location"]
    reply = meter.call("thanks GET", client.get, url)
    assert reply.status_code == 200, (url, reply.status_code)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=200, help="at least this many page POSTs")
    parser.add_argument("--warmup", type=int, default=3, help="phones before measuring")
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

        for _ in range(args.warmup):
            answer_survey(app.test_client(), collector, questionnaire, rng, Meter(None))

        meter = Meter(cProfile.Profile() if args.profile else None)
        sa.event.listen(engine, "before_cursor_execute", meter.on_statement)
        phones = 0
        while meter.count("page POST") < args.pairs:
            answer_survey(app.test_client(), collector, questionnaire, rng, meter)
            phones += 1
        sa.event.remove(engine, "before_cursor_execute", meter.on_statement)
        with app.app_context():
            db.engine.dispose()

    load = os.getloadavg()[0]
    print(
        f"{phones} phones through the regional-image survey in process ("
        f"{meter.count('page POST')} page POSTs), SQLite, load average {load:.1f}"
    )
    # Medians: other work on the machine slows some requests a lot and most not at all.
    medians = {kind: 1000 * statistics.median(meter.cpu[kind] or [0.0]) for kind in KINDS}
    for kind in KINDS:
        n = max(meter.count(kind), 1)
        print(
            f"  {kind:10} {medians[kind]:6.2f} ms CPU per request (median), "
            f"{meter.statements[kind] / n:4.1f} SQL statements"
        )
    pair = medians["page GET"] + medians["page POST"]
    print(f"  page GET + POST  {pair:6.2f} ms CPU (medians)")
    # A phone's whole survey, as bench-load's phones make it (redirected GETs included).
    phone = sum(medians[kind] * meter.count(kind) for kind in KINDS) / max(phones, 1)
    per_phone = sum(map(meter.count, KINDS)) / max(phones, 1)
    print(f"  one phone's whole survey  {phone:6.1f} ms CPU ({per_phone:.1f} requests)")
    if meter.profiler:
        out = io.StringIO()
        stats = pstats.Stats(meter.profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(args.profile)
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
