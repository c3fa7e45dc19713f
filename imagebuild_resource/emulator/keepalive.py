"""An HTTP/1.1 request handler that keeps connections open between requests.

werkzeug's development server closes every connection: its ``run_wsgi`` always sends
``Connection: close`` and then drains the socket, whatever ``protocol_version`` says. AWS
endpoints keep connections alive and SDKs pool them, so this handler serves each request
itself: it reads exactly the request's body, runs the WSGI app, and answers with a
``Content-Length``, leaving the connection open unless the client asked to close it.
"""

from __future__ import annotations

import io
import logging
import socket
import struct
import threading
from typing import Any

from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0
"""An idle connection is closed after this long without a request (our choice)."""


class InjectedReset(ConnectionResetError):
    """Raised by the app to make the server drop the connection without a response."""


class ConnectionCounter:
    """How many TCP connections a server has accepted, and the ones still open."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._count = 0
        self._open: set[socket.socket] = set()

    def add(self, connection: socket.socket) -> None:
        """Count one more accepted connection, open until :meth:`remove`."""
        with self._lock:
            self._count += 1
            self._open.add(connection)

    def remove(self, connection: socket.socket) -> None:
        """The connection is closed."""
        with self._lock:
            self._open.discard(connection)

    def close_all(self) -> None:
        """Shut every open connection down (a stopping server's clients see them closed)."""
        with self._lock:
            connections, self._open = list(self._open), set()
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    @property
    def count(self) -> int:
        """Connections accepted so far."""
        with self._lock:
            return self._count


class KeepAliveHandler(WSGIRequestHandler):
    """Quiet HTTP/1.1 handler with keep-alive; an :class:`InjectedReset` becomes a TCP RST."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    counter: ConnectionCounter

    @classmethod
    def counting(cls, counter: ConnectionCounter) -> type["KeepAliveHandler"]:
        """A handler class that counts its accepted connections in ``counter``."""
        return type("CountingKeepAliveHandler", (cls,), {"counter": counter})

    def setup(self) -> None:
        super().setup()
        # Headers and body go out in two writes; without this, Nagle's algorithm holds the body
        # back until the client acknowledges the headers, which a reused connection delays.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.counter.add(self.connection)

    def finish(self) -> None:
        self.counter.remove(self.connection)
        super().finish()

    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").lower().strip() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)
                                          if not environ.get("wsgi.input_terminated") else -1)
        environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body))})
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        environ.pop("wsgi.input_terminated", None)
        self.environ = environ
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = [status, headers]
            return None

        try:
            chunks = self.server.app(environ, start_response)
            try:
                payload = b"".join(chunks)
            finally:
                getattr(chunks, "close", lambda: None)()
        except ConnectionError as error:
            self.connection_dropped(error, environ)
            return
        except Exception:
            log.exception("the local service failed to answer %s %s", self.command, self.path)
            started[:] = ["500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")]]
            payload, self.close_connection = b"Internal Server Error", True
        status, headers = started
        code, _, reason = status.partition(" ")
        self.send_response(int(code), reason)
        for name, value in headers:
            if name.lower() not in ("content-length", "connection", "transfer-encoding"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(payload)
        self.wfile.flush()

    def connection_dropped(self, error: BaseException, environ: Any = None) -> None:
        self.close_connection = True
        if isinstance(error, InjectedReset):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
