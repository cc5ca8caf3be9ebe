"""`flask backup OUT`: a consistent copy of the live SQLite database, or how to use pg_dump."""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from ..extensions import db

COUNTED_TABLES = ("survey", "response", "answer")


@click.command("backup")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace OUT if it already exists.")
@with_appcontext
def backup_cli(out: Path, force: bool) -> None:
    """Write a consistent copy of the database to OUT while the app keeps running.

    SQLite only; for PostgreSQL the command explains how to use pg_dump.
    """
    url = db.engine.url
    if url.get_backend_name() == "postgresql":
        raise click.ClickException(_pg_dump_advice(url, out))
    if url.get_backend_name() != "sqlite":
        raise click.ClickException(
            f"backup knows SQLite and PostgreSQL, not {url.get_backend_name()!r}: "
            "use that database's own backup tool."
        )
    source = Path(url.database or "")
    if not url.database or url.database == ":memory:":
        raise click.ClickException("The database is in memory; there is no file to back up.")
    if not source.is_file():
        raise click.ClickException(f"Database file {source} does not exist.")
    if out.exists() and out.resolve() == source.resolve():
        raise click.ClickException(f"{out} is the live database itself; choose another file.")
    if out.exists() and not force:
        raise click.ClickException(f"{out} already exists; choose another name or add --force.")
    if not out.parent.is_dir():
        raise click.ClickException(f"Folder {out.parent} does not exist.")

    counts = copy_sqlite(source, out)
    size_kb = out.stat().st_size / 1024
    summary = ", ".join(f"{n} {table}s" for table, n in counts.items())
    click.echo(f"Backup written to {out} ({size_kb:.0f} KB; {summary}).")
    click.echo(
        "To restore: stop the server, copy the file over "
        f"{source} and remove any {source.name}-wal and {source.name}-shm beside it."
    )


def copy_sqlite(source: Path, out: Path) -> dict[str, int]:
    """Copy ``source`` to ``out`` with SQLite's online backup API and check the copy.

    The backup API reads one consistent snapshot even while phones keep writing; the
    copy goes to a temporary file first so an interrupted backup never leaves a
    half-written file under the requested name.
    """
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        # mode=rw: never create an empty database where the live one was expected.
        src = sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=30)
        dst = sqlite3.connect(tmp)
        try:
            with dst:
                src.backup(dst)
            # The copy is one self-contained file, not a WAL database needing -wal/-shm.
            dst.execute("PRAGMA journal_mode=DELETE")
            check = dst.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise click.ClickException(f"The copy failed its integrity check: {check}")
            counts = {table: _count(dst, table) for table in COUNTED_TABLES}
        finally:
            dst.close()
            src.close()
        os.replace(tmp, out)
    except sqlite3.Error as error:
        raise click.ClickException(f"Could not back up {source}: {error}") from error
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _count(connection: sqlite3.Connection, table: str) -> int:
    try:
        return int(connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    except sqlite3.OperationalError:
        return 0  # a database not yet upgraded has no such table


def _pg_dump_advice(url: sa.engine.URL, out: Path) -> str:
    # pg_dump takes a libpq URL, without SQLAlchemy's "+driver" part; the password
    # is left out of the printed command and comes from PGPASSWORD or ~/.pgpass.
    plain = url.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    return (
        "The database is PostgreSQL; back it up with PostgreSQL's own tool, which "
        "also takes a consistent snapshot of a live database:\n"
        f'  pg_dump --format=custom --file "{out}" "{plain}"\n'
        "and restore it into an empty database with:\n"
        f'  pg_restore --no-owner --dbname "<new database URL>" "{out}"'
    )
