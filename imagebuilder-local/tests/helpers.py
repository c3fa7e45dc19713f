"""Helpers for the emulator tests: raw signed requests and polling."""

from __future__ import annotations

import http.client
import json
import time
import urllib.parse
from typing import Any

import botocore.session
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY

MODEL = botocore.session.get_session().get_service_model("imagebuilder")
"""botocore's model, read here apart from the service, to check the service against."""


def raw_request(endpoint: str, method: str, path: str, *, body: Any = None, query: dict[str, Any] | None = None,
                sign: bool = True, access_key: str = TEST_ACCESS_KEY, secret_key: str = TEST_SECRET_KEY,
                region: str = "us-east-1", session_token: str | None = None,
                mutate: Any = None, host: str | None = None) -> tuple[int, dict[str, str], dict[str, Any]]:
    """Send one request (SigV4-signed unless ``sign`` is false), bypassing boto3's validation.

    ``body`` may be a dict (JSON-encoded) or bytes; ``mutate(headers, body) -> body`` runs after signing;
    ``host`` is sent (and signed) as the Host header instead of the endpoint's.
    Returns (status, lower-cased headers, decoded JSON body).
    """
    url = endpoint + path
    if query:
        url += "?" + urllib.parse.urlencode(query, doseq=True, quote_via=urllib.parse.quote, safe="-_.~")
    data = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
    request = AWSRequest(method=method, url=url, data=data, headers={"Content-Type": "application/json",
                                                                     **({"Host": host} if host else {})})
    if sign:
        SigV4Auth(Credentials(access_key, secret_key, session_token), "imagebuilder", region).add_auth(request)
    headers = dict(request.headers.items())
    if mutate is not None:
        data = mutate(headers, data)
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, target, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, json.loads(payload or b"{}")
    finally:
        conn.close()


def wait_for(client: Any, arn: str, statuses: set[str], timeout: float = 10.0) -> dict[str, Any]:
    """Poll GetImage until the status is one of ``statuses``; returns the image."""
    deadline = time.monotonic() + timeout
    while True:
        image = client.get_image(imageBuildVersionArn=arn)["image"]
        if image["state"]["status"] in statuses or time.monotonic() > deadline:
            return image
        time.sleep(0.05)


def statuses_seen(client: Any, arn: str, final: set[str], timeout: float = 10.0) -> list[str]:
    """Every distinct status GetImage reports until one of ``final``."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"]
        if not seen or seen[-1] != status:
            seen.append(status)
        if status in final:
            break
        time.sleep(0.02)
    return seen
