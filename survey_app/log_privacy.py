"""Keep client addresses out of the development server's request log.

`flask run` (and so `make run`) logs every request through Werkzeug as
``<client address> - - [date] "GET /path HTTP/1.1" 200 -``. Respondents must not be
identifiable from anything the app writes, so the address is replaced by ``-``.
Gunicorn's access log has its own format in gunicorn.conf.py.
"""

from __future__ import annotations

import logging
import re

# The start of Werkzeug's request line: an IPv4, IPv6 or scoped address, then "- - [".
ADDRESS = re.compile(r"^\S+ - - \[")


class NoClientAddress(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = ADDRESS.sub("- - - [", record.msg, count=1)
        return True


def install() -> None:
    """Add the filter to the ``werkzeug`` logger once, however many apps are created."""
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, NoClientAddress) for f in logger.filters):
        logger.addFilter(NoClientAddress())
