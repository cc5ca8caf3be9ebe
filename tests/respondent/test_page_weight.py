"""Page weight on a flaky school network: each survey page with its CSS and script
stays under 25 KB (uncompressed), and nothing is loaded from another host."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.respondent.conftest import Respondent

KYMENLAAKSO = (
    Path(__file__).resolve().parents[2] / "questionnaires" / "kymenlaakso-region-image.yaml"
)
LIMIT = 25_000
ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')
ELSEWHERE = re.compile(r'(?:src|href|action)="(?:[a-z]+:)?//', re.IGNORECASE)


@pytest.fixture
def slug(app) -> str:  # type: ignore[no-untyped-def]
    from survey_app.surveys import deploy_questionnaire

    with app.app_context():
        return deploy_questionnaire(KYMENLAAKSO, open_=True).slug


def weigh(client, html: str) -> tuple[int, list[str]]:  # type: ignore[no-untyped-def]
    """Bytes of the page and of the assets it loads, and those assets' paths."""
    assets = ASSET.findall(html)
    total = len(html.encode("utf-8"))
    for path in assets:
        reply = client.get(path)
        assert reply.status_code == 200, path
        total += len(reply.data)
        reply.close()
    return total, assets


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_every_page_with_its_css_is_under_25_kb(client, slug, lang):
    respondent = Respondent(client, slug)
    respondent.open(f"/s/{slug}?lang={lang}")
    weights = {}
    weights["start"], assets = weigh(client, respondent.html)
    assert any(path.endswith("app.css") for path in assets)
    respondent.start(lang)
    # The longest first page: a worker is asked the field too, with its "other" box.
    answers = [{"life_stage": "working", "field": "other", "field__other_text": "Satama"}]
    answers += [{}, {"three_words__1": "meri"}, {}, {}]
    for number, page_answers in enumerate(answers, start=1):
        assert respondent.current_path().endswith(f"/p/{number}")
        weights[f"page {number}"], assets = weigh(client, respondent.html)
        # The show_if script comes with the pages that have show_if questions.
        assert any(path.endswith("survey.js") for path in assets) == (number in (1, 4))
        assert not ELSEWHERE.search(respondent.html)
        respondent.submit(page_answers)
    assert respondent.location.endswith("/thanks")
    weights["thanks"], _ = weigh(client, respondent.html)
    heavy = {name: size for name, size in weights.items() if size >= LIMIT}
    assert heavy == {}, f"pages of {LIMIT} bytes or more: {heavy} (all: {weights})"
    # The heaviest page is near what the test measures: a grid of 11 statements.
    assert max(weights.values()) > 10_000, weights
