"""boto3 ``imagebuilder`` clients with explicit timeouts and retries. No module state."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

CONNECT_TIMEOUT_SECONDS = 10
READ_TIMEOUT_SECONDS = 60


def make_client(region: str | None = None, profile: str | None = None, endpoint_url: str | None = None,
                access_key: str | None = None, secret_key: str | None = None,
                session_token: str | None = None) -> Any:
    """A new boto3 ``imagebuilder`` client.

    Connect/read timeouts are explicit (10 s / 60 s) and botocore retries run in standard
    mode (3 attempts). Standard mode does not retry Image Builder's 429
    CallRateLimitExceededException; the workflow runtime retries that itself.
    """
    session = boto3.session.Session(profile_name=profile, region_name=region, aws_access_key_id=access_key,
                                     aws_secret_access_key=secret_key, aws_session_token=session_token)
    config = Config(connect_timeout=CONNECT_TIMEOUT_SECONDS, read_timeout=READ_TIMEOUT_SECONDS,
                    retries={"mode": "standard", "max_attempts": 3})
    return session.client("imagebuilder", endpoint_url=endpoint_url, config=config)
