"""axe-core (WCAG 2.1 A and AA rules) on every page a respondent or a facilitator sees."""

from __future__ import annotations

import re

import pytest

from tests.accessibility.support import assert_accessible, axe_results, walk_survey

# Keys of the accessibility statement's checks that this module verifies.
CHECKS = {"axe_respondent", "axe_facilitator", "language", "names", "contrast"}

# Rules behind the statement's promises of names, contrast and language: they must have
# run and passed on the survey pages, not merely found nothing to look at.
PROMISED_RULES = {"label", "button-name", "link-name", "color-contrast", "html-has-lang",
                  "html-lang-valid", "valid-lang"}  # fmt: skip

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_respondent_page_has_no_wcag_violations(phone_page, live_server, regional_survey,
                                                      lang, artifacts_dir):  # fmt: skip
    seen: list[str] = []
    passed: set[str] = set()

    def visit(page, name: str) -> None:  # type: ignore[no-untyped-def]
        # The page's language is set, so screen readers speak it in the right voice.
        assert page.evaluate("document.documentElement.lang") == lang, name
        results = assert_accessible(page, f"{lang}: {name}")
        passed.update(rule["id"] for rule in results["passes"])
        seen.append(name)
        if lang == "fi":
            page.screenshot(path=str(artifacts_dir / f"{len(seen):02d}.png"), full_page=True)

    walk_survey(phone_page, live_server, regional_survey, lang, visit)
    assert seen[:4] == ["start", "start without consent", "page 1", "page 1 with errors"]
    assert "page 5" in seen and seen[-3:] == ["thanks", "deletion", "deletion, code not found"]
    assert PROMISED_RULES <= passed, f"rules that never passed: {PROMISED_RULES - passed}"


def test_facilitator_summary_and_projector_pages_have_no_wcag_violations(
    projector_page, live_server, share_path
):
    # The first load computes the summary (themes of the open answers), which takes a while.
    projector_page.goto(live_server + share_path, timeout=300_000)
    assert_accessible(projector_page, "summary")
    slides = projector_page.locator("a[href*='/present/']")
    assert slides.count() > 0, "the summary links to no projector slide"
    projector_page.goto(live_server + share_path + "/present/1", timeout=120_000)
    assert_accessible(projector_page, "projector slide 1")
    match = re.search(r"\b1 / (\d+)\b", projector_page.locator("body").inner_text())
    assert match, "the slide does not say how many slides there are"
    total = int(match.group(1))
    # Slides of every kind (counts, closed questions, profiles, themes, word clouds) follow
    # one another in order; a spread sample meets each kind without rendering all of them.
    for number in sorted({2, 3, total // 4, total // 2, 3 * total // 4, total - 1, total}):
        if 1 < number <= total:
            projector_page.goto(f"{live_server}{share_path}/present/{number}", timeout=120_000)
            assert_accessible(projector_page, f"projector slide {number}")
    projector_page.goto(live_server + share_path + "/handout", timeout=120_000)
    assert_accessible(projector_page, "handout")


def test_axe_finds_a_known_violation(phone_page):
    # The harness must be able to fail: an unlabelled input and an image without text.
    phone_page.set_content(
        '<!doctype html><html lang="fi"><head><title>t</title></head><body><main>'
        '<input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
        "</main></body></html>"
    )
    ids = {violation["id"] for violation in axe_results(phone_page)["violations"]}
    assert {"label", "image-alt"} <= ids


def test_accessibility_statement_has_no_wcag_violations(phone_page, live_server):
    for lang in ("fi", "sv", "en"):
        phone_page.goto(f"{live_server}/accessibility?lang={lang}")
        assert phone_page.evaluate("document.documentElement.lang") == lang
        assert_accessible(phone_page, f"statement in {lang}")
