"""A gunicorn server in a process group of its own, on a free loopback port, that a load
run can start, stop gracefully, or kill outright with SIGKILL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerFailed(RuntimeError):
    """Gunicorn exited or did not answer in time; the message holds its log's tail."""


class GunicornServer:
    """`gunicorn -c gunicorn.conf.py APP` with the given environment.

    ``env`` adds to (and overrides) this process's environment; the bind address is
    always loopback. The log goes to ``log_path`` so a failure can be shown.
    """

    def __init__(
        self, app_spec: str, env: dict[str, str], log_path: Path, port: int | None = None
    ) -> None:
        self.app_spec = app_spec
        self.env = env
        self.log_path = log_path
        self.port = port or free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 120) -> GunicornServer:
        # Generous: importing the app takes a minute on a busy two-core machine.
        env = {
            **os.environ,
            # The access log is off under load; the benchmark measures, it does not log.
            "GUNICORN_ACCESSLOG": "",
            **self.env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
        }
        env.setdefault("PYTHONPATH", str(ROOT))
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "gunicorn.conf.py"), self.app_spec],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Own process group: kill() takes the master and every worker down at once,
            # as a power cut or an out-of-memory kill would.
            start_new_session=True,
        )
        log.close()
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise ServerFailed(
                    f"gunicorn exited with {self.process.returncode}:\n{self.tail()}"
                )
            try:
                # Any HTTP answer (a 404 too) means a worker is serving.
                httpx.get(self.url + "/", timeout=2)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.kill()
        raise ServerFailed(f"gunicorn did not answer within {timeout:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM: gunicorn lets requests in flight finish, then exits."""
        self._signal(signal.SIGTERM)
        self._reap(timeout)

    def kill(self) -> None:
        """SIGKILL to the master and all workers: nothing gets to finish or clean up."""
        self._signal(signal.SIGKILL)
        self._reap(10)

    def _signal(self, signum: int) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signum)
        except ProcessLookupError:
            pass

    def _reap(self, timeout: float) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self._signal(signal.SIGKILL)
            self.process.wait(10)
        # Workers of a killed master may linger an instant; wait until the port is free.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _port_in_use(self.port):
            time.sleep(0.05)

    def __enter__(self) -> GunicornServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0
