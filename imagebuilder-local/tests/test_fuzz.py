"""Property-based HTTP fuzzing: whatever arrives, the answer is a 4xx (or a 200 for a valid call)
with an AWS-shaped error body, never a 5xx, a dropped connection or a dead server."""

from __future__ import annotations

import http.client
import json
import socket
import string
import time
import urllib.parse
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from hypothesis import given, settings
from hypothesis import strategies as st

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, ImageBuilderService
from imagebuilder_local.keepalive import MAX_BODY_BYTES
from imagebuilder_local.routes import OPERATIONS

from .conftest import TEST_TIME_SCALE
from .helpers import MODEL, raw_request

FUZZ = settings(max_examples=200, deadline=None)
BUILD = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"


@pytest.fixture(scope="module")
def service() -> Iterator[ImageBuilderService]:
    """One service for every example (hypothesis reruns a test body many times)."""
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, check_signing_region=True) as svc:
        yield svc
        violations = svc.api.violations()
    assert not violations, violations


def _exchange(service: ImageBuilderService, raw: bytes, head: bool = False) -> tuple[int, dict[str, str], bytes]:
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


def _assert_aws_answer(status: int, headers: dict[str, str], body: bytes, head: bool = False) -> None:
    assert status == 200 or 400 <= status < 500, (status, headers, body[:300])
    if status != 200:
        assert headers.get("x-amzn-errortype"), (status, headers)
        if not head:
            assert isinstance(json.loads(body)["message"], str), body[:300]


def _alive(service: ImageBuilderService) -> None:
    assert service.admin.health()["ok"]


def _uri(operation: str) -> tuple[str, str]:
    http_ = MODEL.operation_model(operation).http
    return http_["method"], http_["requestUri"].split("?")[0]


latin1_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=60)
token = st.text(string.ascii_letters + string.digits + "-", min_size=1, max_size=20)
paths = st.one_of(
    st.sampled_from([_uri(op)[1].replace("{resourceArn}", urllib.parse.quote(BUILD, safe="")) for op in OPERATIONS]),
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


def _frame(method: str, target: str, headers: list[tuple[str, str]], body: bytes, framing: str) -> bytes:
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


@FUZZ
@given(method=methods, path=paths, query=queries, headers=st.lists(st.tuples(header_names, latin1_text), max_size=5),
       body=bodies, framing=framings, sign=st.booleans())
def test_any_request_gets_an_aws_shaped_answer(service, method, path, query, headers, body, framing, sign):
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
    raw = _frame(method, target, [(k, v) for k, v in headers if k.lower() not in ("connection", "content-length",
                                                                                  "transfer-encoding")], body,
                 framing)
    _assert_aws_answer(*_exchange(service, raw, head), head=head)
    _alive(service)


def _member_values(operation: str) -> st.SearchStrategy[dict[str, Any]]:
    members = sorted(MODEL.operation_model(operation).input_shape.members)
    keys = st.sampled_from(members) | st.text(max_size=12) if members else st.text(max_size=12)
    return st.dictionaries(keys, json_values | st.sampled_from([BUILD, "arn:aws:imagebuilder:::", "x" * 70]),
                           max_size=6)


@FUZZ
@given(data=st.data(), operation=st.sampled_from(OPERATIONS))
def test_signed_calls_with_wrong_members_and_types_are_refused_as_aws_does(service, data, operation):
    method, uri = _uri(operation)
    payload = data.draw(_member_values(operation))
    label = data.draw(st.sampled_from([BUILD, "not-an-arn", "arn:aws:imagebuilder:us-east-1:123456789012:x/y"]))
    path = uri.replace("{resourceArn}", urllib.parse.quote(label, safe=""))
    query = None
    if method in ("GET", "DELETE"):  # these take their members from the query string
        query = {k: v if isinstance(v, str) else json.dumps(v) for k, v in payload.items()}
        payload = None
    status, headers, body = raw_request(service.endpoint_url, method, path, body=payload, query=query)
    assert status == 200 or 400 <= status < 500, (operation, status, body)
    if status != 200:
        assert headers.get("x-amzn-errortype") and isinstance(body["message"], str), (status, body)
        assert "Traceback" not in body["message"] and "<class " not in body["message"]


@settings(max_examples=60, deadline=None)
@given(method=st.sampled_from(["GET", "POST", "DELETE"]), name=st.sampled_from(
    ["faults", "faults/kinds", "scenario", "credentials", "credentials/rotate", "credentials/temporary",
     "credentials/expire", "not-found-after-create", "builds/status", "builds/counts", "time-scale", "catalog",
     "calls", "nope"]), body=bodies)
def test_the_admin_endpoint_refuses_bad_input_without_failing(service, method, name, body):
    if name in ("credentials/rotate", "time-scale") and method == "POST":
        body = b"[]"  # keep the service's keys and clock for the other examples
    raw = _frame(method, f"/_emulator/{name}", [("Host", "x")], body, "length")
    status, _, answer = _exchange(service, raw)
    assert status < 500, (status, answer)
    assert isinstance(json.loads(answer), dict)
    _alive(service)


def test_a_10_mb_body_is_refused_quickly_and_the_answer_arrives(service):
    start = time.monotonic()
    status, headers, body = raw_request(service.endpoint_url, "PUT", "/CreateImage", body=b"{" + b" " * (10 << 20))
    assert time.monotonic() - start < 5
    assert (status, headers["x-amzn-errortype"]) == (413, "RequestEntityTooLargeException")
    assert json.loads(json.dumps(body))["message"] == f"The request body is larger than {MAX_BODY_BYTES} bytes."
    raw = _frame("PUT", "/CreateImage", [("Host", "x")], b"a" * (MAX_BODY_BYTES + 1), "chunked")
    status, headers, _ = _exchange(service, raw)
    assert (status, headers["x-amzn-errortype"]) == (413, "RequestEntityTooLargeException")
    _alive(service)


@pytest.mark.parametrize("raw, status, code", [
    (b"PUT /CreateImage HTTP/1.1\r\nContent-Length: -5\r\n\r\n", 400, "SerializationException"),
    (b"PUT /CreateImage HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n", 400, "SerializationException"),
    (b"\x00\x01garbage\r\n\r\n", 400, "BadRequestException"),
    (b"GET / HTTP/9.9\r\n\r\n", 400, "BadRequestException"),
    (b"GET /" + b"a" * 70000 + b" HTTP/1.1\r\n\r\n", 414, "BadRequestException"),
    (b"GET /GetImage HTTP/1.1\r\n" + b"X-A: a\r\n" * 200 + b"\r\n", 431, "BadRequestException"),
])
def test_requests_http_cannot_frame_get_aws_shaped_4xx(service, raw, status, code):
    got, headers, body = _exchange(service, raw)
    assert (got, headers["x-amzn-errortype"], headers["connection"]) == (status, code, "close")
    assert json.loads(body)["message"]


def test_expect_100_continue_is_sent_once(service):
    sock = socket.create_connection(("127.0.0.1", service.port), timeout=5)
    try:
        sock.sendall(b"PUT /CreateImage HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
        assert sock.recv(100) == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(b"{}")
        answer = b""
        while b"Missing Authentication Token" not in answer:
            answer += sock.recv(4096)
        assert b"100 Continue" not in answer
    finally:
        sock.close()
