"""boto3 ``imagebuilder`` clients with explicit timeouts and retries.

Credentials are resolved anew from the standard chain, the profile or the arguments
every time a client is asked for (each provider RPC, and again after AWS rejected
them), and they are never written anywhere. What they do not change is shared in the
process: botocore's data loader (the service model and endpoint data), one botocore
session per profile and set of ``AWS_*`` variables (its handlers, config files and
credential chain), and the client itself for as long as the credentials resolve to the
same ones; new credentials get a new client. boto3 clients are thread-safe. A session
and client of its own per build cost about 10 ms of CPU each plus the first calls'
model parsing, and 0.6 MB: with 100 builds starting at once in one provider process
that delayed the last build by seconds and cost 60 MB (``bench/RESULTS.md``, benchmark 6).
"""

from __future__ import annotations

import hashlib
import os
import threading
from typing import Any

import boto3
import botocore.session
from botocore.config import Config
from botocore.credentials import Credentials

from .servicemodel import shared_loader

CONNECT_TIMEOUT_SECONDS = 10
READ_TIMEOUT_SECONDS = 60
BOTOCORE_ATTEMPTS = 1
"""botocore makes each call once: the Image Builder layer's session is the one retry layer."""


def make_client(region: str | None = None, profile: str | None = None, endpoint_url: str | None = None,
                access_key: str | None = None, secret_key: str | None = None,
                session_token: str | None = None, read_timeout: float | None = None) -> Any:
    """A boto3 ``imagebuilder`` client signing with the credentials the chain (or the arguments) give now.

    Connect/read timeouts are explicit (10 s / ``read_timeout``, 60 s by default) and
    botocore does not retry (``total_max_attempts=1``): retries stacked under the runtime's
    multiplied every call's cost, and botocore's standard mode does not retry Image
    Builder's 429 CallRateLimitExceededException anyway. The Image Builder layer's session
    retries every transient failure, on one documented budget (:class:`WaitOptions`).
    """
    region = region or os.environ.get("AWS_REGION") or None  # before AWS_DEFAULT_REGION; botocore reads only that
    with _LOCK:  # botocore sessions are not thread-safe
        core, session = _session(profile)
        credentials = (Credentials(access_key, secret_key, session_token) if access_key and secret_key
                       else core.resolve_credentials())
        key = (id(session), region, endpoint_url, read_timeout)
        cached = _CLIENTS.get(key)
        if cached is not None and cached[0] == _digest(credentials):
            return cached[1]
        config = Config(connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=read_timeout or READ_TIMEOUT_SECONDS,
                        retries={"mode": "standard", "total_max_attempts": BOTOCORE_ATTEMPTS},
                        max_pool_connections=MAX_POOL_CONNECTIONS)
        client = session.client("imagebuilder", region_name=region, endpoint_url=endpoint_url,
                                aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                                aws_session_token=session_token, config=config)
        _CLIENTS[key] = (_digest(credentials), client)
        return client


MAX_POOL_CONNECTIONS = 50
"""Connections a shared client keeps open for builds polling at once (botocore's default is 10)."""


class _ChainSession(botocore.session.Session):
    """A botocore session whose clients get the credentials it last resolved (botocore's keeps the first ones)."""

    resolved: Any = None

    def resolve_credentials(self) -> Any:
        """Credentials from the chain now (None when there are none)."""
        self.resolved = self.get_component("credential_provider").load_credentials()
        return self.resolved

    def get_credentials(self) -> Any:
        return self.resolved


_LOCK = threading.Lock()
_SESSIONS: dict[tuple[str | None, str], tuple[_ChainSession, boto3.session.Session]] = {}
_CLIENTS: dict[tuple[int, str | None, str | None, float | None], tuple[str, Any]] = {}


def _digest(value: Any) -> str:
    """A digest of what a value says, so that comparing credentials keeps no key."""
    if isinstance(value, Credentials):
        value = tuple(value.get_frozen_credentials())
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _session(profile: str | None) -> tuple[_ChainSession, boto3.session.Session]:
    """The process's session (botocore's and boto3's) for ``profile`` and the current ``AWS_*`` variables."""
    key = (profile, _digest(sorted((name, value) for name, value in os.environ.items() if name.startswith("AWS_"))))
    if key not in _SESSIONS:
        core = _ChainSession()
        core.register_component("data_loader", shared_loader())
        _SESSIONS[key] = core, boto3.session.Session(profile_name=profile, botocore_session=core)
    return _SESSIONS[key]
