"""Time the researcher's heavy paths: every export format and the survey page with its
live counts, for 1k and 10k synthetic responses.

    python scripts/bench_export.py [--sizes 1000 10000] [--questionnaire FILE]
                                   [--database-url URL]

Each size gets a fresh SQLite database in a temporary folder (or, with --database-url,
an empty database you name, which must be empty); the questionnaire is deployed and
filled with ``demo responses``-style synthetic answers. Exports are written by the same
function as ``flask export``; the survey page is fetched with Flask's test client.
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
FORMATS = ("csv", "csv-long", "xlsx", "sav", "json")


def bench(size: int, questionnaire: Path, folder: Path, url: str | None) -> dict[str, float]:
    from flask_migrate import upgrade

    from survey_app import create_app
    from survey_app.auth.accounts import create_user
    from survey_app.cli.demo import add_demo_responses
    from survey_app.exports import EXTENSIONS, ExportFilter, export_survey
    from survey_app.extensions import db
    from survey_app.surveys import deploy_questionnaire

    database_url = url or f"sqlite:///{folder / f'bench-{size}.sqlite3'}"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SECRET_KEY": "benchmark-only",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    figures: dict[str, float] = {}
    with app.app_context():
        upgrade()
        survey = deploy_questionnaire(questionnaire, open_=True)
        started = time.perf_counter()
        add_demo_responses(survey, size)
        figures["fill"] = time.perf_counter() - started
        for fmt in FORMATS:
            out = folder / f"{size}-{fmt}{EXTENSIONS[fmt]}"
            started = time.perf_counter()
            written = export_survey(survey, fmt, out, ExportFilter())
            figures[fmt] = time.perf_counter() - started
            figures[f"{fmt} MB"] = sum(p.stat().st_size for p in written) / 1e6
        create_user("bench@example.org", "researcher", "benchmark password")
        slug = survey.slug
        db.session.remove()
    client = app.test_client()
    client.post(
        "/auth/login", data={"email": "bench@example.org", "password": "benchmark password"}
    )
    for name, path in (("list", "/research/"), ("survey page", f"/research/surveys/{slug}")):
        started = time.perf_counter()
        response = client.get(path)
        figures[name] = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"unexpected HTTP {response.status_code} from {path}")
    with app.app_context():
        db.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--questionnaire", type=Path, default=DEFAULT_QUESTIONNAIRE)
    parser.add_argument("--database-url", default=None, help="an empty database (one size)")
    args = parser.parse_args()
    if args.database_url and len(args.sizes) != 1:
        parser.error("--database-url takes one size: the database must start empty")
    columns = ["fill", *FORMATS, "list", "survey page"]
    print("| responses | " + " | ".join(f"{c} (s)" for c in columns) + " | sizes (MB) |")
    print("|---:|" + "---:|" * (len(columns) + 1))
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            f = bench(size, args.questionnaire, Path(folder), args.database_url)
            sizes = ", ".join(f"{fmt} {f[f'{fmt} MB']:.1f}" for fmt in FORMATS)
            print(
                f"| {size:,} | " + " | ".join(f"{f[c]:.2f}" for c in columns) + f" | {sizes} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
