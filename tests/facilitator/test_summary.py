"""What the summary shows, theme names a facilitator gives, and the cache behind it."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
import sqlalchemy as sa
import yaml
from flask import Flask
from flask.testing import FlaskClient

from survey_app.extensions import db
from survey_app.models import AuditEvent, ThemeEdit
from tests.auth.helpers import login_as, page_csrf

from .conftest import N_RESPONSES, SLUG, add_responses, group_counts

LABELS = {"lukio": "Lukiolainen", "amk": "AMK-opiskelija", "ammatti": "Ammattiopiskelija"}
LABELS["tyo"] = "Työssäkäyvä"


def section(html: str, section_id: str) -> str:
    match = re.search(rf'<section id="{re.escape(section_id)}"[^>]*>(.*?)</section>', html, re.S)
    assert match, f"no section {section_id}"
    return match.group(1)


def section_ids(html: str) -> list[str]:
    return re.findall(r'<section id="([^"]+)"', html)


@pytest.fixture
def facilitator(survey_app_ready: Flask) -> FlaskClient:
    client = survey_app_ready.test_client()
    login_as(survey_app_ready, client, "facilitator")
    return client


def test_summary_shows_every_part_with_text_alternatives(
    survey_app_ready: Flask, facilitator: FlaskClient
) -> None:
    html = facilitator.get(f"/facilitate/{SLUG}").get_data(as_text=True)
    counts = group_counts(survey_app_ready)
    assert sum(counts.values()) <= N_RESPONSES  # the target group question may be skipped
    assert f"{N_RESPONSES} answered" in unescape(html) or f"{N_RESPONSES} vastasi" in html
    who = section(html, "counts")
    for code, n in counts.items():
        if n >= 5:
            assert LABELS[code] in who and f"<td>{n}</td>" in who
    ids = section_ids(html)
    for closed in ("q-home", "q-reasons", "q-stay_likely", "q-agree", "q-recommend"):
        part = section(html, closed)
        svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>.*?</svg>", part, re.S)
        assert svg, closed
        assert re.search(r"<title id=[^>]+>[^<]+</title><desc id=[^>]+>[^<]+</desc>", svg.group(0))
        assert '<details class="data">' in part and "<table>" in part  # table behind a toggle
    # The semantic differential: one line per visible group.
    visible = [code for code, n in counts.items() if n >= 5]
    assert section(html, "q-profile").count("<polyline") == len(visible)
    # Three words and the 2040 image come first among the open questions, as their own part.
    assert ids.index("q-three_words-clouds") < ids.index("q-future_2040-themes")
    assert ids.index("q-future_2040-clouds") < ids.index("q-best_thing-themes")
    # Themes: a share per group and real quotes from the answers.
    themes = section(html, "q-future_2040-themes")
    for code in visible:
        assert LABELS[code] in themes
    assert re.search(r"\d+ %", themes)
    theme_ids = [i for i in ids if i.startswith("q-future_2040-theme-")]
    assert theme_ids
    quotes = [
        unescape(q)
        for i in theme_ids
        for q in re.findall(r"<blockquote>“(.*?)”</blockquote>", section(html, i), re.S)
    ]
    assert quotes and all(q.strip() for q in quotes)
    with survey_app_ready.app_context():
        stored = {
            v
            for (v,) in db.session.execute(
                sa.text("SELECT value FROM answer WHERE question_id = 'future_2040'")
            )
        }
    squash = {" ".join(s.split()) for s in stored}
    assert all(q.rstrip("…") in " ".join(squash) for q in quotes)
    # Word clouds per group, each with a text alternative and a PNG behind it.
    clouds = section(html, "q-three_words-clouds")
    images = re.findall(r'<img src="([^"]+)" alt="([^"]+)"', clouds)
    assert len(images) == len(visible)
    png = facilitator.get(unescape(images[0][0]))
    assert png.status_code == 200 and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert all(alt.strip() for _, alt in images)
    # What distinguishes each group.
    distinct_ids = [i for i in ids if i.endswith("-distinct")]
    assert distinct_ids, ids
    assert section(html, distinct_ids[0]).count('<ol class="words">') >= 1


def test_small_groups_are_hidden_everywhere(survey_app_ready: Flask) -> None:
    counts = group_counts(survey_app_ready)
    smallest = min(counts, key=lambda code: counts[code])
    survey_app_ready.config["MIN_GROUP_SIZE"] = counts[smallest] + 1
    assert sum(1 for n in counts.values() if n > counts[smallest]) >= 2
    client = survey_app_ready.test_client()
    login_as(survey_app_ready, client, "facilitator")
    html = client.get(f"/facilitate/{SLUG}").get_data(as_text=True)
    assert LABELS[smallest] not in html
    assert "fewer than" in html or "alle" in html
    # Asking for it by hand does not bring it back.
    html = client.get(f"/facilitate/{SLUG}?g={smallest}").get_data(as_text=True)
    assert LABELS[smallest] not in html
    assert client.get(f"/facilitate/{SLUG}/cloud/three_words/{smallest}.png").status_code == 404


def test_groups_can_be_picked_one_or_side_by_side(
    survey_app_ready: Flask, facilitator: FlaskClient
) -> None:
    counts = group_counts(survey_app_ready)
    visible = [code for code, n in counts.items() if n >= 5]
    one, two = visible[0], visible[1]
    html = facilitator.get(f"/facilitate/{SLUG}?g={one}").get_data(as_text=True)
    legend = section(html, "q-stay_likely")
    assert LABELS[one] in legend and LABELS[two] not in legend
    assert section(html, "q-profile").count("<polyline") <= 1
    html = facilitator.get(f"/facilitate/{SLUG}?g={one}&g={two}").get_data(as_text=True)
    header = re.search(r"<thead>(.*?)</thead>", section(html, "q-stay_likely"), re.S)
    assert header and LABELS[one] in header.group(1) and LABELS[two] in header.group(1)
    html = facilitator.get(f"/facilitate/{SLUG}?g=(all)").get_data(as_text=True)
    assert section(html, "q-profile").count("<polyline") == 1
    # Nonsense in the query string is ignored, never an error.
    assert facilitator.get(f"/facilitate/{SLUG}?g=<script>&g=").status_code == 200


def test_projector_slides_and_handout(facilitator: FlaskClient) -> None:
    first = facilitator.get(f"/facilitate/{SLUG}/present/1")
    assert first.status_code == 200
    html = first.get_data(as_text=True)
    total = int(re.search(r"1 / (\d+)", html).group(1))  # type: ignore[union-attr]
    assert total > 10
    assert f'data-next="/facilitate/{SLUG}/present/2' in html
    assert 'rel="next"' in html  # works without the script too
    last = facilitator.get(f"/facilitate/{SLUG}/present/{total}").get_data(as_text=True)
    assert 'rel="next"' not in last and 'rel="prev"' in last
    assert facilitator.get(f"/facilitate/{SLUG}/present/{total + 1}").status_code == 404
    assert facilitator.get(f"/facilitate/{SLUG}/present/0").status_code == 404
    handout = facilitator.get(f"/facilitate/{SLUG}/handout").get_data(as_text=True)
    assert "data-print" in handout and 'class="rename"' not in handout
    assert '<details class="data" open>' in handout  # tables printed open
    with facilitator.get("/static/facilitator.css") as response:
        css = response.get_data(as_text=True)
    assert "@media print" in css and "size:A4" in css


def test_live_fragments_only_when_data_changed(
    survey_app_ready: Flask, facilitator: FlaskClient
) -> None:
    html = facilitator.get(f"/facilitate/{SLUG}").get_data(as_text=True)
    key = re.search(r'data-live-key="([0-9a-f]+)"', html).group(1)  # type: ignore[union-attr]
    same = facilitator.get(f"/facilitate/{SLUG}/live?k={key}")
    assert same.status_code == 204
    fresh = facilitator.get(f"/facilitate/{SLUG}/live?k=old")
    data = json.loads(fresh.get_data(as_text=True))
    assert data["key"] == key and data["total"] == N_RESPONSES
    assert "counts" in data["sections"] and "<svg" in data["sections"]["counts"]
    assert fresh.headers["Cache-Control"] == "no-store"
    one = facilitator.get(f"/facilitate/{SLUG}/live?k=old&s=counts").get_json()
    assert list(one["sections"]) == ["counts"]
    # A slide on the projector asks for its own section in slide form.
    slide = facilitator.get(f"/facilitate/{SLUG}/live?k=old&s=counts&mode=present").get_json()
    assert list(slide["sections"]) == ["counts"] and "<h1" in slide["sections"]["counts"]
    present = facilitator.get(f"/facilitate/{SLUG}/present/1").get_data(as_text=True)
    assert "data-live-url=" in present and "mode=present" in present


def test_summary_is_computed_once_per_change_in_the_data(
    survey_app_ready: Flask, facilitator: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from survey_app.facilitator import service

    calls: list[int] = []
    real = service.summarise

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "summarise", counting)
    survey_app_ready.config["FACILITATOR_MIN_RECOMPUTE_SECONDS"] = 0.0
    for _ in range(3):
        assert facilitator.get(f"/facilitate/{SLUG}").status_code == 200
    facilitator.get(f"/facilitate/{SLUG}/present/2")
    facilitator.get(f"/facilitate/{SLUG}/live?k=x")
    assert len(calls) == 1

    add_responses(survey_app_ready, 1, seed=99)
    # The held summary answers at once while the new one is computed in the background.
    stale = facilitator.get(f"/facilitate/{SLUG}/live?k=x").get_json()
    assert stale["total"] in (N_RESPONSES, N_RESPONSES + 1)
    with survey_app_ready.app_context():
        assert service.caches()[0].wait_idle(120)
    fresh = facilitator.get(f"/facilitate/{SLUG}/live?k=x").get_json()
    assert fresh["total"] == N_RESPONSES + 1
    facilitator.get(f"/facilitate/{SLUG}")
    assert len(calls) == 2


def _theme_names(html: str, question: str) -> dict[str, str]:
    return {
        m.group(1): unescape(m.group(2))
        for m in re.finditer(
            rf'<section id="q-{question}-theme-(\d+)"[^>]*>\s*<h4>([^<]*)</h4>', html
        )
    }


def test_themes_renamed_and_merged_are_stored_audited_and_exported(
    survey_app_ready: Flask, facilitator: FlaskClient
) -> None:
    url = f"/facilitate/{SLUG}"
    html = facilitator.get(url).get_data(as_text=True)
    before = _theme_names(html, "future_2040")
    assert len(before) >= 3
    ids = sorted(before, key=int)
    token = page_csrf(facilitator, url)
    action = f"{url}/themes/future_2040"
    renamed = facilitator.post(
        action,
        data={"csrf_token": token, "action": "rename", "theme": ids[0], "name": " Raide  ja juna "},
    )
    assert renamed.status_code == 302 and "#q-future_2040-themes" in renamed.headers["Location"]
    after = _theme_names(facilitator.get(url).get_data(as_text=True), "future_2040")
    assert after[ids[0]] == "Raide ja juna"

    merged = facilitator.post(
        action, data={"csrf_token": token, "action": "merge", "theme": [ids[1], ids[2]]}
    )
    assert merged.status_code == 302
    after = _theme_names(facilitator.get(url).get_data(as_text=True), "future_2040")
    assert len(after) == len(before) - 1 and ids[2] not in after

    with survey_app_ready.app_context():
        row = db.session.scalar(sa.select(ThemeEdit))
        assert row is not None and row.question_id == "future_2040"
        payload = json.loads(row.payload_json)
        assert payload["rename"][ids[0]] == "Raide ja juna"
        assert [int(ids[1]), int(ids[2])] in payload["merge"]
        events = list(db.session.scalars(sa.select(AuditEvent.detail).where(
            AuditEvent.action == "themes.edit")))  # fmt: skip
    assert len(events) == 2 and "Raide ja juna" in events[0]

    themes_file = facilitator.get(f"{url}/themes.yaml")
    document = yaml.safe_load(themes_file.get_data(as_text=True))
    assert document["questions"]["future_2040"]["rename"][int(ids[0])] == "Raide ja juna"

    # A share link shows the same names but cannot change them.
    link = survey_app_ready.test_cli_runner().invoke(args=["share", "create", SLUG]).stdout
    path = link.strip().splitlines()[0]
    path = path[path.index("/share/") :]
    shared = survey_app_ready.test_client()
    assert "Raide ja juna" in unescape(shared.get(path).get_data(as_text=True))
    assert shared.post(path + "/themes/future_2040", data={"action": "reset"}).status_code in (
        404,
        405,
    )

    reset = facilitator.post(action, data={"csrf_token": token, "action": "reset"})
    assert reset.status_code == 302
    after = _theme_names(facilitator.get(url).get_data(as_text=True), "future_2040")
    assert after == before


BAD_EDITS = [
    ({"action": "rename", "theme": "0", "name": "   "}, "future_2040", "name"),
    ({"action": "rename", "theme": "abc", "name": "X"}, "future_2040", "could not"),
    ({"action": "rename", "theme": "9999", "name": "X"}, "future_2040", "could not"),
    ({"action": "merge", "theme": "0"}, "future_2040", "two or more"),
    ({"action": "merge", "theme": ["0", "9999"]}, "future_2040", "could not"),
    ({"action": "explode"}, "future_2040", "Unknown"),
    ({"action": "rename", "theme": "0", "name": "X"}, "recommend", "no themes"),
    ({"action": "rename", "theme": "0", "name": "X"}, "no_such_question", "no themes"),
]


def test_bad_theme_edits_get_a_message_and_store_nothing(survey_app_ready: Flask) -> None:
    facilitator = survey_app_ready.test_client()
    login_as(survey_app_ready, facilitator, "researcher")  # researchers may name themes too
    token = page_csrf(facilitator, f"/facilitate/{SLUG}/share-links")  # a page without a summary
    for form, question, words in BAD_EDITS:
        response = facilitator.post(
            f"/facilitate/{SLUG}/themes/{question}",
            data={"csrf_token": token, **form},
            headers={"Accept-Language": "en"},
        )
        assert response.status_code == 302, (form, question)
        with facilitator.session_transaction() as session:
            flashes = session.pop("_flashes", [])
        assert [c for c, _ in flashes] == ["error"], (form, question, flashes)
        assert words in flashes[0][1], (form, question, flashes)
    with survey_app_ready.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ThemeEdit.id))) == 0
    assert facilitator.post(f"/facilitate/{SLUG}/themes/future_2040").status_code == 400


def test_researchers_report_uses_the_names_given_in_the_view(
    survey_app_ready: Flask, facilitator: FlaskClient, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from analysis.cli import main as analysis_main

    url = f"/facilitate/{SLUG}"
    before = _theme_names(facilitator.get(url).get_data(as_text=True), "future_2040")
    first = sorted(before, key=int)[0]
    token = page_csrf(facilitator, url)
    facilitator.post(
        f"{url}/themes/future_2040",
        data={"csrf_token": token, "action": "rename", "theme": first, "name": "Nopea junarata"},
    )
    database = survey_app_ready.config["SQLALCHEMY_DATABASE_URI"]
    out = tmp_path / "report"
    code = analysis_main(
        ["report", "--database-url", database, "--survey", SLUG, "--out", str(out),
         "--no-progress"]
    )  # fmt: skip
    assert code == 0
    assert "Nopea junarata" in (out / "facilitator-themes.yaml").read_text(encoding="utf-8")
    html = "".join(p.read_text(encoding="utf-8") for p in out.glob("*.html"))
    assert "Nopea junarata" in unescape(html)


def test_first_view_says_it_is_being_prepared_and_then_shows_it(
    survey_app_ready: Flask, facilitator: FlaskClient
) -> None:
    from survey_app.facilitator.service import caches

    survey_app_ready.config["FACILITATOR_FIRST_VIEW_IN_BACKGROUND"] = True
    survey_app_ready.config["FACILITATOR_BACKGROUND_FROM_RESPONSES"] = N_RESPONSES + 1
    small = facilitator.get(f"/facilitate/{SLUG}/present/1", headers={"Accept-Language": "sv"})
    assert small.status_code == 200  # a small survey is summarised while the page waits
    survey_app_ready.config["FACILITATOR_BACKGROUND_FROM_RESPONSES"] = N_RESPONSES
    first = facilitator.get(f"/facilitate/{SLUG}", headers={"Accept-Language": "en"})
    assert first.status_code == 202
    html = first.get_data(as_text=True)
    assert "being prepared" in html and 'http-equiv="refresh"' in html
    assert first.headers["Cache-Control"] == "no-store"
    with survey_app_ready.app_context():
        assert caches()[0].wait_idle(600)
    ready = facilitator.get(f"/facilitate/{SLUG}", headers={"Accept-Language": "en"})
    assert ready.status_code == 200 and '<section id="counts"' in ready.get_data(as_text=True)
