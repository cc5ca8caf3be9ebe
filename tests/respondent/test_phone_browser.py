"""A student answers the regional-image questionnaire on a 360x740 phone in headless Chromium.

Every page is saved as a screenshot under test-artifacts/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.respondent.conftest import responses, stored

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
KYMENLAAKSO = ROOT / "questionnaires" / "kymenlaakso-region-image.yaml"
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "fi-FI",
}


@pytest.fixture
def link(app: Flask) -> str:
    """Path of a collector link (no preset group) to the deployed, open questionnaire."""
    from survey_app.surveys import create_collector, deploy_questionnaire

    with app.app_context():
        survey = deploy_questionnaire(KYMENLAAKSO, open_=True)
        return f"/c/{create_collector(survey, label='Luokka 2B').token}"


class Shots:
    """Numbered full-page screenshots, in the order the pages were seen."""

    def __init__(self, folder: Path) -> None:
        self.folder, self.n = folder, 0

    def __call__(self, page: Any, name: str) -> None:
        self.n += 1
        page.screenshot(path=str(self.folder / f"{self.n:02d}-{name}.png"), full_page=True)


def choice(page: Any, name: str, value: str) -> Any:
    return page.locator(f"input[name='{name}'][value='{value}']")


def tap(page: Any, name: str, value: str) -> None:
    """Tap the label around a radio button or checkbox, as a finger does."""
    page.locator(f"label:has(> input[name='{name}'][value='{value}'])").tap()


def press(page: Any, button: str) -> None:
    """Tap a submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.get_by_role("button", name=button).tap()


SEND_TWICE = """async () => {
  const form = document.querySelector("form[method=post]");
  const send = () => {
    const data = new FormData(form);
    data.append("action", "next");
    // form.action would name the buttons called "action", not the address.
    return fetch(form.getAttribute("action"), {method: "POST", body: data})
      .then((r) => [r.status, new URL(r.url).pathname.replace(/^.*(\\/p\\/\\d+)$/, "$1")]);
  };
  return Promise.all([send(), send()]);
}"""


def heading(page: Any) -> str:
    return page.locator("h1").inner_text()


def progress(page: Any) -> str:
    return page.locator("#progress-text").inner_text()


def no_horizontal_scroll(page: Any) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def test_student_answers_in_finnish_on_a_phone(
    app, live_server, phone_page, browser, artifacts_dir, link
):
    page = phone_page
    shot = Shots(artifacts_dir)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    # The link of the slide: a plain GET shows the start page and starts nothing.
    page.goto(live_server + link)
    assert page.locator("html").get_attribute("lang") == "fi"
    assert heading(page) == "Millainen on Kymenlaakso?"
    assert responses(app) == []
    shot(page, "start")
    page.get_by_text("Tietosuojaseloste", exact=True).tap()
    assert page.locator("details.privacy").get_attribute("open") is not None
    shot(page, "start-privacy")

    # Starting without consent is an error; with it the first page opens.
    press(page, "Aloita")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#f-consent").get_attribute("aria-describedby") == "err-consent"
    shot(page, "start-consent-error")
    tap(page, "consent", "y")
    press(page, "Aloita")

    # Page 1: the required question left empty gives an error next to it and in a summary.
    assert heading(page) == "Taustatiedot" and progress(page) == "Sivu 1/5"
    assert len(responses(app)) == 1
    field = page.locator("#q-field")
    assert field.is_hidden()  # shown only to students and workers, decided as they answer
    press(page, "Seuraava")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert summary.locator("h2").inner_text() == "Tarkista 1 vastaus"
    assert summary.locator("a").inner_text() == "Valitse yksi vaihtoehto."
    assert summary.locator("a").get_attribute("href") == "#err-life_stage"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    error = page.locator("#err-life_stage")
    assert error.is_visible() and "Valitse yksi vaihtoehto." in error.inner_text()
    group = page.locator("#q-life_stage fieldset")
    assert "err-life_stage" in group.get_attribute("aria-describedby").split()
    assert group.get_attribute("aria-invalid") == "true"
    # The error is inside the question's own box, right under its text.
    box, err_box = page.locator("#q-life_stage").bounding_box(), error.bounding_box()
    assert box["y"] < err_box["y"] < box["y"] + box["height"]
    shot(page, "p1-error")
    summary.locator("a").tap()
    assert page.evaluate("location.hash") == "#err-life_stage"

    # show_if at once: the field of study appears for a UAS student, goes for an upper
    # secondary student, and comes back.
    tap(page, "life_stage", "amk")
    assert field.is_visible()
    tap(page, "life_stage", "lukio")
    assert field.is_hidden()
    tap(page, "life_stage", "amk")
    assert field.is_visible()
    page.get_by_label("Tietojenkäsittely ja tietoliikenne (ICT)").check()
    page.get_by_label("18–24 vuotta").check()
    page.get_by_label("Kotka").check()
    page.get_by_label("Olen kasvanut Kymenlaaksossa").check()
    page.get_by_label("Opiskelen Kymenlaaksossa").check()
    shot(page, "p1-answered")
    press(page, "Seuraava")

    # Page 2: word pairs, a grid of statements and the overall image.
    assert heading(page) == "Kymenlaakso tänään" and progress(page) == "Sivu 2/5"
    assert no_horizontal_scroll(page)
    for pair, point in {"interesting": 6, "safe": 7, "accessible": 2}.items():
        tap(page, f"image_pairs__{pair}", str(point))
    for item, code in {"jobs": "2", "nature": "5", "culture": "cant_say"}.items():
        tap(page, f"statements__{item}", code)
    page.get_by_label("Melko myönteinen").check()
    shot(page, "p2-answered")
    # A flaky network delivers the page twice at once (Chromium itself ignores a second
    # tap while the first is on its way): both copies end on page 3, saved once.
    statuses = page.evaluate(SEND_TWICE)
    assert statuses == [[200, "/p/3"], [200, "/p/3"]]
    page.goto(live_server + link)

    # Page 3: own words, then Back and Next again: nothing typed is lost either way.
    assert heading(page) == "Kymenlaakso omin sanoin" and progress(page) == "Sivu 3/5"
    page.get_by_label("Sana 1").fill("meri")
    page.get_by_label("Sana 2").fill("paperitehdas")
    page.get_by_label("Sana 3").fill("kotoisa")
    page.get_by_label("Mikä on parasta Kymenlaaksossa?").fill("Meri ja saaristo, Kotkan satama.")
    shot(page, "p3-answered")
    press(page, "Edellinen")
    assert heading(page) == "Kymenlaakso tänään"
    assert choice(page, "image_pairs__interesting", "6").is_checked()
    assert choice(page, "statements__culture", "cant_say").is_checked()
    assert page.get_by_label("Melko myönteinen").is_checked()
    shot(page, "p2-after-back")
    press(page, "Seuraava")
    assert page.get_by_label("Sana 2").input_value() == "paperitehdas"
    improve = "Junayhteydet Helsinkiin ja Kouvolaan."
    page.get_by_label("Mitä Kymenlaaksossa pitäisi parantaa ensimmäisenä?").fill(improve)
    press(page, "Seuraava")

    # Page 4: living in Kotka asks what would make one stay, not what would bring one here,
    # and only returnees are asked why they came back.
    assert heading(page) == "Kymenlaakso tulevaisuudessa" and progress(page) == "Sivu 4/5"
    assert page.get_by_label("Mikä saisi sinut jäämään Kymenlaaksoon?").is_visible()
    assert page.locator("#q-move_reason").count() == 0
    assert page.locator("#q-return_reason").count() == 0
    shot(page, "p4")

    # The phone is locked mid-page: the tab is gone, the browser keeps its cookies.
    page.get_by_label("Mikä saisi sinut jäämään Kymenlaaksoon?").fill("Ei tallennettu vielä")
    cookies = page.context.cookies()
    page.close()
    # No font, script or style from anywhere else, and no favicon request that 404s.
    assert requested and all(url.startswith(live_server + "/") for url in requested)
    assert not [url for url in requested if "favicon" in url]
    context = browser.new_context(**PHONE)
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server + link)
        assert heading(page) == "Kymenlaakso tulevaisuudessa" and progress(page) == "Sivu 4/5"
        stay = page.get_by_label("Mikä saisi sinut jäämään Kymenlaaksoon?")
        assert stay.input_value() == ""  # nothing is saved before Next
        shot(page, "p4-resumed")
        stay.fill("Työpaikka omalta alalta ja kohtuuhintainen asunto meren rannalla.")
        page.get_by_label("Millaista osaamista Kymenlaaksossa tarvitaan tulevaisuudessa?").fill(
            "Logistiikkaa ja ohjelmointia"
        )
        press(page, "Seuraava")

        # Page 5: asked of students; at most three reasons.
        assert heading(page) == "Omat suunnitelmat" and progress(page) == "Sivu 5/5"
        tap(page, "live_here_5y", "7")
        page.get_by_label("Kymenlaaksossa", exact=True).check()
        for label in ("Työmahdollisuudet", "Luonto ja ympäristö", "Liikenneyhteydet", "Palvelut"):
            page.get_by_label(label, exact=True).check()
        tap(page, "recommend", "8")
        press(page, "Lähetä vastaukset")
        assert progress(page) == "Sivu 5/5"
        assert "Valitse enintään 3 vaihtoehtoa." in page.locator("#err-place_factors").inner_text()
        assert choice(page, "recommend", "8").is_checked()  # the other answers stay
        shot(page, "p5-error")
        page.get_by_label("Palvelut", exact=True).uncheck()
        shot(page, "p5-answered")
        press(page, "Lähetä vastaukset")

        # Thanks, with a deletion code; opening the link again says "already answered".
        assert heading(page) == "Kiitos!"
        code = page.locator("#deletion-code").inner_text()
        assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code)
        shot(page, "thanks")
        page.goto(live_server + link)
        assert heading(page) == "Olet jo vastannut"
        shot(page, "already-answered")
    finally:
        context.close()

    [response] = responses(app)
    assert response.status == "complete" and response.language == "fi"
    assert response.target_group == "amk"
    assert stored(app)[response.id] == {
        ("life_stage", ""): "amk",
        ("field", ""): "ict",
        ("age_group", ""): "age_18_24",
        ("home_municipality", ""): "kotka",
        ("relation", "grew_up"): "1",
        ("relation", "study"): "1",
        ("image_pairs", "interesting"): "6",
        ("image_pairs", "safe"): "7",
        ("image_pairs", "accessible"): "2",
        ("statements", "jobs"): "2",
        ("statements", "nature"): "5",
        ("statements", "culture"): "cant_say",
        ("overall_image", ""): "4",
        ("three_words", "1"): "meri",
        ("three_words", "2"): "paperitehdas",
        ("three_words", "3"): "kotoisa",
        ("best_thing", ""): "Meri ja saaristo, Kotkan satama.",
        ("improve_first", ""): improve,
        ("stay_reason", ""): "Työpaikka omalta alalta ja kohtuuhintainen asunto meren rannalla.",
        ("future_skills", ""): "Logistiikkaa ja ohjelmointia",
        ("live_here_5y", ""): "7",
        ("after_studies", ""): "in_region",
        ("place_factors", "jobs"): "1",
        ("place_factors", "nature"): "1",
        ("place_factors", "transport"): "1",
        ("recommend", ""): "8",
    }


# What a finger or a keyboard acts on; inline links in running text are exempt (WCAG 2.5.8).
TARGETS = (
    ".options > label, .points > label, label.option, button, input[type=text], textarea, "
    ".languages a, "
    "details.privacy summary"
)
SMALL_TARGETS = """(selector) => Array.from(document.querySelectorAll(selector))
  .filter((el) => el.offsetParent !== null)
  .map((el) => [el.id || el.textContent.trim().slice(0, 30),
                el.getBoundingClientRect()])
  .filter(([, r]) => r.width < 43.99 || r.height < 43.99)
  .map(([name, r]) => `${name}: ${Math.round(r.width)}x${Math.round(r.height)}`)"""


def check_page_fits(page: Any, shot: Shots, name: str) -> None:
    """Every tap target is at least 44x44 px, and at 200 % text nothing scrolls sideways."""
    assert page.locator(TARGETS).count() > 0
    assert page.evaluate(SMALL_TARGETS, TARGETS) == [], name
    assert no_horizontal_scroll(page), name
    # Browsers' text-size settings scale the root font size; every size in app.css is in rem.
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    try:
        assert no_horizontal_scroll(page), f"{name} at 200 % text"
        assert page.evaluate(SMALL_TARGETS, TARGETS) == [], f"{name} at 200 % text"
        shot(page, f"{name}-200")
    finally:
        page.evaluate("document.documentElement.style.fontSize = ''")


def test_tap_targets_and_large_text_on_every_page(live_server, phone_page, artifacts_dir, link):
    page = phone_page
    shot = Shots(artifacts_dir)
    page.goto(live_server + link)
    check_page_fits(page, shot, "start")
    tap(page, "consent", "y")
    press(page, "Aloita")
    press(page, "Seuraava")  # the required question unanswered: an error page
    assert page.locator("#error-summary").is_visible()
    check_page_fits(page, shot, "p1-error")
    tap(page, "life_stage", "working")  # shows the field question and its "other" text box
    check_page_fits(page, shot, "p1")
    for number in range(2, 6):
        press(page, "Seuraava")
        assert progress(page) == f"Sivu {number}/5"
        check_page_fits(page, shot, f"p{number}")
    press(page, "Lähetä vastaukset")
    assert heading(page) == "Kiitos!"
    assert no_horizontal_scroll(page)
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert no_horizontal_scroll(page)
    shot(page, "thanks-200")


def test_without_javascript_the_server_decides_what_is_asked(
    app, live_server, browser, artifacts_dir, link
):
    context = browser.new_context(**PHONE, java_script_enabled=False)
    shot = Shots(artifacts_dir)
    try:
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.goto(live_server + link)
        tap(page, "consent", "y")
        press(page, "Aloita")
        # Without the script nothing hides the field question; the server ignores its
        # answer because an upper-secondary student is not asked it.
        assert page.locator("#q-field").is_visible()
        tap(page, "life_stage", "lukio")
        tap(page, "field", "ict")
        tap(page, "home_municipality", "outside_region")
        shot(page, "p1")
        for _ in range(3):
            press(page, "Seuraava")
        assert progress(page) == "Sivu 4/5"
        assert page.get_by_label("Mikä saisi sinut muuttamaan Kymenlaaksoon").is_visible()
        assert page.locator("#q-stay_reason").count() == 0
        shot(page, "p4-lives-elsewhere")

        # Back to the first page, now living in Kotka: page 4 asks what would make one stay.
        for _ in range(3):
            press(page, "Edellinen")
        assert progress(page) == "Sivu 1/5"
        assert choice(page, "home_municipality", "outside_region").is_checked()
        tap(page, "home_municipality", "kotka")
        for _ in range(3):
            press(page, "Seuraava")
        assert page.get_by_label("Mikä saisi sinut jäämään Kymenlaaksoon?").is_visible()
        assert page.locator("#q-move_reason").count() == 0
        shot(page, "p4-lives-in-kotka")
        page.get_by_label("Mikä saisi sinut jäämään Kymenlaaksoon?").fill("Oma koti")
        press(page, "Seuraava")
        # after_studies is asked of students only, and an upper-secondary student is one.
        assert page.locator("#q-after_studies").is_visible()
        press(page, "Lähetä vastaukset")
        assert heading(page) == "Kiitos!"
    finally:
        context.close()
    [response] = responses(app)
    assert stored(app)[response.id] == {
        ("life_stage", ""): "lukio",
        ("home_municipality", ""): "kotka",
        ("stay_reason", ""): "Oma koti",
    }


def test_start_page_follows_the_phones_language(live_server, browser, link):
    context = browser.new_context(**{**PHONE, "locale": "sv-FI"})
    try:
        page = context.new_page()
        page.goto(live_server + link)
        assert page.locator("html").get_attribute("lang") == "sv"
        assert heading(page) == "Hurdant är Kymmenedalen?"
        assert page.get_by_role("button", name="Börja").is_visible()
        # Choosing another language is one tap away, and stays chosen.
        page.get_by_role("link", name="Suomi").tap()
        assert page.locator("html").get_attribute("lang") == "fi"
        tap(page, "consent", "y")
        press(page, "Aloita")
        assert heading(page) == "Taustatiedot"
    finally:
        context.close()
