"""Take the README's screenshots: the survey on a phone (360×740) and the facilitator's
summary and a projector slide (1920×1080), from the bundled questionnaire and synthetic
answers in a throw-away database.

    python scripts/screenshots.py [--out docs/screenshots] [--responses 300]

Uses Debian's Chromium found on PATH through Playwright, like the browser tests.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUESTIONNAIRE = ROOT / "questionnaires" / "kymenlaakso-region-image.yaml"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--responses", type=int, default=300)
    args = parser.parse_args(argv)
    executable = shutil.which("chromium")
    if executable is None:
        parser.error("Chromium not found on PATH (Debian package `chromium`)")

    from flask_migrate import upgrade
    from playwright.sync_api import sync_playwright

    from survey_app import create_app
    from survey_app.cli.demo import add_demo_responses
    from survey_app.facilitator.share import create_share_link
    from survey_app.surveys import create_collector, deploy_questionnaire
    from tests.support.live_server import LiveServer

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="screenshots-") as folder:
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{Path(folder) / 'shots.sqlite3'}",
                "SECRET_KEY": "screenshots-only",
                "FACILITATOR_FIRST_VIEW_IN_BACKGROUND": False,
            }
        )
        with app.app_context():
            upgrade()
            survey = deploy_questionnaire(QUESTIONNAIRE, open_=True)
            add_demo_responses(survey, args.responses)
            collector_token = create_collector(survey, label="Demo").token
            share_token = create_share_link(survey).token
        server = LiveServer(app).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=CHROMIUM_ARGS
                )
                phone = browser.new_page(viewport={"width": 360, "height": 740}, locale="fi-FI")
                phone.goto(f"{server.url}/c/{collector_token}")
                phone.screenshot(path=str(args.out / "phone-start.png"))
                phone.check("#f-consent")
                phone.click("button[type=submit]")
                phone.wait_for_load_state()
                phone.screenshot(path=str(args.out / "phone-page.png"))
                projector = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="en")
                projector.goto(f"{server.url}/share/{share_token}")
                projector.screenshot(path=str(args.out / "projector-summary.png"))
                projector.goto(f"{server.url}/share/{share_token}/present/2")
                projector.screenshot(path=str(args.out / "projector-slide.png"))
                browser.close()
        finally:
            server.stop()
    for name in sorted(args.out.glob("*.png")):
        print(name.relative_to(ROOT) if name.is_relative_to(ROOT) else name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
