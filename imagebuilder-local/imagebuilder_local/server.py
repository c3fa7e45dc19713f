"""``ImageBuilderService``: the WSGI app and a threaded werkzeug server around it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

from werkzeug.serving import BaseWSGIServer, make_server
from werkzeug.wrappers import Request

from .admin_api import PREFIX, AdminApi
from .admin_client import AdminClient
from .auth import TEST_ACCESS_KEY, TEST_SECRET_KEY, SigV4Verifier
from .calllog import CallLog
from .catalog_documents import DEMO_OTHER_REGION
from .clock import TimeSource, VirtualClock
from .faults import FaultInjector
from .keepalive import ConnectionCounter, KeepAliveHandler
from .models import DEFAULT_BUILD_MINUTES, Backend
from .regions import Regions
from .responses import ApiHandler

DEFAULT_OTHER_REGIONS = (DEMO_OTHER_REGION,)
"""The regions served from the start besides the default one, each with the demo catalog in it."""

# Real seconds per modeled second: a 45-minute build takes about 6.75 s.
DEFAULT_TIME_SCALE = 0.0025


class ImageBuilderService:
    """A local EC2 Image Builder service.

    ``start()`` serves on ``host:port`` (0 picks a free port) in a thread and
    returns ``self``; ``endpoint_url`` and ``admin`` are then usable, and
    ``stop()`` (or leaving the ``with`` block) shuts it down.
    """

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, region: str = "us-east-1",
                 account: str = "123456789012", time_scale: float = DEFAULT_TIME_SCALE,
                 build_minutes: float = DEFAULT_BUILD_MINUTES, auth: str = "sigv4",
                 credentials: Mapping[str, str] | None = None, session_tokens: Mapping[str, str] | None = None,
                 check_signing_region: bool = False, catalogs: Iterable[dict[str, Any]] = (),
                 state_file: str | None = None, clock: TimeSource = time.time,
                 regions: Iterable[str] = DEFAULT_OTHER_REGIONS) -> None:
        """``credentials`` maps access key IDs to secrets (default: the test keys); ``session_tokens``
        makes some of them temporary credentials. Each request is served by the region its SigV4
        credential scope names: ``region`` (the default: the admin API's, and requests without
        SigV4) and ``regions`` are served from the start, with the catalogs in each; with
        ``check_signing_region`` a request signed for any other region is refused, as AWS refuses
        it, and without, that region is served from its first request."""
        if auth not in ("sigv4", "none"):
            raise ValueError("auth must be 'sigv4' or 'none'")
        self.host, self.port = host, port
        self.state_file, self._real_clock = state_file, clock
        self.served = tuple(dict.fromkeys((region, *regions)))
        self._backend_options: dict[str, Any] = {"account": account, "build_minutes": build_minutes,
                                                 "catalogs": list(catalogs)}
        self.regions = Regions(region, self.served, VirtualClock(clock, time_scale), self._backend_options,
                               state_file)
        credentials = dict(credentials or {TEST_ACCESS_KEY: TEST_SECRET_KEY})
        self._access_key, self._secret_key = next(iter(credentials.items()))
        self._session_token = (session_tokens or {}).get(self._access_key)
        self.verifier = SigV4Verifier(credentials, clock, session_tokens, self.served if check_signing_region else None)
        self.faults = FaultInjector()
        self.calls = CallLog()
        self.api = ApiHandler(self.regions, self.verifier if auth == "sigv4" else None, self.faults, self.calls)
        self.connections = ConnectionCounter()
        self.admin_api = AdminApi(self.regions, self.faults, self.calls, self.api, self.verifier, self.connections)
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def backend(self) -> Backend:
        """The default region's backend."""
        return self.regions.backend()

    def wsgi_app(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        """The WSGI application: admin requests under ``/_emulator/``, the API otherwise."""
        request = Request(environ)
        handler = self.admin_api if request.path.startswith(PREFIX) else self.api
        return handler(request)(environ, start_response)

    def start(self) -> "ImageBuilderService":
        """Listen and serve in a background thread."""
        if self._server is not None:
            raise RuntimeError("already started")
        self._server = make_server(self.host, self.port, self.wsgi_app, threaded=True,
                                   request_handler=KeepAliveHandler.counting(self.connections))
        self._server.daemon_threads = True  # type: ignore[attr-defined]  # ThreadedWSGIServer's ThreadingMixIn
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="imagebuilder-emulator",
                                        kwargs={"poll_interval": 0.1}, daemon=True)
        self._thread.start()
        return self

    @property
    def endpoint_url(self) -> str:
        """``http://HOST:PORT`` of the running service."""
        if self._server is None:
            raise RuntimeError("not started")
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def admin(self) -> AdminClient:
        """An :class:`AdminClient` for this service."""
        return AdminClient(self.endpoint_url)

    def client(self, region: str | None = None, **config: Any) -> Any:
        """A boto3 ``imagebuilder`` client for this service with the test credentials, signing for ``region``
        (default: the service's default region).

        ``config`` goes to ``botocore.config.Config`` (default: no retries).
        """
        import boto3
        from botocore.config import Config

        config.setdefault("retries", {"mode": "standard", "total_max_attempts": 1})
        return boto3.client("imagebuilder", endpoint_url=self.endpoint_url, region_name=region or self.regions.default,
                            aws_access_key_id=self._access_key, aws_secret_access_key=self._secret_key,
                            aws_session_token=self._session_token, config=Config(**config))

    def stop(self) -> None:
        """Stop serving: close the listening socket and every open connection."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        self.connections.close_all()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def restart(self, down_seconds: float = 0.0) -> "ImageBuilderService":
        """Stop as a crash would, stay down ``down_seconds``, and serve again on the same port from the state file.

        Like a new process: builds, tokens, tags, scenarios and added catalog entries come back from
        the state file, and builds in progress go on by the service clock (the real time spent down
        counts). Clients see connection refused while it is down and their open connections closed.
        What the admin API set outside the state file stays as it was: credentials, fault rules,
        the not-found window, the call log and the recorded output-shape violations.
        """
        if self.state_file is None:
            raise RuntimeError("restart needs a state_file")
        old = self.regions
        old.close()
        self.stop()
        if down_seconds > 0:
            time.sleep(down_seconds)
        regions = Regions(old.default, self.served, VirtualClock(self._real_clock, old.clock.time_scale),
                          self._backend_options, self.state_file)
        for backend in old.all():
            regions.backend(backend.region).not_found_after_create = backend.not_found_after_create
        self.regions = self.api.regions = self.admin_api.regions = regions
        return self.start()

    def __enter__(self) -> "ImageBuilderService":
        return self.start() if self._server is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()
