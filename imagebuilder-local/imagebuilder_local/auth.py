"""SigV4 verification: known access keys, session tokens, credential scope, and the signature
recomputed with botocore's signer over the received request."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any

from urllib.parse import quote, unquote

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest, HTTPHeaders
from botocore.credentials import Credentials

from .errors import AuthError

TEST_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
TEST_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
SERVICE = "imagebuilder"
MAX_SKEW_SECONDS = 15 * 60

_AUTH = re.compile(
    r"^AWS4-HMAC-SHA256\s+Credential=(?P<akid>[^/\s,]+)/(?P<date>\d{8})/(?P<region>[^/\s,]+)/"
    r"(?P<service>[^/\s,]+)/aws4_request,\s*SignedHeaders=(?P<signed>[a-z0-9;_.-]+),\s*Signature=(?P<sig>[0-9a-f]{64})$"
)


class _ReceivedRequestSigner(SigV4Auth):
    """botocore's SigV4 signer, signing exactly the headers the client said it signed."""

    def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
        headers = HTTPHeaders()
        for name, value in request.headers.items():
            headers[name.lower()] = value
        return headers


def _iso(epoch: float) -> str:
    return datetime.datetime.fromtimestamp(epoch, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def canonical_query(raw_query: str) -> str:
    """Re-encode a received query string the way SigV4 canonicalizes it (RFC 3986)."""
    pairs = []
    for pair in filter(None, raw_query.split("&")):
        key, _, value = pair.partition("=")
        pairs.append(f"{quote(unquote(key), safe='-_.~')}={quote(unquote(value), safe='-_.~')}")
    return "&".join(pairs)


@dataclass(frozen=True)
class AccessKey:
    """The secret of an access key and, for temporary credentials, their session token and expiry (epoch seconds)."""

    secret_key: str
    session_token: str | None = None
    expires: float | None = None


class SigV4Verifier:
    """Checks ``Authorization: AWS4-HMAC-SHA256 ...`` against known credentials.

    ``credentials`` maps access key IDs to secret keys; ``session_tokens`` makes some of them
    temporary credentials, valid only with their token. With ``regions`` set, a request must be
    signed for one of them; with None, any region passes.
    """

    def __init__(self, credentials: Mapping[str, str] | None = None,
                 clock: Callable[[], float] = time.time, session_tokens: Mapping[str, str] | None = None,
                 regions: Collection[str] | None = None) -> None:
        tokens = session_tokens or {}
        self._keys = {akid: AccessKey(secret, tokens.get(akid))
                      for akid, secret in (credentials or {TEST_ACCESS_KEY: TEST_SECRET_KEY}).items()}
        self._lock = threading.Lock()
        self.clock = clock
        self.regions = regions

    def add(self, access_key: str, secret_key: str, session_token: str | None = None) -> None:
        """Accept another access key (temporary credentials when ``session_token`` is given)."""
        with self._lock:
            self._keys[access_key] = AccessKey(secret_key, session_token)

    def rotate(self, access_key: str, secret_key: str, session_token: str | None = None) -> None:
        """Accept this access key only: every other one is refused from now on."""
        with self._lock:
            self._keys = {access_key: AccessKey(secret_key, session_token)}

    def issue_temporary(self, duration_seconds: float) -> dict[str, Any]:
        """New temporary credentials valid for ``duration_seconds``, shaped like STS's ``Credentials``."""
        access_key, expires = "ASIA" + secrets.token_hex(8).upper(), self.clock() + duration_seconds
        key = AccessKey(secrets.token_urlsafe(30), secrets.token_urlsafe(48), expires)
        with self._lock:
            self._keys[access_key] = key
        return {"accessKeyId": access_key, "secretAccessKey": key.secret_key, "sessionToken": key.session_token,
                "expiration": _iso(expires)}

    def expire(self, access_key: str) -> None:
        """Make the temporary credentials of ``access_key`` expired now; KeyError if unknown or not temporary."""
        with self._lock:
            key = self._keys.get(access_key)
            if key is None or key.session_token is None:
                raise KeyError(access_key)
            self._keys[access_key] = AccessKey(key.secret_key, key.session_token, self.clock())

    def describe(self) -> list[dict[str, Any]]:
        """Each accepted access key ID: whether it is temporary, and when it expires (no secrets)."""
        with self._lock:
            return [{"accessKeyId": akid, "temporary": key.session_token is not None,
                     "expiration": None if key.expires is None else _iso(key.expires)}
                    for akid, key in self._keys.items()]

    def _key(self, access_key: str) -> AccessKey | None:
        with self._lock:
            return self._keys.get(access_key)

    def verify(self, method: str, raw_path: str, raw_query: str, headers: Mapping[str, str], body: bytes) -> str:
        """The region the request is signed for (its credential scope's); raise :class:`AuthError` (403) unless
        it is signed by a known key.

        ``raw_path`` and ``raw_query`` are as sent (still percent-encoded).
        """
        lower = {k.lower(): v for k, v in headers.items()}
        header = lower.get("authorization")
        if not header:
            raise AuthError("MissingAuthenticationTokenException", "Missing Authentication Token")
        match = _AUTH.match(header.strip())
        if not match:
            raise AuthError("IncompleteSignatureException",
                               "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' "
                               "with the AWS4-HMAC-SHA256 algorithm.")
        key = self._key(match["akid"])
        if key is None or key.session_token != lower.get("x-amz-security-token"):
            raise AuthError("UnrecognizedClientException", "The security token included in the request is invalid.")
        if key.expires is not None and self.clock() >= key.expires:
            raise AuthError("ExpiredTokenException", "The security token included in the request is expired")
        if match["service"] != SERVICE:
            raise AuthError("InvalidSignatureException",
                               f"Credential should be scoped to correct service: '{SERVICE}'.")
        if self.regions is not None and match["region"] not in self.regions:
            raise AuthError("InvalidSignatureException", "Credential should be scoped to a valid region.")
        stamp = lower.get("x-amz-date", "")
        try:
            when = datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
        except ValueError:
            raise AuthError("IncompleteSignatureException", "X-Amz-Date header is missing or malformed.") from None
        if not stamp.startswith(match["date"]):
            raise AuthError("InvalidSignatureException", "Date in Credential scope does not match X-Amz-Date.")
        if abs(when.timestamp() - self.clock()) > MAX_SKEW_SECONDS:
            raise AuthError("InvalidSignatureException",
                               f"Signature expired: {stamp} is not within {MAX_SKEW_SECONDS // 60} minutes of the server time.")
        declared = lower.get("x-amz-content-sha256")
        if declared and declared != "UNSIGNED-PAYLOAD" and declared != hashlib.sha256(body).hexdigest():
            raise AuthError("InvalidSignatureException", "The provided x-amz-content-sha256 header does not match the body.")
        signed = match["signed"].split(";")
        if "host" not in signed:
            raise AuthError("InvalidSignatureException", "The host header must be signed.")
        # The URL's host is not signed (the Host header is, as received): a fixed one keeps a Host that no URL can
        # hold ("[::1", "a b") from breaking botocore's URL parsing, which answered 500.
        url = f"http://imagebuilder.local{raw_path}"
        query = canonical_query(raw_query)
        request = AWSRequest(method=method, url=f"{url}?{query}" if query else url, data=body,
                             headers={name: lower.get(name, "") for name in signed})
        request.context["timestamp"] = stamp
        signer = _ReceivedRequestSigner(Credentials(match["akid"], key.secret_key, key.session_token),
                                        SERVICE, match["region"])
        canonical = signer.canonical_request(request)
        expected = signer.signature(signer.string_to_sign(request, canonical), request)
        if not hmac.compare_digest(expected, match["sig"]):
            raise AuthError("InvalidSignatureException",
                               "The request signature we calculated does not match the signature you provided. "
                               "Check your AWS Secret Access Key and signing method.")
        return str(match["region"])
