"""The facilitator's views open before any group is large enough to be shown: early in a
workshop every open question has answers only from hidden groups."""

from __future__ import annotations

from tests.auth.helpers import login_as
from tests.hardening.fuzz_support import deploy_bundled


def test_views_open_with_a_handful_of_responses(make_app) -> None:  # type: ignore[no-untyped-def]
    deployed = deploy_bundled(make_app())
    app = deployed.app
    result = app.test_cli_runner().invoke(
        args=["demo", "responses", deployed.slug, "--n", "3", "--seed", "1"]
    )
    assert result.exit_code == 0, result.output
    client = app.test_client()
    login_as(app, client, "facilitator")
    base = f"/facilitate/{deployed.slug}"
    for path in (base, f"{base}/handout", f"{base}/live", f"{base}/present/1"):
        reply = client.get(path)
        assert reply.status_code == 200, f"{path}: {reply.status_code}"
