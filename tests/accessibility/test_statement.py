"""The accessibility statement: reachable from every respondent page, in fi/sv/en, and
listing exactly the checks the tests make."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from survey_app.accessibility import CHECKS as STATEMENT_CHECKS

HERE = Path(__file__).resolve().parent
# Checks verified outside this folder, by the test module named here.
ELSEWHERE = {"page_weight": HERE.parent / "respondent" / "test_page_weight.py"}

TITLES = {"fi": "Saavutettavuusseloste", "sv": "Tillgänglighetsutlåtande",
          "en": "Accessibility statement"}  # fmt: skip


def claimed_checks() -> dict[str, str]:
    claimed: dict[str, str] = {}
    for path in sorted(HERE.glob("test_*.py")):
        module = importlib.import_module(f"tests.accessibility.{path.stem}")
        for key in getattr(module, "CHECKS", ()):
            claimed[key] = path.name
    for key, path in ELSEWHERE.items():
        if path.exists() and re.search(r"^def test_", path.read_text(encoding="utf-8"), re.M):
            claimed[key] = path.name
    return claimed


def test_statement_lists_exactly_the_checks_the_tests_make():
    claimed = claimed_checks()
    assert set(STATEMENT_CHECKS) == set(claimed), (
        f"promised without a test: {set(STATEMENT_CHECKS) - set(claimed)}; "
        f"tested but not in the statement: {set(claimed) - set(STATEMENT_CHECKS)}"
    )


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_statement_in_each_language(client, lang):
    reply = client.get(f"/accessibility?lang={lang}")
    assert reply.status_code == 200
    html = reply.text
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{TITLES[lang]}</h1>" in html
    assert html.count("<li>") >= len(STATEMENT_CHECKS) + 2
    # Every check is listed in the page's language, not left in English.
    items = re.findall(r"<ul class=\"checks\">(.*?)</ul>", html, re.S)[0]
    assert len(re.findall(r"<li>", items)) == len(STATEMENT_CHECKS)
    if lang != "en":
        assert "WCAG 2.1" in items and "axe-core" in items and " the " not in items


def test_statement_language_falls_back_and_names_a_contact(make_app):
    app = make_app(ACCESSIBILITY_CONTACT="saavutettavuus@example.org")
    client = app.test_client()
    html = client.get("/accessibility?lang=de", headers={"Accept-Language": "sv"}).text
    assert '<html lang="sv">' in html
    assert 'href="mailto:saavutettavuus@example.org"' in html
    assert 'lang="fi"' in client.get("/accessibility?lang=%00").text


def test_every_respondent_page_links_to_the_statement(client, app):
    from survey_app.surveys import deploy_questionnaire
    from tests.accessibility.support import REGIONAL
    from tests.respondent.conftest import Respondent

    with app.app_context():
        slug = deploy_questionnaire(REGIONAL, open_=True).slug
    respondent = Respondent(client, slug)
    link = re.compile(r'<footer class="site-footer"><p><a href="/accessibility\?lang=(\w+)">')
    respondent.open(f"/s/{slug}?lang=sv")
    assert link.search(respondent.html).group(1) == "sv"
    respondent.start("fi")
    assert link.search(respondent.html).group(1) == "fi"
    respondent.submit({"life_stage": "lukio"})
    assert link.search(respondent.html)
    for _ in range(6):
        if respondent.location.endswith("/thanks"):
            break
        respondent.submit({})
    assert respondent.location.endswith("/thanks")
    assert link.search(respondent.html)
    assert link.search(client.get(f"/s/{slug}/delete").text)
