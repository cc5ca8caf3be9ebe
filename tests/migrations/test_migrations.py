"""Alembic migrations on SQLite and on a real PostgreSQL server: `flask db upgrade` from
an empty database, the models and the migrations agree (autogenerate finds nothing to
do), answers survive an upgrade, and downgrading to the base removes every table."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from tests.conftest import _create_app

_databases = itertools.count()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Flask]:
    """The app on an empty database: a new SQLite file, or a new PostgreSQL database."""
    server = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        server = request.getfixturevalue("postgres_server")
        name = f"migrations_{next(_databases)}"
        server.execute(f"CREATE DATABASE {name}")
        url = server.url(name)
    app = _create_app(url)
    yield app
    from survey_app.extensions import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    if server is not None:
        server.execute(f"DROP DATABASE {name} WITH (FORCE)")


def flask_db(app: Flask, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["db", *args])
    assert result.exit_code == 0, result.output
    return result.output


def tables(app: Flask) -> set[str]:
    from survey_app.extensions import db

    with app.app_context():
        names = set(sa.inspect(db.engine).get_table_names())
        db.engine.dispose()
    return names


def schema_differences(app: Flask) -> list:  # type: ignore[type-arg]
    """What `flask db migrate` would put in a new revision; empty when models and
    migrations agree (types, server defaults, indexes, foreign keys)."""
    from survey_app.extensions import db

    with app.app_context():
        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            differences = compare_metadata(context, db.metadata)
        db.engine.dispose()
    return differences


def current_revision(app: Flask) -> str | None:
    from survey_app.extensions import db

    with app.app_context():
        with db.engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
        db.engine.dispose()
    return revision


def heads(app: Flask) -> list[str]:
    with app.app_context():
        directory = app.extensions["migrate"].directory
        from alembic.config import Config

        config = Config(str(Path(directory) / "alembic.ini"))
        config.set_main_option("script_location", directory)
        return list(ScriptDirectory.from_config(config).get_heads())


def test_one_line_of_revisions(app):
    assert len(heads(app)) == 1, "two heads: merge them with `flask db merge`"


def test_upgrade_from_empty_matches_the_models_and_downgrades(empty_app):
    from survey_app.extensions import db

    app = empty_app
    assert tables(app) == set()
    flask_db(app, "upgrade")
    model_tables = set(db.metadata.tables)
    assert tables(app) == model_tables | {"alembic_version"}
    assert schema_differences(app) == []
    assert current_revision(app) == heads(app)[0]

    flask_db(app, "downgrade", "base")
    assert tables(app) <= {"alembic_version"}
    assert current_revision(app) is None
    # And up again: a downgrade leaves nothing behind that blocks the next upgrade.
    flask_db(app, "upgrade")
    assert tables(app) == model_tables | {"alembic_version"}


def first_revision(app: Flask) -> str:
    with app.app_context():
        directory = app.extensions["migrate"].directory
        from alembic.config import Config

        config = Config(str(Path(directory) / "alembic.ini"))
        config.set_main_option("script_location", directory)
        script = ScriptDirectory.from_config(config)
        bases = script.get_bases()
        assert len(bases) == 1
        return bases[0]


def test_answers_given_at_the_first_revision_survive_the_upgrade(empty_app):
    from tests.exports.factories import SUBMITTED

    app = empty_app
    flask_db(app, "upgrade", first_revision(app))
    # Written through today's models: while the first revision is also the newest this
    # works; once a revision changes the stored tables, write these rows with the first
    # revision's columns instead.
    before = stored_answers(app, fill=True)
    flask_db(app, "upgrade")
    after = stored_answers(app)
    assert after == before
    assert len(after) == len(SUBMITTED)
    assert all(after.values())


def stored_answers(app: Flask, fill: bool = False) -> dict[int, dict[tuple[str, str], str]]:
    """Every stored answer by response id (after storing the export tests' responses)."""
    from survey_app.extensions import db
    from survey_app.models import Response
    from tests.exports.factories import fill as fill_survey

    if fill:
        fill_survey(app)
    with app.app_context():
        stored = {
            r.id: {(a.question_id, a.item): a.value for a in r.answers}
            for r in db.session.scalars(sa.select(Response))
        }
        db.session.remove()
        db.engine.dispose()
    return stored
