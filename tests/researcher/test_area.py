"""The researcher area through the test client: survey list and counts, deployment by
upload, opening and closing, collector links with QR codes and posters, preview,
downloads, deletion of responses and the audit log."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

import openpyxl
import pytest
import sqlalchemy as sa
from PIL import Image

from tests.exports.factories import EVERY_TYPE, SUBMITTED
from tests.researcher.conftest import client_as, csrf_for, populate

EN = {"Accept-Language": "en"}


class _Tables(HTMLParser):
    """Rows of every table on a page, each a list of its cells' text."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:  # type: ignore[type-arg]
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def table_rows(page: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(page)
    return parser.rows


def audit_actions(app) -> list[tuple[str, str, str, str]]:  # type: ignore[no-untyped-def]
    from survey_app.extensions import db
    from survey_app.models import AuditEvent

    with app.app_context():
        events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
        return [(e.actor, e.action, e.target, e.detail) for e in events]


def count(app, model) -> int:  # type: ignore[no-untyped-def]
    from survey_app.extensions import db

    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(model))


# --- counts ----------------------------------------------------------------------------


def test_survey_list_shows_status_and_counts(backend_app):
    data = populate(backend_app, synthetic=0)
    client = client_as(backend_app, "researcher")
    page = client.get("/research/", headers=EN).get_data(as_text=True)
    rows = table_rows(page)
    # Four responses: three complete after 7, 12 and 4 minutes, one unfinished.
    survey_row = next(r for r in rows if data["slug"] in r[0])
    assert survey_row[0].startswith("Every question type")
    assert survey_row[1:] == ["open", "4", "3", "75 %", "7 min 00 s"]


def test_survey_page_splits_counts_by_group_collector_and_day(backend_app):
    data = populate(backend_app, synthetic=0)
    client = client_as(backend_app, "researcher")
    page = client.get(f"/research/surveys/{data['slug']}", headers=EN).get_data(as_text=True)
    tiles = re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page)
    assert tiles == [
        ("Started", "4"),
        ("Completed", "3"),
        ("Completion rate", "75 %"),
        ("Median time to complete", "7 min 00 s"),
    ]
    rows = table_rows(page)
    assert ["Upper-secondary student", "2", "1", "50 %", "7 min 00 s"] in rows
    assert ["UAS student", "2", "2", "100 %", "8 min 00 s"] in rows
    assert ["7A", "2", "1", "50 %", "7 min 00 s"] in rows
    assert ["Messut", "1", "1", "100 %", "4 min 00 s"] in rows
    assert ["Public link", "1", "1", "100 %", "12 min 00 s"] in rows
    assert ["2026-03-02", "1", "1", "100 %", "7 min 00 s"] in rows
    assert ["2026-03-03", "2", "1", "50 %", "12 min 00 s"] in rows
    assert ["2026-03-05", "1", "1", "100 %", "4 min 00 s"] in rows
    assert "Of these, 1 are synthetic demo responses." in page


def test_counts_follow_new_answers(app):
    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    before = table_rows(client.get("/research/", headers=EN).get_data(as_text=True))
    from survey_app.cli.demo import insert_responses
    from survey_app.demo_answers import generate_responses
    from survey_app.surveys import get_survey, questionnaire_for

    with app.app_context():
        survey = get_survey(data["slug"])
        version = survey.current_version
        insert_responses(survey, version, generate_responses(questionnaire_for(version), 6))
    after = table_rows(client.get("/research/", headers=EN).get_data(as_text=True))
    assert next(r for r in before if data["slug"] in r[0])[2:4] == ["4", "3"]
    assert next(r for r in after if data["slug"] in r[0])[2:4] == ["10", "9"]


# --- deploying, opening and closing -------------------------------------------------------


def deploy(app, client, content: bytes, name: str, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/research/deploy",
        data={"csrf_token": csrf_for(app, client), "file": (io.BytesIO(content), name), **fields},
        content_type="multipart/form-data",
        headers=EN,
    )


def test_deploy_by_upload_then_open_and_close(backend_app):
    from survey_app.surveys import get_survey

    app = backend_app
    client = client_as(app, "researcher")
    response = deploy(app, client, EVERY_TYPE.read_bytes(), "every_type.yaml", slug="wave-1")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/research/surveys/wave-1")
    with app.app_context():
        survey = get_survey("wave-1")
        assert survey.status == "draft" and survey.current_version.number == 1
    page = client.get("/research/surveys/wave-1", headers=EN).get_data(as_text=True)
    assert "Deployed wave-1." in page
    assert "Open for answers" in page

    for action, status in (("open", "open"), ("close", "closed"), ("open", "open")):
        response = client.post(
            f"/research/surveys/wave-1/{action}", data={"csrf_token": csrf_for(app, client)}
        )
        assert response.status_code == 302
        with app.app_context():
            assert get_survey("wave-1").status == status

    # The same file again makes no new version; a changed one does.
    deploy(app, client, EVERY_TYPE.read_bytes(), "every_type.yaml", slug="wave-1")
    changed = EVERY_TYPE.read_bytes().replace(b'version: "2026.1"', b'version: "2026.2"')
    deploy(app, client, changed, "every_type.yaml", slug="wave-1")
    with app.app_context():
        assert [v.number for v in get_survey("wave-1").versions] == [1, 2]

    actions = [(a[0], a[1], a[2]) for a in audit_actions(app)]
    assert actions[:4] == [
        ("researcher@example.org", "survey.deploy", "wave-1"),
        ("researcher@example.org", "survey.open", "wave-1"),
        ("researcher@example.org", "survey.close", "wave-1"),
        ("researcher@example.org", "survey.open", "wave-1"),
    ]


def test_open_and_close_need_the_csrf_token(app):
    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    assert client.post(f"/research/surveys/{data['slug']}/close").status_code == 400
    from survey_app.surveys import get_survey

    with app.app_context():
        assert get_survey(data["slug"]).status == "open"


def test_invalid_upload_shows_the_checkers_own_words(app, tmp_path, monkeypatch):
    broken = EVERY_TYPE.read_text(encoding="utf-8")
    broken = broken.replace("type: likert\n", "type: likertt\n").replace(
        "default_language: fi", "default_language: de"
    )
    client = client_as(app, "researcher")
    response = deploy(app, client, broken.encode(), "broken.yaml")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    shown = [html.unescape(p) for p in re.findall(r"<li><code>(.*?)</code></li>", page, re.S)]

    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.yaml").write_text(broken, encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["questionnaire", "check", "broken.yaml"])
    assert result.exit_code == 1
    printed = [line for line in result.output.splitlines() if not line.endswith("problems")]
    printed = [line for line in printed if not line.startswith("broken.yaml: invalid")]
    assert len(shown) >= 2
    assert shown == printed
    assert f"The file has {len(shown)} problems" in page
    from survey_app.models import Survey

    assert count(app, Survey) == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"\xff\xfe not utf-8", "latin.yaml", "latin.yaml: the file is not UTF-8 text."),
        (b"id: [unclosed", "bad.yaml", "bad.yaml"),
        (b"", "empty.yaml", "empty.yaml"),
    ],
)
def test_unreadable_uploads_are_messages(app, content, name, message):
    client = client_as(app, "researcher")
    response = deploy(app, client, content, name)
    assert response.status_code == 400
    page = html.unescape(response.get_data(as_text=True))
    assert message in page
    assert "problem" in page


def test_deploy_without_a_file_or_with_a_bad_slug(app):
    client = client_as(app, "researcher")
    response = client.post(
        "/research/deploy", data={"csrf_token": csrf_for(app, client)}, headers=EN
    )
    assert response.status_code == 400
    response = deploy(app, client, EVERY_TYPE.read_bytes(), "q.yaml", slug="Not A Slug!")
    assert response.status_code == 400
    assert "Use lower-case letters, digits, - and _." in response.get_data(as_text=True)


# --- collector links -------------------------------------------------------------------


def test_collector_link_with_qr_codes_and_poster(app):
    from survey_app.extensions import db
    from survey_app.models import Collector

    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    slug = data["slug"]
    response = client.post(
        f"/research/surveys/{slug}/collectors",
        data={"csrf_token": csrf_for(app, client), "group": "amk", "label": "Class 2B"},
    )
    assert response.status_code == 302
    with app.app_context():
        collector = db.session.scalar(sa.select(Collector).where(Collector.label == "Class 2B"))
        assert collector.target_group == "amk"
        token = collector.token
    page = client.get(f"/research/surveys/{slug}", headers=EN).get_data(as_text=True)
    assert f"http://localhost/c/{token}" in page
    assert ("researcher@example.org", "collector.create", slug, "group=amk") in audit_actions(app)

    png = client.get(f"/research/surveys/{slug}/collectors/{token}/qr.png")
    assert png.status_code == 200 and png.mimetype == "image/png"
    image = Image.open(io.BytesIO(png.data))
    assert image.width == image.height >= 300
    svg = client.get(f"/research/surveys/{slug}/collectors/{token}/qr.svg")
    assert svg.mimetype == "image/svg+xml"
    root = ElementTree.fromstring(svg.data)
    assert root.tag.endswith("svg")
    assert any(el.tag.endswith("path") for el in root.iter())

    poster = client.get(f"/research/surveys/{slug}/collectors/{token}/poster")
    assert poster.status_code == 200
    text = poster.get_data(as_text=True)
    assert f"localhost/c/{token}" in text  # the short URL, to type by hand
    assert f"/research/surveys/{slug}/collectors/{token}/qr.svg" in text or "<svg" in text
    # Spoken to respondents in every language of the questionnaire.
    for words in ("Skannaa", "Skanna", "Scan"):
        assert words in text


def test_collector_with_an_unknown_group_is_refused(app):
    from survey_app.models import Collector

    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    before = count(app, Collector)
    response = client.post(
        f"/research/surveys/{data['slug']}/collectors",
        data={"csrf_token": csrf_for(app, client), "group": "nobody", "label": "x"},
        headers=EN,
        follow_redirects=True,
    )
    assert "Check the target group" in response.get_data(as_text=True)
    assert count(app, Collector) == before


# --- preview ---------------------------------------------------------------------------


def test_preview_shows_every_page_and_stores_nothing(app):
    from survey_app.models import Answer, Response

    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    before = (count(app, Response), count(app, Answer))
    pages = []
    for number in (1, 2, 3):
        response = client.get(
            f"/research/surveys/{data['slug']}/preview", query_string={"page": number}
        )
        assert response.status_code == 200
        assert not any("resume" in c.lower() for c in response.headers.getlist("Set-Cookie"))
        pages.append(response.get_data(as_text=True))
    assert "Kuka olet?" in pages[0]
    assert "Kolme sanaa" in pages[1]
    english = client.get(
        f"/research/surveys/{data['slug']}/preview", query_string={"page": 1, "lang": "en"}
    )
    assert "Who are you?" in english.get_data(as_text=True)
    assert (
        client.get(
            f"/research/surveys/{data['slug']}/preview", query_string={"page": 99}
        ).status_code
        == 404
    )
    assert (count(app, Response), count(app, Answer)) == before


# --- downloads -------------------------------------------------------------------------


def test_download_from_the_area_is_zipped_with_the_snapshot_and_audited(backend_app):
    app = backend_app
    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    response = client.get(
        f"/research/surveys/{data['slug']}/export",
        query_string={"format": "xlsx", "lang": "en", "group": "lukio"},
    )
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    with zipfile.ZipFile(io.BytesIO(response.data)) as archive:
        names = archive.namelist()
        workbook_name = next(n for n in names if n.endswith(".xlsx"))
        snapshot = next(n for n in names if n.endswith(".questionnaire.yaml"))
        assert archive.read(snapshot) == EVERY_TYPE.read_bytes()
        workbook = openpyxl.load_workbook(io.BytesIO(archive.read(workbook_name)))
    codes = workbook.worksheets[1]
    header = [c.value for c in codes[1]]
    ids = [row[header.index("response_id")] for row in codes.iter_rows(2, values_only=True)]
    # Complete responses of the lukio group only.
    assert [int(i) for i in ids] == [data["ids"][0]]
    event = audit_actions(app)[-1]
    assert event[:3] == ("researcher@example.org", "survey.export", data["slug"])
    assert "xlsx" in event[3] and "lukio" in event[3]


def test_json_download_and_bad_filters(app):
    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    response = client.get(
        f"/research/surveys/{data['slug']}/export",
        query_string={"format": "json", "all": "y", "synthetic": "y"},
    )
    assert response.mimetype == "application/json"
    payload = json.loads(response.data)
    assert len(payload["responses"]) == len(SUBMITTED)
    bad = client.get(
        f"/research/surveys/{data['slug']}/export",
        query_string={"format": "pdf"},
        headers=EN,
        follow_redirects=True,
    )
    assert bad.status_code == 200
    assert "The export could not be made" in bad.get_data(as_text=True)


# --- deletion --------------------------------------------------------------------------


def _give_code(app, response_id: int, code: str) -> None:  # type: ignore[no-untyped-def]
    from survey_app.extensions import db
    from survey_app.models import Response
    from survey_app.respondent.flow import deletion_code_hash

    with app.app_context():
        db.session.get(Response, response_id).deletion_code_hash = deletion_code_hash(code)
        db.session.commit()


def test_respondent_deletes_their_answers_with_the_code(backend_app):
    from survey_app.extensions import db
    from survey_app.models import Answer, Response

    app = backend_app
    data = populate(app, synthetic=0)
    target = data["ids"][0]
    _give_code(app, target, "ABCD-EFGH-JKLM")
    client = app.test_client()
    url = f"/s/{data['slug']}/delete"
    page = client.get(url, headers=EN)
    assert page.status_code == 200

    wrong = client.post(url, data={"csrf_token": csrf_for(app, client), "code": "ABCD-EFGH-XXXX"},
                        headers=EN)  # fmt: skip
    assert wrong.status_code == 404
    assert "No answers were found with this code" in wrong.get_data(as_text=True)

    # Lower case and without dashes, as a phone keyboard might give it.
    done = client.post(url, data={"csrf_token": csrf_for(app, client), "code": "abcdefghjklm"},
                       headers=EN)  # fmt: skip
    assert done.status_code == 200
    assert "Your answers have been deleted" in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Response, target) is None
        left = db.session.scalar(
            sa.select(sa.func.count()).select_from(Answer).where(Answer.response_id == target)
        )
        assert left == 0
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Response)) == 3
    event = audit_actions(app)[-1]
    assert event == ("respondent", "response.delete", data["slug"], "by deletion code")


def test_researcher_deletes_a_response(backend_app):
    from survey_app.extensions import db
    from survey_app.models import Response

    app = backend_app
    data = populate(app, synthetic=0)
    slug, target = data["slug"], data["ids"][1]
    client = client_as(app, "researcher")
    url = f"/research/surveys/{slug}/responses/delete"
    unconfirmed = client.post(
        url,
        data={"csrf_token": csrf_for(app, client), "response_id": str(target)},
        headers=EN,
        follow_redirects=True,
    )
    assert "tick the confirmation" in unconfirmed.get_data(as_text=True)
    unknown = client.post(
        url,
        data={"csrf_token": csrf_for(app, client), "response_id": "999999", "confirm": "y"},
        headers=EN,
        follow_redirects=True,
    )
    assert "This survey has no response 999999." in unknown.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Response, target) is not None

    done = client.post(
        url,
        data={"csrf_token": csrf_for(app, client), "response_id": str(target), "confirm": "y"},
        headers=EN,
        follow_redirects=True,
    )
    assert f"Response {target} was deleted." in done.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Response, target) is None
    assert audit_actions(app)[-1] == (
        "researcher@example.org",
        "response.delete",
        slug,
        f"response {target}",
    )


def test_a_response_of_another_survey_cannot_be_deleted_through_this_one(app):
    from survey_app.extensions import db
    from survey_app.models import Response

    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    deploy(app, client, EVERY_TYPE.read_bytes(), "every_type.yaml", slug="other")
    response = client.post(
        "/research/surveys/other/responses/delete",
        data={"csrf_token": csrf_for(app, client), "response_id": str(data["ids"][0]),
              "confirm": "y"},
    )  # fmt: skip
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Response, data["ids"][0]) is not None


# --- audit log -------------------------------------------------------------------------


def test_audit_log_page_lists_who_did_what_and_never_answers(app):
    data = populate(app, synthetic=0)
    slug = data["slug"]
    _give_code(app, data["ids"][2], "ZZZZ-YYYY-XXXX")
    client = client_as(app, "researcher")
    csrf = csrf_for(app, client)
    deploy(app, client, EVERY_TYPE.read_bytes(), "every_type.yaml", slug="logged")
    client.post("/research/surveys/logged/open", data={"csrf_token": csrf})
    client.post("/research/surveys/logged/close", data={"csrf_token": csrf})
    client.get(f"/research/surveys/{slug}/export", query_string={"format": "csv"})
    client.post(
        f"/research/surveys/{slug}/responses/delete",
        data={"csrf_token": csrf, "response_id": str(data["ids"][0]), "confirm": "y"},
    )
    respondent = app.test_client()
    gone = respondent.post(
        f"/s/{slug}/delete",
        data={"csrf_token": csrf_for(app, respondent), "code": "ZZZZ-YYYY-XXXX"},
    )
    assert gone.status_code == 200
    actions = [a[1] for a in audit_actions(app)]
    for action in (
        "survey.deploy",
        "survey.open",
        "survey.close",
        "survey.export",
        "response.delete",
    ):
        assert action in actions
    assert actions.count("response.delete") == 2

    page = client.get("/research/audit", headers=EN).get_data(as_text=True)
    for action in ("survey.deploy", "survey.open", "survey.close", "survey.export"):
        assert action in page
    assert "researcher@example.org" in page and "respondent" in page
    # Nothing a respondent typed, and not their deletion code.
    everything = json.dumps(audit_actions(app), ensure_ascii=False) + page
    for spec in SUBMITTED:
        for value in spec["answers"].values():
            if len(value) > 3 and not value.isdigit() and value not in ("lukio", "amk"):
                assert value not in everything, value
    assert "ZZZZ" not in everything


def test_large_surveys_are_pointed_to_the_export_command(app, monkeypatch):
    from survey_app.researcher import routes

    data = populate(app, synthetic=0)
    client = client_as(app, "researcher")
    hint = "the command `flask export` on the server has no such limit"
    url = f"/research/surveys/{data['slug']}"
    assert hint not in html.unescape(client.get(url, headers=EN).get_data(as_text=True))

    real = routes.survey_stats

    def many(survey):  # type: ignore[no-untyped-def]
        stats = real(survey)
        stats.total.started = 5000
        return stats

    monkeypatch.setattr(routes, "survey_stats", many)
    assert hint in html.unescape(client.get(url, headers=EN).get_data(as_text=True))
    finnish = html.unescape(client.get(url, headers={"Accept-Language": "fi"}).get_data(True))
    assert "komennolla `flask export`" in finnish
