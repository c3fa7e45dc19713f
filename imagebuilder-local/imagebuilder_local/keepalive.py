"""An HTTP/1.1 request handler that keeps connections open between requests.

werkzeug's development server closes every connection: its ``run_wsgi`` always sends
``Connection: close`` and then drains the socket, whatever ``protocol_version`` says. AWS
endpoints keep connections alive and SDKs pool them, so this handler serves each request
itself: it reads exactly the request's body, runs the WSGI app, and answers with a
``Content-Length``, leaving the connection open unless the client asked to close it.

A request the HTTP layer cannot take is answered here, AWS-shaped (``x-amzn-ErrorType`` and a
JSON ``{"message"}`` body), always with a 4xx status, and the connection is closed since its
framing cannot be trusted (our decisions; the codes are ours too): a malformed request line or
headers, or an HTTP version other than 1.x, is ``BadRequestException`` (400, or http.server's
414/431); a missing or bad ``Content-Length`` or chunked encoding is ``SerializationException``
(400); a body over :data:`MAX_BODY_BYTES` is ``RequestEntityTooLargeException`` (413), answered
without reading it.
"""

from __future__ import annotations

import io
import json
import logging
import socket
import struct
import threading
import uuid
from typing import Any

from werkzeug.serving import WSGIRequestHandler

log = logging.getLogger(__name__)

IDLE_SECONDS = 60.0
"""An idle connection is closed after this long without a request (our choice)."""

MAX_BODY_BYTES = 1 << 20
"""The largest request body taken (our choice: Image Builder's largest inputs are far smaller)."""


LINGER_SECONDS = 2.0
LINGER_BYTES = 64 << 20
"""After an error that closes the connection, unread input is drained for at most this long and this much."""


class _Unreadable(Exception):
    """A request whose body cannot be read: answered with ``status`` and ``code``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


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

    def handle_expect_100(self) -> bool:
        """Defer ``100 Continue`` until the body is known to be acceptable (see :meth:`run_wsgi`)."""
        return True

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own errors (bad request line, headers too long, ...) as AWS-shaped 4xx answers."""
        status = code if 400 <= code < 500 else 400
        self.send_aws_error(status, "BadRequestException", message or self.responses.get(code, ("Bad request",))[0])

    def send_aws_error(self, status: int, code: str, message: str) -> None:
        """Answer with an AWS-shaped error and close the connection."""
        self.close_connection = True
        payload = json.dumps({"message": message}).encode()
        if not getattr(self, "request_version", None) or not self.request_version.startswith("HTTP/1."):
            self.request_version = "HTTP/1.1"  # http.server would answer a request it cannot parse without headers
        self.send_response(status)
        for name, value in (("Content-Type", "application/json"), ("x-amzn-ErrorType", code),
                            ("x-amzn-RequestId", str(uuid.uuid4())), ("Content-Length", str(len(payload))),
                            ("Connection", "close")):
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)
        self.wfile.flush()
        self._linger()

    def _linger(self) -> None:
        """Close our side, then read what the client still sends (bounded), so it gets the answer, not a reset."""
        try:
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(LINGER_SECONDS)
            left = LINGER_BYTES
            while left > 0 and (data := self.rfile.read1(min(left, 1 << 16))):
                left -= len(data)
        except OSError:
            pass

    def _read_body(self, environ: dict[str, Any]) -> bytes:
        """The request's body, read whole (chunked or by ``Content-Length``) up to :data:`MAX_BODY_BYTES`."""
        too_large = _Unreadable(413, "RequestEntityTooLargeException",
                                f"The request body is larger than {MAX_BODY_BYTES} bytes.")
        stream = environ["wsgi.input"]
        if environ.get("wsgi.input_terminated"):  # chunked: werkzeug decodes it as we read
            self._continue()
            chunks, size = [], 0
            try:
                while chunk := stream.read(65536):
                    chunks.append(chunk)
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise too_large
            except OSError:
                raise _Unreadable(400, "SerializationException", "The chunked request body is malformed.") from None
            return b"".join(chunks)
        declared = environ.get("CONTENT_LENGTH") or "0"
        if not declared.isdigit():
            raise _Unreadable(400, "SerializationException", "Content-Length must be a non-negative integer.")
        if int(declared) > MAX_BODY_BYTES:
            raise too_large
        self._continue()
        return bytes(stream.read(int(declared)))

    def _continue(self) -> None:
        if self.headers.get("Expect", "").lower().strip() == "100-continue" and self.request_version >= "HTTP/1.1":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            self.wfile.flush()

    def run_wsgi(self) -> None:
        environ = self.make_environ()
        try:
            body = self._read_body(environ)
        except _Unreadable as problem:
            self.send_aws_error(problem.status, problem.code, problem.message)
            return
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
