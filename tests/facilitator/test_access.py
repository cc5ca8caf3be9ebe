"""Who may see a summary: facilitators and researchers logged in, or holders of a share link
that is neither wrong, expired nor revoked."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask

from survey_app.extensions import db
from survey_app.models import AuditEvent, ShareLink, utcnow
from tests.auth.helpers import login_as, page_csrf

from .conftest import SLUG


def _events(app: Flask, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_anonymous_visitors_are_sent_to_login(survey_app_ready: Flask) -> None:
    client = survey_app_ready.test_client()
    response = client.get(f"/facilitate/{SLUG}")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_facilitator_sees_summary_but_not_share_links(survey_app_ready: Flask) -> None:
    client = survey_app_ready.test_client()
    login_as(survey_app_ready, client, "facilitator")
    page = client.get(f"/facilitate/{SLUG}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="rename"' in html  # a logged-in facilitator may name themes
    assert f"/facilitate/{SLUG}/share-links" not in html
    assert client.get(f"/facilitate/{SLUG}/share-links").status_code == 403
    assert client.get("/facilitate/no-such-survey").status_code == 404


def test_share_link_lifecycle_on_the_command_line(survey_app_ready: Flask) -> None:
    runner = survey_app_ready.test_cli_runner()
    client = survey_app_ready.test_client()
    created = runner.invoke(args=["share", "create", SLUG, "--expires", "7", "--label", "Verstas"])
    assert created.exit_code == 0, created.output
    url = created.stdout.strip().splitlines()[0]
    assert re.fullmatch(r"http://\S+/share/[A-Za-z0-9_-]{43}", url), url
    path = url[url.index("/share/") :]
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'class="rename"' not in html and 'class="merge"' not in html  # read-only
    assert "share-links" not in html

    listed = runner.invoke(args=["share", "list", SLUG])
    assert "active" in listed.output and "Verstas" in listed.output
    with survey_app_ready.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link is not None and link.expires_at is not None
        assert path.rsplit("/", 1)[1] not in (link.token_sha256, link.label)  # only a hash kept
        link_id = link.id

    revoked = runner.invoke(args=["share", "revoke", str(link_id)])
    assert revoked.exit_code == 0 and "revoked" in revoked.output
    gone = client.get(path)
    assert gone.status_code == 404
    assert "Ask the organiser" in gone.get_data(as_text=True) or gone.status_code == 404
    assert client.get(path + "/present/1").status_code == 404
    assert client.get(path + "/live").status_code == 404
    assert "revoked" in runner.invoke(args=["share", "list", SLUG]).output
    assert [e.detail for e in _events(survey_app_ready, "share.revoke")] == [f"link {link_id}"]
    assert len(_events(survey_app_ready, "share.create")) == 1


def test_wrong_and_expired_tokens_get_404(survey_app_ready: Flask, share_url_path: str) -> None:
    client = survey_app_ready.test_client()
    assert client.get(share_url_path).status_code == 200
    token = share_url_path.rsplit("/", 1)[1]
    wrong = token[:-1] + ("A" if token[-1] != "A" else "B")
    for bad in (wrong, "x", "a" * 200, "%00", "..%2F..%2Fetc"):
        assert client.get(f"/share/{bad}").status_code == 404, bad
    with survey_app_ready.app_context():
        link = db.session.scalar(sa.select(ShareLink))
        assert link is not None
        link.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert client.get(share_url_path).status_code == 404
    listed = survey_app_ready.test_cli_runner().invoke(args=["share", "list", SLUG])
    assert "expired" in listed.output


def test_bad_expiry_and_unknown_survey_are_clear_errors(survey_app_ready: Flask) -> None:
    runner = survey_app_ready.test_cli_runner()
    result = runner.invoke(args=["share", "create", SLUG, "--expires", "0"])
    assert result.exit_code != 0 and "between 1 and" in result.output
    result = runner.invoke(args=["share", "create", "nope"])
    assert result.exit_code != 0 and "No survey 'nope'" in result.output
    result = runner.invoke(args=["share", "revoke", "999"])
    assert result.exit_code != 0 and "No share link" in result.output


def test_researcher_creates_lists_and_revokes_links_in_the_browser_area(
    survey_app_ready: Flask,
) -> None:
    client = survey_app_ready.test_client()
    login_as(survey_app_ready, client, "researcher")
    links_page = f"/facilitate/{SLUG}/share-links"
    token = page_csrf(client, links_page)
    english = {"Accept-Language": "en"}
    bad = client.post(links_page, data={"csrf_token": token, "expires": "abc"}, headers=english)
    assert bad.status_code == 200
    assert "whole number" in bad.get_data(as_text=True)
    made = client.post(
        links_page, data={"csrf_token": token, "expires": "3", "label": "Kotka workshop"}
    )
    html = made.get_data(as_text=True)
    match = re.search(r'value="(http://[^"]+/share/[^"]+)"', html)
    assert match, html
    path = match.group(1)[match.group(1).index("/share/") :]
    anonymous = survey_app_ready.test_client()
    assert anonymous.get(path).status_code == 200
    assert "Kotka workshop" in html

    with survey_app_ready.app_context():
        link_id = db.session.scalar(sa.select(ShareLink.id))
    revoked = client.post(
        f"{links_page}/{link_id}/revoke", data={"csrf_token": token}, follow_redirects=True
    )
    assert revoked.status_code == 200
    assert anonymous.get(path).status_code == 404
    # Revoking a link of another survey, or one that does not exist, changes nothing.
    assert client.post(f"{links_page}/999/revoke", data={"csrf_token": token}).status_code == 404
    assert len(_events(survey_app_ready, "share.revoke")) == 1
    # Without a CSRF token nothing is created.
    assert client.post(links_page, data={"expires": "3"}).status_code == 400
