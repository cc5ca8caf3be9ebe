"""A facilitator logging in lands on the survey list, which leads only to summaries."""

from __future__ import annotations

from tests.auth.helpers import login, make_user
from tests.researcher.conftest import populate


def test_facilitator_lands_on_a_list_leading_to_summaries(app):
    data = populate(app, synthetic=0)
    make_user(app, "facilitator")
    client = app.test_client()
    response = login(client, "facilitator@example.org")
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'href="/facilitate/{data["slug"]}"' in html
    # No way into the researcher's own pages from here.
    assert f"/research/surveys/{data['slug']}" not in html
    assert "/research/deploy" not in html
    assert "/research/audit" not in html


def test_researcher_list_leads_to_the_survey_page(app, client):
    data = populate(app, synthetic=0)
    make_user(app, "researcher")
    login(client, "researcher@example.org")
    html = client.get("/research/").get_data(as_text=True)
    assert f'href="/research/surveys/{data["slug"]}"' in html
    assert "/research/deploy" in html
