"""Shared fixtures: the app on a fresh database (SQLite or a throw-away PostgreSQL), its
clients, a live server, headless Chromium pages and a folder for screenshots."""

from __future__ import annotations

import itertools
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.support.live_server import LiveServer
from tests.support.postgres import PostgresServer, PostgresUnavailable

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"

# Flags that keep Debian's Chromium quiet and fast on a closed network and as root:
# without the background-networking ones it keeps trying to reach outside hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
]

BROWSER_FIXTURES = {"browser", "phone_page", "projector_page"}
POSTGRES_FIXTURES = {"postgres_url", "postgres_server", "app_pg"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by the fixtures they use, so `-m "not browser"` works without bookkeeping."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if names & POSTGRES_FIXTURES:
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    # Keep each phase's report on the item so page fixtures can screenshot failures.
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


# --- the app on SQLite -------------------------------------------------------------

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key-not-used-anywhere-else",
}


def _create_app(database_url: str, **config: Any) -> Flask:
    from survey_app import create_app

    return create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url, **config})


def _upgrade_and_dispose(app: Flask) -> None:
    from flask_migrate import upgrade

    from survey_app.extensions import db

    with app.app_context():
        upgrade()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite database brought to the newest schema by Alembic, once per session."""
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    _upgrade_and_dispose(_create_app(f"sqlite:///{path}"))
    return path


def _copy_sqlite(source: Path, target: Path) -> None:
    # The backup API gives a consistent copy even if a WAL file was left beside it.
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


@pytest.fixture
def make_app(tmp_path: Path, sqlite_template: Path) -> Iterator[Callable[..., Flask]]:
    """Factory: `make_app(**config)` gives an app on its own fresh, migrated SQLite file;
    `make_app(database_url=...)` uses that (already migrated) database instead."""
    apps: list[Flask] = []
    counter = itertools.count()

    def factory(database_url: str | None = None, **config: Any) -> Flask:
        if database_url is None:
            path = tmp_path / f"app{next(counter)}.sqlite3"
            _copy_sqlite(sqlite_template, path)
            database_url = f"sqlite:///{path}"
        app = _create_app(database_url, **config)
        apps.append(app)
        return app

    yield factory

    from survey_app.extensions import db

    for app in apps:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    """The app on a fresh SQLite file with the schema from the Alembic revisions; CSRF on."""
    return make_app()


@pytest.fixture
def client(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_client()


@pytest.fixture
def runner(app: Flask):  # type: ignore[no-untyped-def]
    return app.test_cli_runner()


# --- PostgreSQL ----------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL server of our own in a temporary folder, for the whole session."""
    try:
        server = PostgresServer()
        server.start()
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of an empty database `test` on the session's throw-away server."""
    postgres_server.execute("CREATE DATABASE test")
    return postgres_server.url("test")


@pytest.fixture(scope="session")
def postgres_template(postgres_server: PostgresServer) -> str:
    """Name of a database migrated once by Alembic; each test copies it (CREATE ... TEMPLATE)."""
    postgres_server.execute("CREATE DATABASE app_template")
    _upgrade_and_dispose(_create_app(postgres_server.url("app_template")))
    return "app_template"


_pg_databases = itertools.count()


@pytest.fixture
def app_pg(
    make_app: Callable[..., Flask], postgres_server: PostgresServer, postgres_template: str
) -> Iterator[Flask]:
    """Like `app`, on a fresh migrated PostgreSQL database of its own."""
    name = f"app_{next(_pg_databases)}"
    postgres_server.execute(f"CREATE DATABASE {name} TEMPLATE {postgres_template}")
    app = make_app(database_url=postgres_server.url(name))
    yield app
    from survey_app.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    postgres_server.execute(f"DROP DATABASE {name} WITH (FORCE)")


# --- live server and browser -----------------------------------------------------------


@pytest.fixture
def live_server(app: Flask) -> Iterator[str]:
    """The `app` served on a free loopback port; yields its base URL (no trailing slash)."""
    server = LiveServer(app).start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Debian's headless Chromium driven by Playwright (never a browser download)."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(
            "Chromium not found on PATH; install it with scripts/ensure-system-packages.sh "
            "(Debian package `chromium`).",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


def _artifact_name(item: pytest.Item) -> str:
    module = Path(str(item.path)).stem
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", f"{module}.{item.name}").strip("_")


@pytest.fixture
def artifacts_dir(request: pytest.FixtureRequest) -> Path:
    """test-artifacts/<module.test name>/, emptied first, for screenshots a person looks at."""
    path = ARTIFACTS / _artifact_name(request.node)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def _page(request: pytest.FixtureRequest, browser, **context_options: Any):  # type: ignore[no-untyped-def]
    context = browser.new_context(**context_options)
    context.set_default_timeout(10_000)
    page = context.new_page()
    try:
        yield page
    finally:
        call = getattr(request.node, "rep_call", None)
        if call is not None and call.failed and not page.is_closed():
            target = ARTIFACTS / _artifact_name(request.node)
            target.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(target / "failure.png"), full_page=True)
        context.close()


@pytest.fixture
def phone_page(request: pytest.FixtureRequest, browser):  # type: ignore[no-untyped-def]
    """A 360x740 touch page with a Finnish locale; a screenshot is kept if the test fails."""
    yield from _page(
        request, browser, viewport={"width": 360, "height": 740}, is_mobile=True,
        has_touch=True, device_scale_factor=2, locale="fi-FI",
    )  # fmt: skip


@pytest.fixture
def projector_page(request: pytest.FixtureRequest, browser):  # type: ignore[no-untyped-def]
    """A 1920x1080 page, as on a workshop projector."""
    yield from _page(request, browser, viewport={"width": 1920, "height": 1080}, locale="fi-FI")
