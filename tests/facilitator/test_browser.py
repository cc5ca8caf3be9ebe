"""The facilitator's pages in headless Chromium, on a projector (1920x1080) and a phone
(360x740): no failed request, nothing from another host, keys move the slides, and
answers arriving during live mode appear without a reload."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import expect

from .conftest import N_RESPONSES, add_responses, answer_as_respondent

pytestmark = pytest.mark.browser


def _watch(page, base: str) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """Lists that fill with failed requests and with requests to any other host."""
    failed: list[str] = []
    foreign: list[str] = []
    host = urlsplit(base).netloc

    def on_request(request) -> None:  # type: ignore[no-untyped-def]
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
            foreign.append(request.url)

    def on_response(response) -> None:  # type: ignore[no-untyped-def]
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    page.on("request", on_request)
    page.on("response", on_response)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url} {r.failure}"))
    page.on("pageerror", lambda error: failed.append(f"script error {error}"))
    return failed, foreign


def _load_everything(page) -> None:  # type: ignore[no-untyped-def]
    """Scroll through the page so lazy word clouds load too, and wait until every shown
    image has loaded: the page's own "networkidle" has passed long before, so it would not
    wait for them, and leaving the page would cut their requests off."""
    height = page.evaluate("document.documentElement.scrollHeight")
    for y in range(0, height, 700):
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)  # lets the browser start the images now in view
    # Polled from here: the page's content security policy forbids evaluating a string
    # inside it, which wait_for_function would do.
    shown_loaded = (
        "Array.from(document.images).filter(i => i.offsetParent !== null).every(i => i.complete)"
    )
    for _ in range(1200):
        if page.evaluate(shown_loaded):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("images still loading after two minutes")
    page.evaluate("window.scrollTo(0, 0)")


@pytest.fixture
def shared(survey_app_ready: Flask, share_url_path: str, live_server: str) -> str:
    return live_server + share_url_path


@pytest.mark.parametrize("size", ["projector", "phone"])
def test_summary_and_slides_load_cleanly(
    request: pytest.FixtureRequest, shared: str, artifacts_dir: Path, size: str
) -> None:
    page = request.getfixturevalue(f"{size}_page")
    page.set_default_timeout(120_000)  # the first view computes the summary
    failed, foreign = _watch(page, shared)
    page.goto(shared)
    assert page.locator("[data-live-total]").first.inner_text().startswith(str(N_RESPONSES))
    _load_everything(page)
    page.screenshot(path=str(artifacts_dir / f"summary-{size}-top.png"))
    page.locator("#q-profile").screenshot(path=str(artifacts_dir / f"profile-{size}.png"))
    clouds = page.locator("#q-three_words-clouds")
    clouds.scroll_into_view_if_needed()
    images = page.locator("#q-three_words-clouds img")
    for index in range(images.count()):
        # A loaded image has its natural size (lazy ones load once scrolled to).
        expect(images.nth(index)).to_have_js_property("complete", True, timeout=60_000)
    assert images.evaluate_all("imgs => imgs.every(i => i.naturalWidth > 0)")
    clouds.screenshot(path=str(artifacts_dir / f"clouds-{size}.png"))
    # The data table behind the toggle opens.
    toggle = page.locator("#q-stay_likely details.data summary")
    toggle.click()
    assert page.locator("#q-stay_likely details.data table").is_visible()
    # Nothing wider than the screen except charts that scroll inside their own box.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, overflow

    for number in (1, 2, 9):
        page.goto(f"{shared}/present/{number}")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(artifacts_dir / f"slide-{number}-{size}.png"))
    if size == "projector":
        # One slide fits the projector: nothing to scroll.
        page.goto(f"{shared}/present/2")
        height = page.evaluate("document.documentElement.scrollHeight")
        assert height <= 1080, height
    page.goto(f"{shared}/handout")
    page.emulate_media(media="print")
    page.screenshot(path=str(artifacts_dir / f"handout-{size}.png"))
    assert failed == []
    assert foreign == []


def test_projector_keys_and_clicker(projector_page, shared: str, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    page = projector_page
    page.set_default_timeout(120_000)
    failed, foreign = _watch(page, shared)
    page.goto(f"{shared}/present/1")
    total = int(re.search(r"1 / (\d+)", page.inner_text(".slide-nav")).group(1))  # type: ignore[union-attr]

    def press_and_expect(key: str, number: int) -> None:
        with page.expect_navigation():
            page.keyboard.press(key)
        assert urlsplit(page.url).path.endswith(f"/present/{number}"), (key, page.url)

    press_and_expect("ArrowRight", 2)
    press_and_expect("Space", 3)
    press_and_expect("PageDown", 4)  # a presentation clicker's "next"
    press_and_expect("PageUp", 3)  # and its "previous"
    press_and_expect("ArrowLeft", 2)
    press_and_expect("End", total)
    press_and_expect("Home", 1)
    # The clicker's blank-screen key darkens the wall and brings it back.
    page.keyboard.press("b")
    assert page.locator(".blank").is_visible()
    page.screenshot(path=str(artifacts_dir / "blank.png"))
    page.keyboard.press("b")
    assert not page.locator(".blank").is_visible()
    with page.expect_navigation():
        page.keyboard.press("Escape")
    assert "/present/" not in page.url
    page.wait_for_load_state("networkidle")
    # Chromium cancels lazy word-cloud images that end up far below the fold while the
    # summary lays out; that is the browser saving work, not a request that failed.
    assert [f for f in failed if "ERR_ABORTED" not in f] == []
    assert foreign == []


def test_answers_arriving_in_live_mode_appear_without_reload(
    survey_app_ready: Flask, shared: str, projector_page, artifacts_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    survey_app_ready.config["FACILITATOR_LIVE_SECONDS"] = 2
    survey_app_ready.config["FACILITATOR_MIN_RECOMPUTE_SECONDS"] = 0.0
    page = projector_page
    page.set_default_timeout(120_000)
    failed, foreign = _watch(page, shared)
    page.goto(shared)
    total = page.locator("[data-live-total]").first
    assert total.inner_text().startswith(str(N_RESPONSES))
    assert page.locator(".badge.live").is_visible()
    page.evaluate("window.__notReloaded = true")
    counts_before = page.inner_html("#counts")
    clouds_before = page.inner_html("#q-three_words-clouds")

    # Two phones answer through the survey pages, a third batch arrives as demo data.
    answer_as_respondent(survey_app_ready, "amk", ("sähköjuna", "satama", "meri"))
    answer_as_respondent(survey_app_ready, "lukio", ("sähköjuna", "kirjasto", "puisto"))
    add_responses(survey_app_ready, 1, seed=77)

    expect(total).to_have_text(re.compile(rf"^{N_RESPONSES + 3}\b"), timeout=180_000)
    assert page.evaluate("window.__notReloaded === true")  # same page, not a reload
    key_after = page.get_attribute(".summary", "data-live-key")
    assert key_after
    assert page.inner_html("#counts") != counts_before  # the chart and table were replaced
    assert f"{N_RESPONSES + 3}" in page.inner_text("#counts h3")
    # The word clouds were replaced too: new images, drawn from the new answers.
    assert page.inner_html("#q-three_words-clouds") != clouds_before
    sources = page.locator("#q-three_words-clouds img").evaluate_all("i => i.map(x => x.src)")
    assert sources and all(key_after in src for src in sources)
    page.screenshot(path=str(artifacts_dir / "after-live-update.png"))
    assert failed == [] and foreign == []
