"""The whole survey with the keyboard alone (Tab, Space, Enter, arrow keys and typing
words), focus always visible, the error summary focused after a failed Next, and grids
and semantic differentials announced as groups named by their question."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from questionnaires import load_questionnaire
from tests.accessibility.support import REGIONAL

# Keys of the accessibility statement's checks that this module verifies.
CHECKS = {"keyboard", "focus_visible", "error_focus", "groups"}

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  return {tag: e.tagName, id: e.id, type: e.type || "", name: e.name || "",
          value: e.value || "", checked: !!e.checked, inputmode: e.inputMode || "",
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth) || 0,
          text: (e.innerText || e.getAttribute("aria-label") || "").trim().slice(0, 60)};
}"""


def focused(page: Any) -> dict[str, Any]:
    return page.evaluate(FOCUSED)  # type: ignore[no-any-return]


def tab(page: Any, key: str = "Tab") -> dict[str, Any]:
    """Press ``key``; the element that gets focus must show it (a 2 px outline or more)."""
    page.keyboard.press(key)
    now = focused(page)
    if now["tag"] != "BODY":
        assert now["outline"] != "none" and now["width"] >= 2, f"focus not visible on {now}"
    return now


def tab_until(page: Any, wanted: Any, limit: int = 300) -> dict[str, Any]:
    for _ in range(limit):
        now = tab(page)
        if wanted(now):
            return now
    raise AssertionError(f"Tab never reached the element wanted on {page.url}")


def enter(page: Any) -> None:
    with page.expect_navigation():
        page.keyboard.press("Enter")


def arrow_to(page: Any, value: str, limit: int = 20) -> None:
    """Move through a radio group with the arrow keys until ``value`` is checked."""
    for _ in range(limit):
        now = focused(page)
        if now["value"] == value and now["checked"]:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"arrow keys never reached {value}")


def answer_by_keyboard(page: Any) -> None:
    """Tab through the page answering each question, then press Enter on Next."""
    answered: set[str] = set()
    for _ in range(500):
        now = tab(page)
        if now["tag"] == "BUTTON" and now["value"] == "next":
            enter(page)
            return
        if now["name"] in answered:
            continue
        if now["type"] == "radio":
            page.keyboard.press("Space")
            page.keyboard.press("ArrowRight")  # the second point of each scale
            assert focused(page)["checked"]
        elif now["type"] == "checkbox":
            page.keyboard.press("Space")
            assert focused(page)["checked"]
        elif now["tag"] in ("INPUT", "TEXTAREA") and now["type"] in ("text", "textarea"):
            page.keyboard.type("20" if now["inputmode"] in ("numeric", "decimal") else "meri")
        else:
            continue
        answered.add(now["name"])
    raise AssertionError(f"Tab never reached Next on {page.url}")


def test_whole_survey_with_the_keyboard_alone(phone_page, live_server, regional_survey, app):
    page = phone_page
    page.goto(f"{live_server}/s/{regional_survey}")
    # Start: tick the consent box with Space, then Enter on Start.
    tab_until(page, lambda f: f["id"] == "f-consent")
    page.keyboard.press("Space")
    assert focused(page)["checked"]
    tab_until(page, lambda f: f["tag"] == "BUTTON")
    enter(page)
    assert page.url.endswith("/p/1")

    # Next without the required answer: focus lands on the error summary.
    tab_until(page, lambda f: f["tag"] == "BUTTON" and f["value"] == "next")
    enter(page)
    assert focused(page)["id"] == "error-summary"
    summary = focused(page)
    assert summary["outline"] != "none", "the focused error summary shows no focus"
    # Its link leads to the question: the next Tab is in that question's options.
    link = tab(page)
    assert link["tag"] == "A"
    page.keyboard.press("Enter")
    now = tab(page)
    assert now["name"] == "life_stage", now
    page.keyboard.press("Space")
    arrow_to(page, "returnee")
    tab_until(page, lambda f: f["name"] == "home_municipality")
    page.keyboard.press("Space")
    arrow_to(page, "kotka")
    answer_by_keyboard(page)

    for _ in range(10):
        if page.url.endswith("/thanks"):
            break
        answer_by_keyboard(page)
    assert page.url.endswith("/thanks"), page.url

    from survey_app.extensions import db
    from survey_app.models import Answer, Response

    with app.app_context():
        response = db.session.scalar(sa.select(Response))
        assert response is not None and response.status == "complete"
        answers = {
            (a.question_id, a.item): a.value
            for a in db.session.scalars(sa.select(Answer).where(Answer.response_id == response.id))
        }
    assert answers[("life_stage", "")] == "returnee"
    assert answers[("home_municipality", "")] == "kotka"
    # Every pair of the semantic differential and every statement of the grid got its
    # second point, chosen with the arrow keys.
    questionnaire = load_questionnaire(REGIONAL)
    grid = questionnaire.question("statements")
    pairs = questionnaire.question("image_pairs")
    assert all(answers[("image_pairs", p.id)] == "2" for p in pairs.pairs)
    assert all(("statements", item.id) in answers for item in grid.grid_items)
    assert answers[("three_words", "1")] == "meri"


def test_grids_and_differentials_are_groups_named_by_their_question(
    phone_page, live_server, regional_survey
):
    page = phone_page
    questionnaire = load_questionnaire(REGIONAL)
    page.goto(f"{live_server}/s/{regional_survey}")
    page.check("#f-consent")
    with page.expect_navigation():
        page.click("form button[type=submit]")
    page.check("#f-life_stage-lukio")
    with page.expect_navigation():
        page.click("button[value=next]")
    checked = 0
    for question in questionnaire.questions():
        if question.type not in ("likert_grid", "semantic_differential"):
            continue
        group = page.get_by_role("group", name=question.text.get("fi"), exact=False)
        assert group.count() == 1, question.id
        rows = question.grid_items if question.type == "likert_grid" else question.pairs
        # Each row is a group of its own, named by its statement or its word pair, so a
        # screen reader says what the radio buttons answer.
        for row in rows:
            if question.type == "likert_grid":
                name = row.text.get("fi")
            else:
                name = f"{row.left.get('fi')} – {row.right.get('fi')}"
            inner = group.get_by_role("group", name=name, exact=True)
            assert inner.count() == 1, (question.id, name)
            assert inner.get_by_role("radio").count() >= 3
        checked += 1
    assert checked == 2
