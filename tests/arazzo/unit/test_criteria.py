"""Criteria, with the Arazzo 1.0.1 "Criterion Object" examples and the seed's conditions."""

import pytest

from imagebuild_resource.arazzo.criteria import Criterion, check_criterion, evaluate_criterion
from imagebuild_resource.arazzo.errors import CriterionError, ExpressionError
from imagebuild_resource.arazzo.expressions import EvalContext
from imagebuild_resource.arazzo.state import Response

PETS = {"pets": [{"name": "Fido", "age": 3}, {"name": "Rex", "age": 5}], "total": 2, "ok": True, "none": None}


def ctx(body=PETS, status=200, headers=None):
    return EvalContext(inputs={"n": 2, "name": "Fido"}, response=Response(status, body, headers or {}))


def simple(condition, context=None):
    return evaluate_criterion(Criterion(condition), context or ctx())


@pytest.mark.parametrize("condition, expected", [
    ("$statusCode == 200", True),
    ("$statusCode == 404", False),
    ("$statusCode != 200", False),
    ("$statusCode >= 200 && $statusCode < 300", True),
    ("$statusCode < 200 || $statusCode > 299", False),
    ("!($statusCode == 200)", False),
    ("$response.body#/pets/0/name == 'Fido'", True),
    ('$response.body#/pets/0/name == "Fido"', True),
    ("$response.body#/total == $inputs.n", True),
    ("$response.body#/pets/1/age > 4.5", True),
    ("$response.body#/ok", True),
    ("$response.body#/ok == true", True),
    ("$response.body#/none == null", True),
    ("$response.body#/missing == null", True),
    ("$response.body#/ok == 1", False),
    ("$response.body#/total == '2'", False),
    ("$response.body#/total < 'x'", False),
    ("$response.body#/pets[0].name == 'Fido'", True),
    ("$response.body#/pets[-1]['name'] == 'Rex'", True),
    ("$response.body#/pets[9].name == null", True),
    ("'b' > 'a'", True),
    ("(1 == 1) && !(2 < 1) || false", True),
    ("'it\\'s' == \"it's\"", True),
    ("1e2 == 100", True),
])
def test_simple_conditions(condition, expected):
    assert simple(condition) is expected


@pytest.mark.parametrize("condition", [
    "$statusCode ==", "== 200", "(1 == 1", "1 == 1)", "$statusCode = 200", "1 == 2 == 3", "foo == 1",
    "$statusCode # 200", "[0]", "$response.body.[", "   ", "'unterminated", "!",
])
def test_malformed_simple_conditions_raise_criterion_errors(condition):
    with pytest.raises(CriterionError):
        check_criterion(Criterion(condition))


def test_bad_expression_inside_condition_is_a_criterion_error():
    with pytest.raises(CriterionError, match="supports"):
        check_criterion(Criterion("$url == 'x'"))


def test_deep_nesting_is_refused_not_a_recursion_error():
    with pytest.raises(CriterionError, match="nested"):
        check_criterion(Criterion("(" * 500 + "1" + ")" * 500))
    with pytest.raises(CriterionError, match="nested"):
        check_criterion(Criterion("!" * 500 + "true"))


# regex: spec example `context: $statusCode, condition: '^200$', type: regex`
@pytest.mark.parametrize("context, condition, expected", [
    ("$statusCode", "^200$", True),
    ("$statusCode", "^20[01]$", True),
    ("$statusCode", "^404$", False),
    ("$response.body#/pets/0/name", "^Fi", True),
    ("$response.body#/ok", "^true$", True),
    ("$response.body#/missing", ".*", False),
    ("$response.header.X-Request-Id", "^[a-f0-9-]+$", True),
])
def test_regex_criteria(context, condition, expected):
    c = ctx(headers={"x-request-id": "ab-12"})
    assert evaluate_criterion(Criterion(condition, "regex", context), c) is expected


def test_bad_regex_is_a_criterion_error():
    with pytest.raises(CriterionError, match="does not compile"):
        check_criterion(Criterion("(unclosed", "regex", "$statusCode"))


# jsonpath: spec example `context: $response.body, condition: $[?count(@.pets) > 0], type: jsonpath`
@pytest.mark.parametrize("condition, body, expected", [
    ("$[?count(@.pets) > 0]", PETS, True),
    ("$[?count(@.pets) > 0]", {"other": 1}, False),
    ("$[?length(@.pets) == 2]", PETS, True),
    ("$[?@.pets[?@.age > 4]]", PETS, True),
    ("$[?@.pets[?@.age > 9]]", PETS, False),
    ("$.pets[0].name", PETS, True),
    ("$.nothing", PETS, False),
    ('$.image.state.status == "AVAILABLE"', {"image": {"state": {"status": "AVAILABLE"}}}, True),
    ('$.image.state.status == "AVAILABLE"', {"image": {"state": {"status": "BUILDING"}}}, False),
    ("$.image.state.status == 'AVAILABLE'", {"image": {"state": {"status": "AVAILABLE"}}}, True),
    ('$.image.state.status != "AVAILABLE" && $.image.state.status != "FAILED" && $.image.state.status != "CANCELLED"',
     {"image": {"state": {"status": "TESTING"}}}, True),
    ('$.image.state.status != "AVAILABLE" && $.image.state.status != "FAILED" && $.image.state.status != "CANCELLED"',
     {"image": {"state": {"status": "FAILED"}}}, False),
    ('$.name == "a$b"', {"name": "a$b"}, True),
    ("$.total > 1 || $.total < 0", PETS, True),
    ('!($.total == 2)', PETS, False),
    ('$.x == "AVAILABLE"', None, False),
])
def test_jsonpath_criteria(condition, body, expected):
    assert evaluate_criterion(Criterion(condition, "jsonpath", "$response.body"), ctx(body)) is expected


@pytest.mark.parametrize("condition", ["$.a ==", "$[?", "$.a === 1", "$.a == AVAILABLE", "@@"])
def test_malformed_jsonpath_is_a_criterion_error(condition):
    with pytest.raises(CriterionError, match="RFC 9535"):
        check_criterion(Criterion(condition, "jsonpath", "$response.body"))


def test_unknown_type_and_bad_context():
    with pytest.raises(CriterionError, match="not supported"):
        check_criterion(Criterion("//a", "xpath", "$response.body"))
    with pytest.raises(ExpressionError):
        check_criterion(Criterion("^a$", "regex", "response.body"))
