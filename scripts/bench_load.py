"""`make bench-load`: a hall of phones answering the regional-image survey at once.

For each database (SQLite file, throw-away PostgreSQL server) it starts the production
server (gunicorn.conf.py) on loopback with a fresh database, drives N simulated phones
through the whole questionnaire page by page, checks that every acknowledged answer is
stored, then replays the same requests against a bare Flask + SQLAlchemy app (the
ceiling) and reports our throughput as a share of it. Results go to bench-results/.

    python scripts/bench_load.py [--phones 300] [--databases sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bare_ceiling_app import count_complete, create_schema  # noqa: E402
from scripts.loadgen.bare import run_bare  # noqa: E402
from scripts.loadgen.run import RunResult, deploy, run_phones, server_env, verify  # noqa: E402
from scripts.loadgen.server import GunicornServer  # noqa: E402


def _figures(run: RunResult, completed: int) -> dict:
    requests = len(run.recorder.latencies)
    return {
        "phones": run.phones,
        "completed": completed,
        "seconds": round(run.seconds, 2),
        "responses_per_s": round(completed / run.seconds, 2) if run.seconds else 0.0,
        "requests": requests,
        "requests_per_s": round(requests / run.seconds, 1) if run.seconds else 0.0,
        "p50_ms": round(run.percentile(50) * 1000, 1),
        "p95_ms": round(run.percentile(95) * 1000, 1),
        "p99_ms": round(run.percentile(99) * 1000, 1),
        "errors": run.errors,
        "error_kinds": run.recorder.errors,
    }


def bench_one(name: str, app_url: str, bare_url: str, args: argparse.Namespace, work: Path) -> dict:
    print(f"[{name}] deploying the questionnaire on a fresh database ...", flush=True)
    deployed = deploy(app_url)
    env = {"WEB_CONCURRENCY": str(args.workers), "GUNICORN_THREADS": str(args.threads)}
    env = {k: v for k, v in env.items() if v != "None"}
    # Kept beside the results: the server's own account of any error the phones saw.
    log = args.out / f"load-{name}-gunicorn.log"
    log.unlink(missing_ok=True)
    print(f"[{name}] {args.phones} phones answering at once ...", flush=True)
    with GunicornServer("survey_app:create_app()", {**server_env(deployed), **env}, log) as server:
        run = run_phones(server.url, deployed, args.phones, seed=args.seed, ramp=args.ramp)
    check = verify(app_url, run, deployed.questionnaire)
    failures = [r.failure for r in run.results if r.failure]

    print(f"[{name}] bare Flask + SQLAlchemy ceiling, same requests ...", flush=True)
    create_schema(bare_url)
    bare_env = {"DATABASE_URL": bare_url, **env}
    with GunicornServer("scripts.bare_ceiling_app:create_app()", bare_env, log) as server:
        bare, done = run_bare(server.url, run)
    bare_complete, _rows = count_complete(bare_url)

    ours, ceiling = _figures(run, run.acknowledged), _figures(bare, sum(done))
    share = (
        ours["responses_per_s"] / ceiling["responses_per_s"] if ceiling["responses_per_s"] else 0
    )
    return {
        "database": name,
        "app": ours,
        "bare": ceiling,
        "share_of_ceiling": round(share, 3),
        "verification": {
            "complete_stored": check.complete_stored,
            "acknowledged": check.acknowledged,
            "answers_lost": check.lost,
            "complete_with_missing_answers": check.missing_answers[:10],
            "bare_complete_stored": bare_complete,
            "ok": check.ok and bare_complete == sum(done),
        },
        "phone_failures": sorted(set(failures))[:10],
    }


def _postgres(work: Path):  # type: ignore[no-untyped-def]
    from tests.support.postgres import PostgresServer

    server = PostgresServer()
    server.start()
    server.execute("CREATE DATABASE bench")
    server.execute("CREATE DATABASE bare")
    return server


def table(results: list[dict]) -> str:
    head = (
        "| database | server | phones | completed | responses/s | requests/s "
        "| p50 ms | p95 ms | p99 ms | errors | stored = acknowledged |\n"
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n"
    )
    rows = []
    for r in results:
        v = r["verification"]
        for label, f, ok in (
            (
                "survey app",
                r["app"],
                v["complete_stored"] == v["acknowledged"] and not v["answers_lost"],
            ),
            ("bare ceiling", r["bare"], v["bare_complete_stored"] == r["bare"]["completed"]),
        ):
            rows.append(
                f"| {r['database']} | {label} | {f['phones']} | {f['completed']} | "
                f"{f['responses_per_s']} | {f['requests_per_s']} | {f['p50_ms']} | {f['p95_ms']} | "
                f"{f['p99_ms']} | {f['errors']} | {'yes' if ok else 'NO'} |"
            )
    shares = "\n".join(
        f"- {r['database']}: survey app at {r['share_of_ceiling']:.0%} of the bare ceiling"
        for r in results
    )
    return head + "\n".join(rows) + "\n\n" + shares + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=300)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=None, help="threads per worker")
    parser.add_argument("--ramp", type=float, default=0.0, help="seconds over which phones start")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    load_before = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        work = Path(tmp)
        for name in args.databases.split(","):
            if name == "sqlite":
                app_url, bare_url = (
                    f"sqlite:///{work}/bench.sqlite3",
                    f"sqlite:///{work}/bare.sqlite3",
                )
                results.append(bench_one(name, app_url, bare_url, args, work))
            elif name == "postgresql":
                pg = _postgres(work)
                try:
                    results.append(bench_one(name, pg.url("bench"), pg.url("bare"), args, work))
                finally:
                    pg.stop()
            else:
                parser.error(f"unknown database {name!r}: use sqlite and/or postgresql")
        for r in results:
            if not r["verification"]["ok"] or r["app"]["errors"] or r["bare"]["errors"]:
                log = args.out / f"load-{r['database']}-gunicorn.log"
                print(f"[{r['database']}] server log tail ({log}):\n" + log.read_text()[-3000:])

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    # Figures from a machine busy with other work are not comparable: keep its load.
    load = (round(load_before, 1), round(os.getloadavg()[0], 1))
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "at": stamp,
        "load_average_before_after": load,
    }
    report = {
        "machine": machine,
        "args": {k: str(v) for k, v in vars(args).items()},
        "results": results,
    }
    (args.out / f"load-{stamp}.json").write_text(json.dumps(report, indent=2))
    text = table(results)
    (args.out / "load-latest.md").write_text(
        f"# make bench-load, {stamp}, {os.cpu_count()} CPUs, "
        f"load average {load[0]} before, {load[1]} after\n\n{text}"
    )
    print()
    print(f"{os.cpu_count()} CPUs, load average {load[0]} before and {load[1]} after the run")
    print(text)
    print(f"Written to {args.out}/load-{stamp}.json and load-latest.md")
    return 0 if all(r["verification"]["ok"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
