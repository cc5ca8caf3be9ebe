"""The researcher pages in headless Chromium at 1920x1080, 1366x768 and 360x740:
screenshots kept in test-artifacts/ for a person to look at, and the checks a glance
would make (styles loaded, nothing wider than the screen, the QR code drawn)."""

from __future__ import annotations

import re

from tests.auth.helpers import PASSWORD, make_user
from tests.exports.factories import EVERY_TYPE
from tests.researcher.conftest import populate

PAGES = [
    ("list", "/research/"),
    ("survey", "/research/surveys/{slug}"),
    ("deploy", "/research/deploy"),
    ("audit", "/research/audit"),
    ("poster", "/research/surveys/{slug}/collectors/{token}/poster"),
    ("preview", "/research/surveys/{slug}/preview?page=2"),
]


def log_in(page, base: str, artifacts_dir, size: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base}/auth/login")
    page.screenshot(path=str(artifacts_dir / f"login-{size}.png"), full_page=True)
    page.fill("#email", "researcher@example.org")
    page.fill("#password", PASSWORD)
    page.click("#submit")
    page.wait_for_url(f"{base}/research/")


def look_at_every_page(app, page, base: str, artifacts_dir, size: str) -> None:  # type: ignore[no-untyped-def]
    data = populate(app)
    make_user(app, "researcher")
    from survey_app import audit

    with app.app_context():
        # A few events, so the log and the survey page show rows rather than an empty state.
        audit.record("researcher@example.org", "survey.deploy", data["slug"], "version 1")
        audit.record("researcher@example.org", "survey.open", data["slug"])
        audit.record("researcher@example.org", "survey.export", data["slug"], "xlsx complete")
        audit.record("respondent", "response.delete", data["slug"], "by deletion code")
    log_in(page, base, artifacts_dir, size)
    for name, pattern in PAGES:
        url = base + pattern.format(slug=data["slug"], token=data["tokens"]["7A"])
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        # The area's own stylesheet is in use (not the bare survey styles).
        assert page.evaluate(
            "[...document.styleSheets].some(s => (s.href || '').endsWith('/researcher.css')"
            " && s.cssRules.length > 0)"
        ), name
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} at {size} is {overflow}px wider than the screen"
        page.screenshot(path=str(artifacts_dir / f"{name}-{size}.png"), full_page=True)
    # A file with problems: the checker's messages, readable at this size.
    broken = artifacts_dir / "broken.yaml"
    broken.write_text(
        EVERY_TYPE.read_text(encoding="utf-8")
        .replace("type: likert\n", "type: likertt\n")
        .replace("default_language: fi", "default_language: de"),
        encoding="utf-8",
    )
    page.goto(f"{base}/research/deploy")
    page.set_input_files("#file", str(broken))
    page.click("#submit")
    page.wait_for_selector(".problem-list li")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"deploy problems at {size} are {overflow}px wider than the screen"
    page.screenshot(path=str(artifacts_dir / f"deploy-problems-{size}.png"), full_page=True)
    broken.unlink()
    # The poster's QR code image has loaded and is big enough to scan across a room.
    page.goto(base + PAGES[4][1].format(slug=data["slug"], token=data["tokens"]["7A"]))
    width = page.evaluate(
        "(() => { const img = document.querySelector('.poster-qr');"
        " return img.complete && img.naturalWidth > 0 ? img.getBoundingClientRect().width : 0 })()"
    )
    assert width >= 250, width


def test_researcher_pages_on_a_projector(app, live_server, projector_page, artifacts_dir):
    look_at_every_page(app, projector_page, live_server, artifacts_dir, "1920x1080")
    # The poster prints on one A4 sheet, without the links around it.
    page = projector_page
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    (artifacts_dir / "poster-A4.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert not page.is_visible(".poster-tools")
    page.screenshot(path=str(artifacts_dir / "poster-print-1920x1080.png"), full_page=True)


def test_researcher_pages_on_a_laptop(app, live_server, browser, artifacts_dir):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-GB")
    context.set_default_timeout(10_000)
    try:
        look_at_every_page(app, context.new_page(), live_server, artifacts_dir, "1366x768")
    finally:
        context.close()


def test_researcher_pages_on_a_phone(app, live_server, phone_page, artifacts_dir):
    look_at_every_page(app, phone_page, live_server, artifacts_dir, "360x740")
