"""The app served by werkzeug on a free loopback port in a background thread."""

from __future__ import annotations

import threading

from flask import Flask
from werkzeug.serving import make_server


class LiveServer:
    def __init__(self, app: Flask, host: str = "127.0.0.1") -> None:
        # threaded: a browser opens several connections at once (page, CSS, script).
        self._server = make_server(host, 0, app, threaded=True)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> LiveServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)
