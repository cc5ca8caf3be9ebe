"""Fixtures of the export tests: a filled survey on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.exports.factories import fill


@pytest.fixture(
    params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def backend_app(request):  # type: ignore[no-untyped-def]
    """The app on SQLite, then on a real PostgreSQL server."""
    return request.getfixturevalue("app" if request.param == "sqlite" else "app_pg")


@pytest.fixture
def filled(backend_app):  # type: ignore[no-untyped-def]
    return backend_app, fill(backend_app)
