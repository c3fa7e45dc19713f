"""Property tests: any malformed expression or condition gives our own error, never a crash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagebuild_resource.arazzo.criteria import Criterion, check_criterion, evaluate_criterion
from imagebuild_resource.arazzo.errors import WorkflowError
from imagebuild_resource.arazzo.expressions import EvalContext, evaluate_expression, parse_expression
from imagebuild_resource.arazzo.state import Response

PIECES = ["$statusCode", "$response.body", "#/", "$inputs.", "$steps.", ".outputs.", "==", "!=", "<", ">=", "&&",
          "||", "!", "(", ")", "[", "]", "'", '"', "@", "$", ".", "?", "1", "-", "e9", "null", "true", " ", "{$", "}",
          "~", "~2", "\\", "count(", "AVAILABLE", "$.image.state.status", "$[?", "*", ",", ":"]
TEXT = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
CTX = EvalContext(inputs={"a": [1, {"b": None}]}, steps={"s": {"o": {"x": 1}}},
                  response=Response(200, {"image": {"state": {"status": "BUILDING"}}, "list": [1, 2]}, {"h": "v"}))
SETTINGS = settings(max_examples=400, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_expressions_parse_or_raise_our_error(text):
    try:
        expression = parse_expression(text)
    except WorkflowError:
        return
    evaluate_expression(expression, CTX)


@SETTINGS
@given(TEXT, st.sampled_from(["simple", "regex", "jsonpath"]))
def test_conditions_parse_or_raise_our_error(condition, kind):
    criterion = Criterion(condition, kind, None if kind == "simple" else "$response.body")
    try:
        check_criterion(criterion)
    except WorkflowError:
        return
    assert evaluate_criterion(criterion, CTX) in (True, False)


@SETTINGS
@given(st.integers(min_value=1, max_value=3000), st.sampled_from(["(", "!", "[", "!("]))
def test_deep_nesting_never_overflows_the_stack(depth, opener):
    closer = {"(": ")", "!": "", "[": "]", "!(": ")"}[opener]
    try:
        check_criterion(Criterion(opener * depth + "1" + closer * depth))
    except WorkflowError:
        pass
    try:
        check_criterion(Criterion("$" + "[?@" * depth + "]" * depth, "jsonpath", "$response.body"))
    except WorkflowError:
        pass
