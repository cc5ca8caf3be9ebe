"""Lighthouse on a phone: scores of every survey page and of the facilitator summary.

A throw-away app (SQLite in a temporary folder) gets the regional-image questionnaire,
60 synthetic responses and a share link; one respondent then walks the survey while
Lighthouse (mobile form factor, simulated slow 4G and CPU throttling, Debian's Chromium)
loads each page with that respondent's cookies. Per page it records the performance,
accessibility and best-practices scores, the bytes transferred and the hosts contacted.

    python scripts/audit.py [--out test-artifacts/audit] [--runs 3] [--lighthouse PATH]

Each page is audited ``--runs`` times and the run with the median performance score is
reported. Writes <out>/<page>.<run>.json (Lighthouse's full reports), <out>/scores.json and
<out>/scores.md (a table), and prints the table. Nothing is asserted: `make audit`
reports figures; the test suite holds the limits.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONNAIRE = ROOT / "questionnaires" / "kymenlaakso-region-image.yaml"
CATEGORIES = ["performance", "accessibility", "best-practices"]
ATTEMPTS = 3
CHROME_FLAGS = " ".join(
    [
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
    ]
)
HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|submission_id)" value="([^"]*)"')
# Answers that take a respondent through every page (a returnee from Kotka also gets the
# conditional questions); the other questions are optional.
ANSWERS = {1: {"life_stage": "returnee", "home_municipality": "kotka"}}


def build_app(folder: Path) -> tuple[Any, str, str]:
    """The app on a fresh database with the survey open, synthetic answers and a share link."""
    from flask_migrate import upgrade

    from survey_app import create_app
    from survey_app.facilitator.share import create_share_link
    from survey_app.surveys import deploy_questionnaire, get_survey

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'audit.sqlite3'}",
            "SECRET_KEY": secrets.token_hex(32),
        }
    )
    with app.app_context():
        upgrade()
        slug = deploy_questionnaire(QUESTIONNAIRE, open_=True).slug
    result = app.test_cli_runner().invoke(
        args=["demo", "responses", slug, "--n", "60", "--seed", "1"]
    )
    if result.exit_code != 0:
        raise SystemExit(f"demo responses failed: {result.output}")
    with app.app_context():
        survey = get_survey(slug)
        assert survey is not None
        token = create_share_link(survey, label="audit").token
    return app, slug, f"/share/{token}"


def lighthouse(binary: Path, url: str, cookie: str, out: Path) -> dict[str, Any]:
    command = [
        str(binary),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--form-factor=mobile",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    if cookie:
        command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    # On a busy machine Chromium's trace now and then misses the navigation (NO_NAVSTART);
    # a second run of the same page almost always records it.
    for attempt in range(1, ATTEMPTS + 1):
        done = subprocess.run(command, env=env, timeout=600, capture_output=True, text=True)
        if done.returncode == 0:
            return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
        print(f"  Lighthouse failed on {url} (attempt {attempt}): {done.stderr.strip()[-300:]}")
    raise RuntimeError(f"Lighthouse failed {ATTEMPTS} times on {url}")


def figures(report: dict[str, Any], base_host: str) -> dict[str, Any]:
    audits = report["audits"]
    requests = audits.get("network-requests", {}).get("details", {}).get("items", [])
    hosts = sorted({urlsplit(item["url"]).netloc for item in requests} - {base_host})
    return {
        **{name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES},
        "bytes": int(audits["total-byte-weight"]["numericValue"]),
        "requests": len(requests),
        "other_hosts": hosts,
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
    }


def cookie_header(client: httpx.Client) -> str:
    return "; ".join(f"{name}={value}" for name, value in client.cookies.items())


def run(out: Path, binary: Path, runs: int) -> list[dict[str, Any]]:
    out.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        app, slug, share = build_app(Path(tmp))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base = f"http://127.0.0.1:{server.server_port}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            client = httpx.Client(base_url=base, timeout=600)

            def audit(name: str, path: str, cookie: str = "") -> None:
                started = time.perf_counter()
                row: dict[str, Any] = {
                    "page": name,
                    "path": re.sub(r"/share/[^/]+", "/share/…", path),
                }
                results = []
                try:
                    for n in range(runs):
                        report = lighthouse(binary, base + path, cookie, out / f"{name}.{n}.json")
                        results.append(figures(report, urlsplit(base).netloc))
                except RuntimeError as error:
                    row["error"] = str(error)
                else:
                    # The run with the median performance score stands for the page, as
                    # Lighthouse advises: single runs vary with what else the machine does.
                    ranked = sorted(results, key=lambda r: r["performance"])
                    row.update(ranked[len(ranked) // 2])
                    row["performance_runs"] = [r["performance"] for r in results]
                rows.append(row)
                print(f"  {name}: {row} ({time.perf_counter() - started:.0f} s)", flush=True)

            audit("start", f"/s/{slug}")
            page = client.get(f"/s/{slug}")
            fields = dict(HIDDEN.findall(page.text))
            reply = client.post(f"/s/{slug}", data={**fields, "language": "fi", "consent": "y"})
            location = reply.headers["Location"]
            number = 0
            while "/p/" in location:
                number += 1
                audit(f"page {number}", location, cookie_header(client))
                fields = dict(HIDDEN.findall(client.get(location).text))
                answers = {**fields, **ANSWERS.get(number, {}), "action": "next"}
                location = client.post(location, data=answers).headers["Location"]
            audit("thanks", location, cookie_header(client))
            audit("deletion", f"/s/{slug}/delete", cookie_header(client))
            audit("statement", "/accessibility?lang=fi")
            # The first load computes the summary (themes of the open answers): warm it up
            # so Lighthouse measures showing the summary, not computing it.
            client.get(share).raise_for_status()
            audit("summary", share)
            audit("projector slide 1", f"{share}/present/1")
        finally:
            server.shutdown()
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| page | performance (median; runs) | accessibility | best practices | bytes | "
        "requests | FCP ms | LCP ms | CLS | other hosts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['page']} | {r['error']} |  |  |  |  |  |  |  |  |")
            continue
        lines.append(
            f"| {r['page']} | {r['performance']} ({', '.join(map(str, r['performance_runs']))}) | "
            f"{r['accessibility']} | "
            f"{r['best-practices']} | {r['bytes']} | {r['requests']} | {r['fcp_ms']} | "
            f"{r['lcp_ms']} | {r['cls']} | {', '.join(r['other_hosts']) or 'none'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "audit")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument(
        "--lighthouse", type=Path, default=ROOT / "audit" / "node_modules" / ".bin" / "lighthouse"
    )
    args = parser.parse_args()
    if not args.lighthouse.exists():
        raise SystemExit(f"{args.lighthouse} not found: run `make audit` (it runs npm ci first)")
    print("Lighthouse, mobile (simulated slow 4G, 4x CPU slowdown), Chromium at "
          f"{os.environ.get('CHROME_PATH', '/usr/bin/chromium')}", flush=True)  # fmt: skip
    rows = run(args.out, args.lighthouse, args.runs)
    (args.out / "scores.json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    text = table(rows)
    (args.out / "scores.md").write_text(text + "\n", encoding="utf-8")
    print(text)
    print(f"Reports: {args.out}/")


if __name__ == "__main__":
    main()
