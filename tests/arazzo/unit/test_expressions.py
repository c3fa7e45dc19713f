"""Runtime expressions, with examples from the Arazzo 1.0.1 "Runtime Expressions" section."""

import pytest

from imagebuild_resource.arazzo.errors import ExpressionError
from imagebuild_resource.arazzo.expressions import (EvalContext, check_value, evaluate_expression, parse_expression,
                                                      resolve_value)
from imagebuild_resource.arazzo.state import Request, Response

BODY = {"pets": [{"name": "Fido", "status": "available"}], "a/b": 1, "m~n": 2}
CTX = EvalContext(
    inputs={"username": "alice", "customer": {"name": "Bob"}, "count": 3},
    steps={"loginStep": {"sessionToken": "tok", "pets": [{"id": 7}]}},
    outputs={"done": True},
    request=Request(body={"id": 9}, header={"X-Trace": "t"}, query={"limit": 10}, path={"petId": "p1"}),
    response=Response(200, BODY, {"X-Rate-Limit": "100", "Content-Type": "application/json"}),
)


@pytest.mark.parametrize("text, expected", [
    ("$statusCode", 200),
    ("$inputs.username", "alice"),
    ("$inputs.customer.name", "Bob"),
    ("$inputs.customer#/name", "Bob"),
    ("$steps.loginStep.outputs.sessionToken", "tok"),
    ("$steps.loginStep.outputs.pets#/0/id", 7),
    ("$outputs.done", True),
    ("$response.body", BODY),
    ("$response.body#/pets/0/name", "Fido"),
    ("$response.body#/a~1b", 1),
    ("$response.body#/m~0n", 2),
    ("$response.header.X-Rate-Limit", "100"),
    ("$response.header.content-type", "application/json"),
    ("$request.body#/id", 9),
    ("$request.header.X-Trace", "t"),
    ("$request.query.limit", 10),
    ("$request.path.petId", "p1"),
])
def test_spec_examples_evaluate(text, expected):
    assert evaluate_expression(text, CTX) == expected


@pytest.mark.parametrize("text", [
    "$inputs.missing", "$steps.other.outputs.x", "$response.body#/pets/5/name", "$response.body#/pets/x",
    "$response.header.Missing",
])
def test_absent_data_is_none(text):
    assert evaluate_expression(text, CTX) is None


def test_no_response_yet_is_none():
    assert evaluate_expression("$statusCode", EvalContext()) is None
    assert evaluate_expression("$response.body#/a", EvalContext()) is None


@pytest.mark.parametrize("text, fragment", [
    ("inputs.x", "must start with '$'"),
    ("$url", "not a runtime expression this runtime supports"),
    ("$method", "supports"),
    ("$workflows.other.outputs.x", "supports"),
    ("$steps.x.y", "$steps.<stepId>.outputs.<name>"),
    ("$steps..outputs.a", "$steps.<stepId>.outputs.<name>"),
    ("$inputs.", "empty or invalid name"),
    ("$response.body#pets", "invalid JSON Pointer"),
    ("$response.header.bad name", "invalid header name"),
    ("$statusCode#/x", "cannot take a JSON Pointer"),
    ("$response.query.x", "supports"),
])
def test_malformed_expressions_say_why(text, fragment):
    with pytest.raises(ExpressionError, match=None) as info:
        parse_expression(text)
    assert fragment in str(info.value)


def test_payload_is_resolved_recursively_keeping_types():
    payload = {"id": "$inputs.count", "nested": {"who": "$inputs.username", "list": ["$statusCode", "lit"]},
               "text": "user {$inputs.username} got {$statusCode}", "plain": 5}
    assert resolve_value(payload, CTX) == {
        "id": 3, "nested": {"who": "alice", "list": [200, "lit"]}, "text": "user alice got 200", "plain": 5}


def test_embedded_absent_value_renders_empty():
    assert resolve_value("a{$inputs.none}b", CTX) == "ab"


@pytest.mark.parametrize("value", ["x {$inputs.a", {"a": ["$nope"]}, "{$bad}"])
def test_check_value_rejects_bad_embedded_or_nested(value):
    with pytest.raises(ExpressionError):
        check_value(value)
