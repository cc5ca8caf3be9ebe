"""A throw-away PostgreSQL server in a temporary folder, for tests that need the real thing."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

SERVER_USER = "postgres"  # the cluster's superuser name, whoever runs the server


class PostgresUnavailable(RuntimeError):
    """The PostgreSQL server binaries are missing or the server would not start."""


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl: `pg_config --bindir`, else Debian's layout."""
    candidates: list[str] = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    # Debian ships pg_config with the client only; the server lives in a versioned folder.
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for folder in candidates:
        if (Path(folder) / "initdb").is_file() and (Path(folder) / "pg_ctl").is_file():
            return Path(folder)
    raise PostgresUnavailable(
        "PostgreSQL server binaries (initdb, pg_ctl) not found via `pg_config --bindir` or "
        "/usr/lib/postgresql/*/bin. Install them with scripts/ensure-system-packages.sh "
        "(Debian package `postgresql`)."
    )


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _unprivileged_user() -> pwd.struct_passwd | None:
    """The account to run the server as when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "regional-pgtest"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(
        ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
         "regional-pgtest"],
        check=True, capture_output=True,
    )  # fmt: skip
    return pwd.getpwnam("regional-pgtest")


class PostgresServer:
    """initdb + pg_ctl in a temporary folder; `start()` then `stop()` removes everything."""

    def __init__(self) -> None:
        self.bindir = find_bindir()
        self.user = _unprivileged_user()
        self.root = Path(tempfile.mkdtemp(prefix="regional-pg-"))
        self.datadir = self.root / "data"
        self.port = 0
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        kwargs: dict = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
        env.pop("PGDATA", None)
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            capture_output=True, text=True, cwd=self.root, env=env, **kwargs,
        )  # fmt: skip

    def start(self) -> None:
        init = self._run(
            "initdb", "-D", str(self.datadir), "-U", SERVER_USER, "--auth=trust",
            "--encoding=UTF8", "--no-sync",
        )  # fmt: skip
        if init.returncode != 0:
            raise PostgresUnavailable(f"initdb failed:\n{init.stdout}\n{init.stderr}")
        # A port picked free can be taken before the server binds it; try a few.
        for _attempt in range(3):
            self.port = free_port()
            options = (
                f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                "-c max_connections=200"
            )
            started = self._run(
                "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.datadir),
                "-l", str(self.root / "server.log"), "-o", options,
            )  # fmt: skip
            if started.returncode == 0:
                return
            time.sleep(0.2)
        log = (self.root / "server.log").read_text(errors="replace")[-2000:]
        raise PostgresUnavailable(f"pg_ctl start failed:\n{started.stderr}\n{log}")

    def url(self, database: str = "postgres", driver: str = "postgresql+psycopg") -> str:
        return f"{driver}://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def execute(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
        with psycopg.connect(self.url(driver="postgresql"), autocommit=True) as conn:
            conn.execute(sql)  # type: ignore[call-overload]

    def stop(self) -> None:
        if self.datadir.exists():
            self._run("pg_ctl", "stop", "-D", str(self.datadir), "-m", "immediate", "-w")
        shutil.rmtree(self.root, ignore_errors=True)
