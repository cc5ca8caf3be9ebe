"""Every route of the app, requested anonymously and as each role, with real values in
its variables: who gets what.

A route added without a line in ``ACCESS`` and ``ALLOWED_STATUS`` fails this test, so
nobody can add a page without deciding who may open it.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from werkzeug.routing import Rule

from tests.exports.factories import EVERY_TYPE
from tests.researcher.conftest import csrf_for, make_user, populate, sign_in

PUBLIC = "public"  # respondents' pages, login, static files: anyone
SHARED = "shared"  # read-only summary behind a share token: anyone holding the token
MEMBER = "member"  # facilitator summary views: facilitator, researcher, admin
RESEARCHER = "researcher"  # the researcher area and raw data: researcher, admin

ACCESS: dict[str, str] = {
    "static": PUBLIC,
    "accessibility.statement": PUBLIC,
    "auth.login": PUBLIC,
    "auth.logout": PUBLIC,
    "respondent.collector": PUBLIC,
    "respondent.start": PUBLIC,
    "respondent.page": PUBLIC,
    "respondent.thanks": PUBLIC,
    "erasure.delete_answers": PUBLIC,
    "facilitator.shared_summary": SHARED,
    "facilitator.shared_cloud": SHARED,
    "facilitator.shared_handout": SHARED,
    "facilitator.shared_live": SHARED,
    "facilitator.shared_present": SHARED,
    "facilitator.summary": MEMBER,
    "facilitator.cloud": MEMBER,
    "facilitator.handout": MEMBER,
    "facilitator.live": MEMBER,
    "facilitator.present": MEMBER,
    "facilitator.themes_file": MEMBER,
    "facilitator.edit_themes": MEMBER,
    "facilitator.share_links": RESEARCHER,
    "facilitator.revoke_share_link": RESEARCHER,
    "researcher.index": MEMBER,  # facilitators see the list, leading to summaries
    "researcher.audit_log": RESEARCHER,
    "researcher.deploy": RESEARCHER,
    "researcher.survey": RESEARCHER,
    "researcher.open_survey": RESEARCHER,
    "researcher.close_survey": RESEARCHER,
    "researcher.create_link": RESEARCHER,
    "researcher.collector_poster": RESEARCHER,
    "researcher.collector_qr_png": RESEARCHER,
    "researcher.collector_qr_svg": RESEARCHER,
    "researcher.export": RESEARCHER,
    "researcher.preview": RESEARCHER,
    "researcher.delete_response": RESEARCHER,
}

# Raw answers leave the app only through these; a facilitator must never get them.
RAW_DATA = {"researcher.export"}

# What a visitor who may use the route gets, for the requests ``request_for`` makes.
ALLOWED_STATUS: dict[tuple[str, str], set[int]] = {
    ("static", "GET"): {200},
    ("accessibility.statement", "GET"): {200},
    ("auth.login", "GET"): {200, 302},  # 302: already logged in, sent to their home
    ("auth.login", "POST"): {400},  # empty form
    ("auth.logout", "POST"): {302},
    ("respondent.collector", "GET"): {200},
    ("respondent.collector", "POST"): {400},  # consent not given
    ("respondent.start", "GET"): {200},
    ("respondent.start", "POST"): {400},
    ("respondent.page", "GET"): {302},  # no response begun: back to the start
    ("respondent.page", "POST"): {302},
    ("respondent.thanks", "GET"): {302},
    ("erasure.delete_answers", "GET"): {200},
    ("erasure.delete_answers", "POST"): {404},  # a code nobody holds
    ("facilitator.shared_summary", "GET"): {200},
    ("facilitator.shared_cloud", "GET"): {200},
    ("facilitator.shared_handout", "GET"): {200},
    ("facilitator.shared_live", "GET"): {200},
    ("facilitator.shared_present", "GET"): {200},
    ("facilitator.summary", "GET"): {200},
    ("facilitator.cloud", "GET"): {200},
    ("facilitator.handout", "GET"): {200},
    ("facilitator.live", "GET"): {200},
    ("facilitator.present", "GET"): {200},
    ("facilitator.themes_file", "GET"): {200},
    ("facilitator.edit_themes", "POST"): {302},
    ("facilitator.share_links", "GET"): {200},
    ("facilitator.share_links", "POST"): {200},
    ("facilitator.revoke_share_link", "POST"): {302},
    ("researcher.index", "GET"): {200},
    ("researcher.audit_log", "GET"): {200},
    ("researcher.deploy", "GET"): {200},
    ("researcher.deploy", "POST"): {302},
    ("researcher.survey", "GET"): {200},
    ("researcher.open_survey", "POST"): {302},
    ("researcher.close_survey", "POST"): {302},
    ("researcher.create_link", "POST"): {302},
    ("researcher.collector_poster", "GET"): {200},
    ("researcher.collector_qr_png", "GET"): {200},
    ("researcher.collector_qr_svg", "GET"): {200},
    ("researcher.export", "GET"): {200},
    ("researcher.preview", "GET"): {200},
    ("researcher.delete_response", "POST"): {302},
}

# The hidden fields of a respondent's form (CSRF token, submission id).
HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|submission_id)" value="([^"]*)"')

VISITORS = (None, "researcher", "facilitator", "admin")


def may_use(access: str, role: str | None) -> bool:
    if access in (PUBLIC, SHARED):
        return True
    if access == MEMBER:
        return role is not None
    return role in ("researcher", "admin")


def methods_of(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def path_for(rule: Rule, data: dict[str, Any]) -> str:
    values: dict[str, Any] = {
        "slug": data["slug"],
        "number": 1,
        "question_id": "best",
        "group": "(all)",
        "link_id": data["revocable_link_id"],
        "filename": "app.css",
        # /share/<token> takes a share token, every other <token> a collector's.
        "token": data["share_token"] if rule.rule.startswith("/share/") else data["tokens"]["7A"],
    }
    missing = set(rule.arguments) - set(values)
    assert not missing, f"{rule.rule}: give a real value for {sorted(missing)} in path_for"
    return rule.build({k: values[k] for k in rule.arguments}, append_unknown=False)[1]


def request_for(endpoint: str, role: str | None, data: dict[str, Any]) -> dict[str, Any]:
    """Form data or query string that makes the request meaningful (not just refused)."""
    if endpoint == "researcher.deploy":
        return {
            "data": {
                "file": (io.BytesIO(EVERY_TYPE.read_bytes()), "every_type.yaml"),
                "slug": f"matrix-{role}",
            },
            "content_type": "multipart/form-data",
        }
    if endpoint == "researcher.export":
        return {"query_string": {"format": "csv"}}
    if endpoint == "researcher.create_link":
        return {"data": {"group": "", "label": f"made by {role}"}}
    if endpoint == "researcher.delete_response":
        return {"data": {"response_id": str(data["ids"][1]), "confirm": "y"}}
    if endpoint == "facilitator.share_links":
        return {"data": {"expires": "7", "label": "matrix"}}
    if endpoint == "facilitator.edit_themes":
        return {"data": {"action": "reset"}}
    if endpoint == "erasure.delete_answers":
        return {"data": {"code": "NOBODY-HAS-THIS"}}
    return {}


@pytest.fixture
def matrix_app(make_app):  # type: ignore[no-untyped-def]
    # The login limit would otherwise count the matrix's empty login posts.
    app = make_app(RATELIMIT_ENABLED=False)
    data = populate(app)
    from survey_app.extensions import db
    from survey_app.facilitator.share import create_share_link
    from survey_app.surveys import get_survey

    with app.app_context():
        # Revoked by the matrix; the first share link keeps working for the shared views.
        data["revocable_link_id"] = create_share_link(get_survey(data["slug"])).link.id
        db.session.remove()
    return app, data


def test_every_route_is_classified(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - ACCESS.keys() == set(), "classify the new routes in ACCESS"
    assert ACCESS.keys() - endpoints == set(), "routes gone: remove them from ACCESS"
    pairs = {(r.endpoint, m) for r in app.url_map.iter_rules() for m in methods_of(r)}
    assert pairs == ALLOWED_STATUS.keys()


def test_who_gets_what(matrix_app):
    # One app for all visitors, every GET before any POST changes the data: the summary
    # behind the facilitator views is then computed once, not once per visitor.
    app, data = matrix_app
    failures: list[str] = []
    for methods in ({"GET"}, {"POST"}):
        for role in VISITORS:
            failures += visit_every_route(app, data, role, methods)
    assert not failures, "\n".join(failures)


def visit_every_route(app, data, role: str | None, methods: set[str]) -> list[str]:  # type: ignore[no-untyped-def]
    user_id = make_user(app, role) if role else None
    failures = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        access = ACCESS.get(rule.endpoint)
        if access is None:
            continue  # reported by test_every_route_is_classified
        for method in set(methods_of(rule)) & methods:
            client = app.test_client()
            sign_in(app, client, user_id)
            options = request_for(rule.endpoint, role, data)
            if method == "POST":
                options.setdefault("data", {})["csrf_token"] = csrf_for(app, client)
            path = path_for(rule, data)
            response = client.open(path, method=method, **options)
            response.close()  # static files are streamed from an open file
            status = response.status_code
            location = response.headers.get("Location", "")
            seen = f"{role or 'anonymous'} {method} {path} ({rule.endpoint}) -> {status} {location}"
            if may_use(access, role):
                expected = ALLOWED_STATUS.get((rule.endpoint, method), set())
                if status not in expected or location.startswith("/auth/login?"):
                    failures.append(f"{seen}; expected {sorted(expected)}")
            elif role is None:
                # Anonymous: to the login page, coming back here afterwards.
                if status != 302 or not location.startswith("/auth/login?next="):
                    failures.append(f"{seen}; expected a redirect to the login page")
            elif status != 403:
                failures.append(f"{seen}; expected 403")
            if role == "facilitator" and rule.endpoint in RAW_DATA:
                assert status == 403, seen
                assert "attachment" not in response.headers.get("Content-Disposition", "")
    return failures


def test_respondents_and_share_link_holders_get_no_further_than_anonymous(matrix_app):
    # A phone that has begun a response holds the survey's cookies, and a workshop screen
    # holds a share link: neither may open a route behind the login.
    app, data = matrix_app
    failures: list[str] = []
    for visitor in ("respondent", "share link holder"):
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
            if ACCESS.get(rule.endpoint) in (PUBLIC, SHARED, None):
                continue
            for method in methods_of(rule):
                client = app.test_client()
                if visitor == "respondent":
                    start = client.get(f"/c/{data['tokens']['7A']}")
                    assert start.status_code == 200
                    hidden = dict(HIDDEN.findall(start.get_data(as_text=True)))
                    begun = client.post(
                        f"/c/{data['tokens']['7A']}", data={**hidden, "consent": "y"}
                    )
                    assert begun.status_code in (200, 302, 303), begun.status_code
                else:
                    assert client.get(f"/share/{data['share_token']}").status_code == 200
                options = request_for(rule.endpoint, None, data)
                if method == "POST":
                    options.setdefault("data", {})["csrf_token"] = csrf_for(app, client)
                path = path_for(rule, data)
                response = client.open(path, method=method, **options)
                response.close()
                location = response.headers.get("Location", "")
                if response.status_code != 302 or not location.startswith("/auth/login?next="):
                    failures.append(
                        f"{visitor} {method} {path} -> {response.status_code} {location}; "
                        "expected a redirect to the login page"
                    )
    assert not failures, "\n".join(failures)


def test_facilitator_gets_no_download_whatever_the_format(matrix_app, as_role):
    app, data = matrix_app
    client = as_role("facilitator")
    for fmt in ("csv", "csv-long", "xlsx", "sav", "json"):
        response = client.get(
            f"/research/surveys/{data['slug']}/export", query_string={"format": fmt, "all": "y"}
        )
        assert response.status_code == 403, fmt
        assert "Content-Disposition" not in response.headers
        # Nothing of the stored answers is in the refusal either.
        assert "Äänekoski" not in response.get_data(as_text=True)


def test_shared_views_need_a_working_token(matrix_app):
    app, data = matrix_app
    client = app.test_client()
    assert client.get(f"/share/{data['share_token']}").status_code == 200
    assert client.get("/share/not-a-token").status_code == 404
    assert client.get(f"/share/{data['share_token']}x").status_code == 404


def test_unknown_survey_is_404_for_researchers(matrix_app, as_role):
    _, data = matrix_app
    client = as_role("researcher")
    for path in (
        "/research/surveys/no-such-survey",
        "/research/surveys/no-such-survey/preview",
        f"/research/surveys/{data['slug']}/collectors/no-such-token/poster",
        f"/research/surveys/{data['slug']}/collectors/no-such-token/qr.png",
    ):
        assert client.get(path).status_code == 404, path
