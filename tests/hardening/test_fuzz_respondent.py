"""Property-based attacks on every respondent and login endpoint: hostile paths, fields,
tokens and cookies never give a 5xx, and a refused request changes no stored row."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.hardening.fuzz_support import (
    CSRF,
    FIELD_NAMES,
    FUZZ,
    HOSTILE_TEXT,
    SUBMISSION,
    Deployed,
    assert_handled,
    deploy_bundled,
    hidden,
    snapshot,
    start_response,
)

FUZZED_BLUEPRINTS = ("respondent", "auth")

# Hostile values are long on purpose. Hypothesis warns when the repr of a failing
# example is large, and the warning (an error under filterwarnings=error) would hide the
# failure it is about to report.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)


@pytest.fixture
def deployed(make_app) -> Deployed:
    # A generous start limit: the fuzzer starts many responses from one address.
    return deploy_bundled(make_app(RESPONSE_START_RATE_LIMIT="100000 per minute",
                                   AUTH_LOGIN_RATE_LIMIT="100000 per minute"))  # fmt: skip


def _rules(app: Flask):  # type: ignore[no-untyped-def]
    return sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint.split(".")[0] in FUZZED_BLUEPRINTS),
        key=lambda r: r.rule,
    )


def test_the_fuzzed_blueprints_have_endpoints(deployed: Deployed) -> None:
    endpoints = {r.endpoint for r in _rules(deployed.app)}
    assert {"respondent.collector", "respondent.page", "auth.login"} <= endpoints


def _path_value(draw, converter: str, valid: str) -> str:  # type: ignore[no-untyped-def]
    if converter == "IntegerConverter":
        return str(draw(st.integers(min_value=0, max_value=10**12)))
    value = draw(st.one_of(st.just(valid), HOSTILE_TEXT, st.just(valid + "/../" + valid)))
    # A browser percent-encodes what it sends; "/" stays raw sometimes to try traversal.
    return quote(value, safe=draw(st.sampled_from(["", "/"]))) or "x"


def test_every_endpoint_survives_hostile_paths_fields_and_tokens(deployed: Deployed) -> None:
    """Each respondent and login URL, each method, with hostile path parts and fields."""
    for rule in _rules(deployed.app):
        _attack(deployed, rule)()


def _attack(deployed: Deployed, rule):  # type: ignore[no-untyped-def]
    app = deployed.app
    valid = {"slug": deployed.slug, "token": deployed.token, "number": "1"}
    methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
    converters = {name: type(conv).__name__ for name, conv in rule._converters.items()}

    # Fewer examples per URL: there are many URLs, and each has the same form fields.
    @settings(FUZZ, max_examples=max(10, FUZZ.max_examples // 2))
    @given(data=st.data())
    def attack(data) -> None:  # type: ignore[no-untyped-def]
        client = app.test_client()
        if data.draw(st.booleans(), label="respondent started"):
            start_response(client, deployed)
        path = rule.rule
        for name, converter in converters.items():
            value = _path_value(data.draw, converter, valid.get(name, "x"))
            path = path.replace(f"<{_arg(rule, name)}>", value)
        query = data.draw(st.sampled_from(["", "?lang=", "?next="]), label="query")
        if query:
            query += quote(data.draw(HOSTILE_TEXT, label="query value"), safe="")
        method = data.draw(st.sampled_from(methods), label="method")
        form = data.draw(st.dictionaries(FIELD_NAMES, HOSTILE_TEXT, max_size=6), label="form")
        before = snapshot(app)
        reply = client.open(path + query, method=method, data=form if method != "GET" else None)
        assert "Traceback" not in reply.get_data(as_text=True)
        assert_handled(reply.status_code, before, lambda: snapshot(app), f"{method} {path}")

    return attack


def _arg(rule, name: str) -> str:  # type: ignore[no-untyped-def]
    # The placeholder as written in the rule: "<slug>" or "<int:number>".
    for part in rule.rule.split("<")[1:]:
        placeholder = part.split(">")[0]
        if placeholder.split(":")[-1] == name:
            return placeholder
    raise AssertionError(f"no placeholder {name} in {rule.rule}")


@FUZZ
@given(
    submission_id=st.one_of(
        st.none(), HOSTILE_TEXT, st.text("abcdef0123456789", min_size=16, max_size=64)
    ),
    language=st.one_of(st.none(), st.sampled_from(["fi", "sv", "en", "de"]), HOSTILE_TEXT),
    consent=st.one_of(st.none(), st.just("y"), HOSTILE_TEXT),
    extra=st.dictionaries(FIELD_NAMES, HOSTILE_TEXT, max_size=3),
    duplicate=st.booleans(),
)
def test_start_form_with_valid_csrf_and_hostile_fields(
    deployed: Deployed, submission_id, language, consent, extra, duplicate
) -> None:  # type: ignore[no-untyped-def]
    app, client = deployed.app, deployed.app.test_client()
    html = client.get(f"/c/{deployed.token}").get_data(as_text=True)
    form: dict[str, object] = {**extra, "csrf_token": hidden(html, CSRF)}
    for name, value in (
        ("submission_id", submission_id),
        ("language", language),
        ("consent", consent),
    ):
        if value is not None:
            form[name] = [value, value] if duplicate else value
    before = snapshot(app)
    reply = client.post(f"/c/{deployed.token}", data=form)
    assert_handled(reply.status_code, before, lambda: snapshot(app), "start form")


def _page_fields(html: str) -> list[str]:
    import re

    names = re.findall(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"', html)
    return sorted({n for n in names if n not in ("csrf_token", "submission_id")})


@FUZZ
@given(data=st.data())
def test_page_post_with_valid_tokens_and_hostile_answers(deployed: Deployed, data) -> None:  # type: ignore[no-untyped-def]
    app, client = deployed.app, deployed.app.test_client()
    page_url = start_response(client, deployed)
    html = client.get(page_url).get_data(as_text=True)
    fields = _page_fields(html)
    assert fields, "the first page has no fields"
    form: dict[str, object] = {
        "csrf_token": hidden(html, CSRF),
        "submission_id": data.draw(st.one_of(st.just(hidden(html, SUBMISSION)), HOSTILE_TEXT)),
        "action": data.draw(st.one_of(st.sampled_from(["next", "back"]), HOSTILE_TEXT)),
    }
    for name in data.draw(st.lists(st.sampled_from(fields), unique=True)):
        values = data.draw(st.lists(HOSTILE_TEXT, min_size=1, max_size=3))
        form[name] = values if len(values) > 1 else values[0]
    form.update(data.draw(st.dictionaries(FIELD_NAMES, HOSTILE_TEXT, max_size=2)))
    before = snapshot(app)
    reply = client.post(page_url, data=form)
    assert_handled(reply.status_code, before, lambda: snapshot(app), f"POST {page_url}")
    if reply.status_code in (302, 303):
        # Accepted: the page still opens, whatever was stored.
        assert client.get(reply.headers["Location"]).status_code < 500


@FUZZ
@given(resume=HOSTILE_TEXT, session_cookie=HOSTILE_TEXT)
def test_forged_resume_and_session_cookies(deployed: Deployed, resume, session_cookie) -> None:  # type: ignore[no-untyped-def]
    app, client = deployed.app, deployed.app.test_client()
    for name, value in (("resume_1", resume), ("session", session_cookie)):
        # Browsers drop cookies over 4 KB, so no server ever sees a longer one.
        client.set_cookie(name, quote(value, safe="")[:3000])
    before = snapshot(app)
    for path in (f"/c/{deployed.token}", f"/s/{deployed.slug}/p/1", f"/s/{deployed.slug}/thanks"):
        reply = client.get(path)
        assert_handled(reply.status_code, before, lambda: snapshot(app), f"GET {path}")
