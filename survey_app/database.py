"""Engine settings that depend on the database behind ``DATABASE_URL``."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Flask

from .extensions import db


def configure_engine_events(app: Flask) -> None:
    """Put SQLite in WAL mode with a busy timeout.

    A classroom of phones submits at once; without WAL and a timeout SQLite answers
    concurrent writers with "database is locked" instead of letting them wait.
    """
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite":
            return

        @sa.event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()
