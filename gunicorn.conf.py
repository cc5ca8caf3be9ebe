"""Production server settings: `gunicorn -c gunicorn.conf.py "survey_app:create_app()"`.

Every setting can be changed through an environment variable, so the same file serves a
laptop, a classroom server and a virtual machine behind a reverse proxy.
"""

from __future__ import annotations

import multiprocessing
import os
import re

from gunicorn.glogging import Logger


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Behind a reverse proxy the app listens on loopback only; the proxy terminates HTTPS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Threads instead of many processes: a request spends much of its time waiting for
# the database, and a hall of phones keeps connections open between pages. Two
# processes per core plus one, a few threads each, fits a 2-core machine without
# swapping (each process holds its own copy of the app, about 80 MB).
workers = _env_int(
    "WEB_CONCURRENCY", _env_int("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1)
)
worker_class = "gthread"
threads = _env_int("GUNICORN_THREADS", 4)

# Load the app once in the master and fork the workers from it. The app imports the
# analysis stack (pandas, scikit-learn): seconds of CPU per process, which every worker
# would otherwise spend at start and again at each max_requests restart, in the middle
# of a session. Forked workers start at once and share that memory. GUNICORN_PRELOAD=0
# loads the app in each worker instead (needed for code reloading with SIGHUP).
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in {
    "0",
    "false",
    "no",
    "off",
}


def post_fork(server, worker):  # type: ignore[no-untyped-def]
    """A database connection opened while loading the app must not be shared by two
    processes: each worker starts with an empty connection pool of its own."""
    if not server.cfg.preload_app:
        return
    app = server.app.wsgi()
    db = getattr(app, "extensions", {}).get("sqlalchemy")
    if db is None:
        return
    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


# A survey page never takes seconds; a request that does is stuck and the worker is
# restarted. Graceful timeout lets requests in flight finish on a reload.
timeout = _env_int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)
# A full hall connects within seconds of the QR code going up.
backlog = _env_int("GUNICORN_BACKLOG", 2048)

# Recycle workers now and then so a slow leak in any library never grows unbounded;
# the jitter keeps all workers from restarting at the same moment.
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 500)

# The proxy's X-Forwarded-Proto is trusted only from these addresses (gunicorn's own
# scheme detection); the app's ProxyFix is switched on with PROXY_FIX_HOPS.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log without client address, user agent or referrer (which may hold a
# collector token): respondents stay anonymous in the server's logs as in the data.
# The query string is left out for the same reason.
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'
errorlog = os.environ.get("GUNICORN_ERRORLOG", "-")
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")

_IP_IN_MESSAGE = re.compile(r"\bfrom ip=\S*: ")


class AnonymousLogger(Logger):
    """Gunicorn's logger, minus the client address it writes on malformed requests."""

    def warning(self, msg, *args, **kwargs):  # type: ignore[no-untyped-def]
        if isinstance(msg, str):
            msg = _IP_IN_MESSAGE.sub("from a client: ", msg)
        super().warning(msg, *args, **kwargs)


logger_class = AnonymousLogger

# Gunicorn's control socket has one default path per user, so a second server on the
# same machine (a test run, a benchmark) would take it over; opt in with a path.
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True
