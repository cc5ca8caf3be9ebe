"""Reflow and zoom: at 320 CSS pixels wide, with text at 100 % and at 200 %, no
respondent page needs horizontal scrolling; motion respects prefers-reduced-motion."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.accessibility.support import overflow, set_text_zoom, walk_survey

# Keys of the accessibility statement's checks that this module verifies.
CHECKS = {"reflow", "text_zoom", "reduced_motion", "same_host"}


@pytest.fixture
def narrow_page(browser, request):  # type: ignore[no-untyped-def]
    """A 320 px wide phone (WCAG's reflow width) that prefers reduced motion."""
    from tests.conftest import _page

    yield from _page(
        request, browser, viewport={"width": 320, "height": 640}, is_mobile=True,
        has_touch=True, locale="fi-FI", reduced_motion="reduce",
    )  # fmt: skip


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_no_horizontal_scrolling_at_320_px_and_200_percent_text(
    narrow_page, live_server, regional_survey, lang, artifacts_dir
):
    hosts: set[str] = set()
    narrow_page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    wide: dict[str, Any] = {}
    seen: list[str] = []

    def visit(page, name: str) -> None:  # type: ignore[no-untyped-def]
        # With reduced motion asked for, nothing on the page moves.
        running = page.evaluate(
            "document.getAnimations().filter(a => a.playState === 'running').length"
        )
        assert running == 0, f"{name}: {running} animations run despite prefers-reduced-motion"
        for zoom in (100, 200):
            set_text_zoom(page, zoom)
            widths = overflow(page)
            if widths["scroll"] > widths["client"]:
                wide[f"{name} at {zoom} %"] = widths
                page.screenshot(path=str(artifacts_dir / f"{len(seen)}-{zoom}.png"))
        set_text_zoom(page, 100)
        seen.append(name)

    walk_survey(narrow_page, live_server, regional_survey, lang, visit)
    narrow_page.goto(f"{live_server}/accessibility?lang={lang}")
    visit(narrow_page, "accessibility statement")
    assert len(seen) >= 12, seen
    assert wide == {}, f"pages that scroll sideways: {wide}"
    # Nothing is fetched from another host: no fonts, scripts or trackers from elsewhere.
    assert hosts == {urlsplit(live_server).netloc}
