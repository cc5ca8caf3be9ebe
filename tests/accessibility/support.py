"""Helpers of the accessibility tests: axe-core in the page, and a respondent that walks
the regional-image questionnaire in a browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe

ROOT = Path(__file__).resolve().parents[2]
REGIONAL = ROOT / "questionnaires" / "kymenlaakso-region-image.yaml"

# WCAG 2.1 level A and AA: what Finnish public-sector services must meet.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# axe-core as shipped inside the Python package: nothing is fetched while testing.
_AXE = Axe()


def axe_results(page: Any) -> dict[str, Any]:
    """Run axe-core on the page as it is now, limited to the WCAG 2.1 A/AA rules."""
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    return _AXE.run(page, options=options).response  # type: ignore[no-any-return]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {', '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str) -> dict[str, Any]:
    """No WCAG 2.1 A/AA violation on the page; the rules really ran (some passed)."""
    results = axe_results(page)
    assert results["passes"], f"{where}: axe-core ran no rule at all"
    assert not results["violations"], f"{where} ({page.url}):\n{describe(results['violations'])}"
    return results


def overflow(page: Any) -> dict[str, int]:
    """Widths that tell whether the page needs horizontal scrolling."""
    return page.evaluate(  # type: ignore[no-any-return]
        """() => ({scroll: document.documentElement.scrollWidth,
                   client: document.documentElement.clientWidth})"""
    )


def set_text_zoom(page: Any, percent: int) -> None:
    """Text zoom as a browser setting gives it: every size in rem grows with the root.

    Done through the CSSOM, which the page's Content-Security-Policy allows.
    """
    page.evaluate(f"document.documentElement.style.fontSize = '{percent}%'")


Visit = Any  # a callable (page, name) -> None, called on every page state worth checking


def walk_survey(page: Any, base_url: str, slug: str, lang: str, visit: Visit) -> None:
    """Answer the regional-image survey in ``lang`` by clicking, stopping at every page
    state a respondent can meet: start, a refused start, each page, a page with errors,
    thanks, and the deletion page with and without an error."""
    page.goto(f"{base_url}/s/{slug}?lang={lang}")
    visit(page, "start")
    _submit(page, "form button[type=submit]")
    visit(page, "start without consent")
    page.check("#f-consent")
    _submit(page, "form button[type=submit]")
    visit(page, "page 1")
    _submit(page, "button[value=next]")
    visit(page, "page 1 with errors")
    # A returnee from Kotka sees the conditional questions of the later pages too.
    page.check("#f-life_stage-returnee")
    page.check("#f-home_municipality-kotka")
    number = 1
    while not page.url.endswith("/thanks"):
        _submit(page, "button[value=next]")
        number += 1
        if not page.url.endswith("/thanks"):
            visit(page, f"page {number}")
        assert number < 20, f"the survey does not end: {page.url}"
    visit(page, "thanks")
    _submit(page, ".code-card a")
    visit(page, "deletion")
    page.fill("input[name=code]", "AAAA-BBBB-CCCC")
    _submit(page, "form [type=submit]")
    visit(page, "deletion, code not found")


def _submit(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.locator(selector).first.click()
