"""What the HTTP fuzzing sends and what it holds every answer to, shared by the deterministic fuzz tests
(``tests/test_fuzz.py``) and the longer randomized run of ``bench/fuzz.py``.

Each ``send_*`` function sends one drawn request to a running service and raises AssertionError
unless the answer is a 4xx (or a 200 for a valid call) with an AWS-shaped error body, and the
service still answers its health check: never a 5xx, a dropped connection or a dead server.
"""

from __future__ import annotations

import http.client
import json
import socket
import string
import urllib.parse
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import strategies as st

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, ImageBuilderService
from imagebuilder_local.routes import OPERATIONS

from .helpers import MODEL, raw_request

BUILD = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"
ADMIN_ENDPOINTS = ("faults", "faults/kinds", "scenario", "credentials", "credentials/rotate", "credentials/temporary",
                   "credentials/expire", "not-found-after-create", "builds/status", "builds/counts", "time-scale",
                   "catalog", "calls", "listing", "nope")


def exchange(service: ImageBuilderService, raw: bytes, head: bool = False) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` on a new connection and read one response (RemoteDisconnected if the server dropped it)."""
    sock = socket.create_connection(("127.0.0.1", service.port), timeout=10)
    try:
        try:
            sock.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything; the answer must still come
        response = http.client.HTTPResponse(sock, method="HEAD" if head else None)
        response.begin()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        sock.close()


def assert_aws_answer(status: int, headers: dict[str, str], body: bytes, head: bool = False) -> None:
    assert status == 200 or 400 <= status < 500, (status, headers, body[:300])
    if status != 200:
        assert headers.get("x-amzn-errortype"), (status, headers)
        if not head:
            assert isinstance(json.loads(body)["message"], str), body[:300]


def assert_alive(service: ImageBuilderService) -> None:
    assert service.admin.health()["ok"]


def uri(operation: str) -> tuple[str, str]:
    """The method and the request URI (without its query) of an operation, from the model."""
    http_ = MODEL.operation_model(operation).http
    return http_["method"], http_["requestUri"].split("?")[0]


latin1_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=60)
token = st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=20)
paths = st.one_of(
    st.sampled_from([uri(op)[1].replace("{resourceArn}", urllib.parse.quote(BUILD, safe="")) for op in OPERATIONS]),
    st.builds(lambda parts: "/" + "/".join(parts), st.lists(token, max_size=4)),
    st.builds(lambda raw: "/" + urllib.parse.quote_from_bytes(raw), st.binary(max_size=40)),
    st.builds(lambda raw: "/" + raw.decode("latin-1"), st.binary(max_size=20).filter(
        lambda b: not set(b) & set(b" \r\n\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"))),
)
queries = st.one_of(
    st.just(""),
    st.builds(lambda pairs: urllib.parse.urlencode(pairs), st.lists(st.tuples(latin1_text, latin1_text), max_size=4)),
    st.builds(lambda raw: raw.decode("latin-1"), st.binary(max_size=40).filter(
        lambda b: not set(b) & set(b" #\r\n\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0"))),
    st.sampled_from(["%", "%ZZ", "%FF%FE", "a=%E9", "&&=&", "imageBuildVersionArn=" + BUILD]),
)
header_names = st.one_of(
    st.sampled_from(["Authorization", "X-Amz-Date", "X-Amz-Security-Token", "X-Amz-Content-Sha256",
                     "Content-Type", "Content-Encoding", "Expect", "Host", "Connection"]),
    token,
)
hosts = st.one_of(latin1_text, st.builds(".".join, st.lists(st.text("ab.-[]:", max_size=70), max_size=4)))
"""Host header values: any text, and dotted names with empty, over-long and bracketed labels."""
headers = st.lists(st.one_of(st.tuples(header_names, latin1_text), st.tuples(st.just("Host"), hosts)), max_size=5)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=15), inner, max_size=4),
    max_leaves=10,
)
bodies = st.one_of(
    st.just(b""),
    st.builds(lambda v: json.dumps(v).encode(), json_values),
    st.binary(max_size=300),
    st.sampled_from([b"{", b"\xff\xfe{}", b'{"a": "\xed\xa0\x80"}', b"\x00" * 50, b"[]", b"null", b"1e999"]),
)
framings = st.sampled_from(["length", "length", "none", "garbage", "chunked", "bad-chunks"])
methods = st.one_of(st.sampled_from(["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS", "HEAD"]),
                    st.text(string.ascii_uppercase, min_size=1, max_size=8))
labels = st.sampled_from([BUILD, "not-an-arn", "arn:aws:imagebuilder:us-east-1:123456789012:x/y"])
admin_methods = st.sampled_from(["GET", "POST", "DELETE"])
admin_names = st.sampled_from(ADMIN_ENDPOINTS)


def frame(method: str, target: str, headers: list[tuple[str, str]], body: bytes, framing: str) -> bytes:
    """The bytes of one HTTP/1.1 request, its body framed as ``framing`` says (broken ones included)."""
    lines = [f"{method} {target} HTTP/1.1", *(f"{k}: {v}" for k, v in headers), "Connection: close"]
    if framing == "length":
        lines.append(f"Content-Length: {len(body)}")
    elif framing == "garbage":
        lines.append("Content-Length: twelve")
    elif framing in ("chunked", "bad-chunks"):
        lines.append("Transfer-Encoding: chunked")
        body = (f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n") if framing == "chunked" else \
            b"zz\r\n" + body
    else:
        body = b""
    return "\r\n".join(lines).encode("latin-1") + b"\r\n\r\n" + body


def send_any_request(service: ImageBuilderService, method: str, path: str, query: str,
                     headers: list[tuple[str, str]], body: bytes, framing: str, sign: bool) -> None:
    """Any method, path, query, headers, framing and body; signed (validly, over what is sent) if ``sign``."""
    target = path + (f"?{query}" if query else "")
    if sign:  # a valid signature over what is sent, so the request gets past SigV4
        url = f"http://127.0.0.1:{service.port}{target}"
        request = AWSRequest(method=method, url=url, data=body, headers=dict(headers))
        try:
            SigV4Auth(Credentials(TEST_ACCESS_KEY, TEST_SECRET_KEY), "imagebuilder", "us-east-1").add_auth(request)
        except (ValueError, UnicodeError):
            pass  # botocore cannot sign some of these; they go out as they are
        headers = [(k, v) for k, v in request.headers.items()]
    head = method == "HEAD"
    raw = frame(method, target, [(k, v) for k, v in headers
                                 if k.lower() not in ("connection", "content-length", "transfer-encoding")],
                body, framing)
    assert_aws_answer(*exchange(service, raw, head), head=head)
    assert_alive(service)


def member_values(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    """Request members of ``operation`` (and other names) holding any JSON value or a near-ARN."""
    members = sorted(MODEL.operation_model(operation).input_shape.members)
    keys = st.sampled_from(members) | st.text(max_size=12) if members else st.text(max_size=12)
    return st.dictionaries(keys, json_values | st.sampled_from([BUILD, "arn:aws:imagebuilder:::", "x" * 70]),
                           max_size=6)


def send_signed_call(service: ImageBuilderService, operation: str, payload: dict[str, Any], label: str) -> None:
    """A validly signed call of ``operation`` with ``payload`` as its members (query members for GET and DELETE)."""
    method, request_uri = uri(operation)
    path = request_uri.replace("{resourceArn}", urllib.parse.quote(label, safe=""))
    query, body = None, payload
    if method in ("GET", "DELETE"):  # these take their members from the query string
        query = {k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
        body = None
    status, answer_headers, answer = raw_request(service.endpoint_url, method, path, body=body, query=query)
    assert status == 200 or 400 <= status < 500, (operation, status, answer)
    if status != 200:
        assert answer_headers.get("x-amzn-errortype") and isinstance(answer["message"], str), (status, answer)
        assert "Traceback" not in answer["message"] and "<class " not in answer["message"]


def send_admin_request(service: ImageBuilderService, method: str, name: str, body: bytes) -> None:
    """Any body to an admin endpoint: a JSON object back, never a 5xx."""
    if name in ("credentials/rotate", "time-scale") and method == "POST":
        body = b"[]"  # keep the service's keys and clock for the other examples
    raw = frame(method, f"/_emulator/{name}", [("Host", "x")], body, "length")
    status, _, answer = exchange(service, raw)
    assert status < 500, (status, answer)
    assert isinstance(json.loads(answer), dict)
    assert_alive(service)
