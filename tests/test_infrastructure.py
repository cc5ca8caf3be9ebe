"""The shared fixtures themselves: a real PostgreSQL query, a real page in Chromium."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from survey_app.extensions import db


def test_app_has_migrated_schema_on_sqlite(app: Flask) -> None:
    with app.app_context():
        assert db.engine.dialect.name == "sqlite"
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"survey", "response", "answer", "alembic_version"} <= tables
        assert app.config["TESTING"]


def test_each_app_gets_its_own_database(app: Flask, make_app) -> None:
    other = make_app()
    assert other.config["SQLALCHEMY_DATABASE_URI"] != app.config["SQLALCHEMY_DATABASE_URI"]


def test_postgres_server_answers_a_real_query(postgres_url: str) -> None:
    engine = sa.create_engine(postgres_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text("CREATE TABLE t (name text)"))
            conn.execute(sa.text("INSERT INTO t VALUES ('Kymenlaakso'), ('Kotka')"))
            names = conn.scalars(sa.text("SELECT name FROM t ORDER BY name")).all()
            version = conn.scalar(sa.text("SHOW server_version"))
            conn.execute(sa.text("DROP TABLE t"))
    finally:
        engine.dispose()
    assert names == ["Kotka", "Kymenlaakso"]
    assert version


def test_app_pg_has_migrated_schema_on_postgres(app_pg: Flask) -> None:
    with app_pg.app_context():
        assert db.engine.dialect.name == "postgresql"
        assert "answer" in sa.inspect(db.engine).get_table_names()
        revision = db.session.scalar(sa.text("SELECT version_num FROM alembic_version"))
        assert revision


def test_browser_loads_a_page_from_the_live_server(app: Flask, live_server: str, phone_page,
                                                   artifacts_dir) -> None:  # fmt: skip
    @app.get("/__infrastructure_probe")
    def probe() -> str:
        return "<!doctype html><title>probe</title><h1 id=h>Hyvää päivää, Kymenlaakso</h1>"

    response = phone_page.goto(f"{live_server}/__infrastructure_probe")
    assert response is not None and response.status == 200
    assert phone_page.inner_text("#h") == "Hyvää päivää, Kymenlaakso"
    assert phone_page.viewport_size == {"width": 360, "height": 740}
    phone_page.screenshot(path=str(artifacts_dir / "probe.png"))
    assert (artifacts_dir / "probe.png").stat().st_size > 0


def test_projector_page_is_full_hd(projector_page) -> None:
    projector_page.set_content("<p>ok</p>")
    assert projector_page.viewport_size == {"width": 1920, "height": 1080}
