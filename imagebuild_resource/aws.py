"""boto3 ``imagebuilder`` clients with explicit timeouts and retries.

Every client gets a session of its own (credentials are resolved per call from the
standard chain, the profile or the arguments, and never kept), but all sessions share
one botocore data loader: the service model and endpoint data are read once per
process instead of about 9 MB per client, which matters with many builds waiting at
once in one provider process.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import botocore.session
from botocore.config import Config

from .servicemodel import shared_loader

CONNECT_TIMEOUT_SECONDS = 10
READ_TIMEOUT_SECONDS = 60
BOTOCORE_ATTEMPTS = 1
"""botocore makes each call once: the Image Builder layer's session is the one retry layer."""


def make_client(region: str | None = None, profile: str | None = None, endpoint_url: str | None = None,
                access_key: str | None = None, secret_key: str | None = None,
                session_token: str | None = None, read_timeout: float | None = None) -> Any:
    """A new boto3 ``imagebuilder`` client.

    Connect/read timeouts are explicit (10 s / ``read_timeout``, 60 s by default) and
    botocore does not retry (``total_max_attempts=1``): retries stacked under the runtime's
    multiplied every call's cost, and botocore's standard mode does not retry Image
    Builder's 429 CallRateLimitExceededException anyway. The Image Builder layer's session
    retries every transient failure, on one documented budget (:class:`WaitOptions`).
    """
    region = region or os.environ.get("AWS_REGION") or None  # before AWS_DEFAULT_REGION; botocore reads only that
    core = botocore.session.get_session()
    core.register_component("data_loader", shared_loader())
    session = boto3.session.Session(profile_name=profile, region_name=region, aws_access_key_id=access_key,
                                     aws_secret_access_key=secret_key, aws_session_token=session_token,
                                     botocore_session=core)
    config = Config(connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=read_timeout or READ_TIMEOUT_SECONDS,
                    retries={"mode": "standard", "total_max_attempts": BOTOCORE_ATTEMPTS})
    return session.client("imagebuilder", endpoint_url=endpoint_url, config=config)
