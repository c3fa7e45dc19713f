"""The wire protocol: routes from the model, server-side validation of raw requests, error shapes."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN
from imagebuilder_local.routes import OPERATIONS, url_map
from .helpers import MODEL, raw_request

BUILD = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"
# What botocore's client-side ParamValidator says, and Python type names: never in the service's errors.
BOTOCORE_CLIENT_SIDE_WORDING = ("Invalid type for parameter", "Missing required parameter", "Unknown parameter",
                                "<class ", "NoneType")


def test_every_route_is_the_models_method_and_uri():
    rules = {r.endpoint: r for r in url_map().iter_rules()}
    assert set(rules) == set(OPERATIONS)
    for name, rule in rules.items():
        http = MODEL.operation_model(name).http
        assert rule.methods >= {http["method"]}
        assert rule.rule.replace("<path:", "{").replace(">", "}") == http["requestUri"]


def _error(status, headers, body, code, *needles):
    assert headers["x-amzn-errortype"] == code, (status, body)
    assert set(body) == {"message"}
    for needle in needles:
        assert needle in body["message"], body
    return status


def test_missing_required_member_is_invalid_request_naming_it(imagebuilder_service):
    status, headers, body = raw_request(imagebuilder_service.endpoint_url, "PUT", "/CreateImage",
                                        body={"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "clientToken": "t"})
    assert _error(status, headers, body, "InvalidRequestException", "infrastructureConfigurationArn") == 400


def test_malformed_arn_is_invalid_parameter_value_naming_member_and_arn(imagebuilder_service):
    status, headers, body = raw_request(imagebuilder_service.endpoint_url, "GET", "/GetImage",
                                        query={"imageBuildVersionArn": "arn:nope"})
    assert _error(status, headers, body, "InvalidParameterValueException", "imageBuildVersionArn", "arn:nope") == 400


def test_constraint_violations_name_the_member(imagebuilder_service):
    url = imagebuilder_service.endpoint_url
    base = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
    cases = [
        ({**base, "clientToken": "x" * 65}, "clientToken"),  # max length
        ({**base, "clientToken": "t", "workflows": [{"workflowArn": "a", "onFailure": "MAYBE"}]}, "onFailure"),
        ({**base, "clientToken": "t", "tags": {f"k{i}": "v" for i in range(51)}}, "tags"),  # map size
        ({**base, "clientToken": "t", "imageTestsConfiguration": {"timeoutMinutes": 5}}, "timeoutMinutes"),
    ]
    for payload, member in cases:
        status, headers, body = raw_request(url, "PUT", "/CreateImage", body=payload)
        assert _error(status, headers, body, "InvalidParameterValueException", member) == 400


def test_wrong_json_types_and_bad_json_are_serialization_errors(imagebuilder_service):
    url = imagebuilder_service.endpoint_url
    status, headers, body = raw_request(url, "PUT", "/CreateImage", body={
        "imageRecipeArn": 5, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN, "clientToken": "t"})
    assert _error(status, headers, body, "SerializationException", "'imageRecipeArn'", "expected a string") == 400
    status, headers, body = raw_request(url, "PUT", "/CreateImage", body=b"{not json")
    assert _error(status, headers, body, "SerializationException") == 400
    status, headers, body = raw_request(url, "POST", "/ListImageBuildVersions", body={"maxResults": "ten"})
    assert _error(status, headers, body, "SerializationException", "'maxResults'", "expected an integer") == 400
    status, headers, body = raw_request(url, "PUT", "/CreateImage", body={
        "imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN,
        "clientToken": "t", "workflows": [{"workflowArn": ["a"]}]})
    assert _error(status, headers, body, "SerializationException", "'workflows.1.workflowArn'") == 400


def _message(url, payload):
    status, headers, body = raw_request(url, "PUT", "/CreateImage", body=payload)
    assert status == 400, body
    return headers["x-amzn-errortype"], body["message"]


def test_validation_messages_read_like_aws(imagebuilder_service):
    url = imagebuilder_service.endpoint_url
    base = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN,
            "clientToken": "t"}
    assert _message(url, {**base, "imageTestsConfiguration": {"timeoutMinutes": 5}}) == (
        "InvalidParameterValueException",
        "1 validation error detected: Value '5' at 'imageTestsConfiguration.timeoutMinutes' failed to satisfy "
        "constraint: Member must have value greater than or equal to 60")
    assert _message(url, {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "clientToken": "t"}) == (
        "InvalidRequestException",
        "1 validation error detected: Value null at 'infrastructureConfigurationArn' failed to satisfy "
        "constraint: Member must not be null")
    code, message = _message(url, {**base, "clientToken": "x" * 65,
                                   "workflows": [{"workflowArn": "a", "onFailure": "MAYBE"}]})
    assert code == "InvalidParameterValueException"
    assert message.startswith("3 validation errors detected: Value '" + "x" * 65 + "' at 'clientToken' failed to "
                              "satisfy constraint: Member must have length less than or equal to 64; ")
    assert ("Value 'MAYBE' at 'workflows.1.onFailure' failed to satisfy constraint: "
            "Member must satisfy enum value set: [CONTINUE, ABORT]") in message
    assert "Value 'a' at 'workflows.1.workflowArn' failed to satisfy constraint: Member must satisfy " \
           "regular expression pattern: " in message
    code, message = _message(url, {**base, "tags": {"aws:x": "v"}})
    assert message.startswith("1 validation error detected: Value 'aws:x' at 'tags' failed to satisfy constraint: "
                              "Map keys must satisfy constraint: [Member must satisfy regular expression pattern: ")


def test_tag_operations_use_their_modeled_invalid_parameter_exception(imagebuilder_service):
    url = imagebuilder_service.endpoint_url
    status, headers, body = raw_request(url, "GET", "/tags/not-an-arn")
    assert _error(status, headers, body, "InvalidParameterException", "resourceArn", "not-an-arn") == 400
    status, headers, body = raw_request(url, "POST", "/tags/" + DEMO_IMAGE_RECIPE_ARN.replace("/", "%2F"), body={})
    assert _error(status, headers, body, "InvalidParameterException", "tags") == 400


def test_unknown_route_and_method(imagebuilder_service):
    url = imagebuilder_service.endpoint_url
    assert _error(*raw_request(url, "GET", "/NoSuchOperation"), "UnknownOperationException") == 404
    assert _error(*raw_request(url, "POST", "/GetImage"), "UnknownOperationException") == 404


def test_error_statuses_come_from_the_model(imagebuilder_service):
    status, headers, body = raw_request(imagebuilder_service.endpoint_url, "GET", "/GetImage",
                                        query={"imageBuildVersionArn": BUILD})
    assert _error(status, headers, body, "ResourceNotFoundException", BUILD) == 404


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=80),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=20), inner, max_size=4),
    max_leaves=12,
)
members = st.sampled_from(sorted(MODEL.operation_model("CreateImage").input_shape.members))


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(members, json_values, max_size=6))
def test_arbitrary_bodies_never_cause_a_server_error(imagebuilder_service, payload):
    status, headers, body = raw_request(imagebuilder_service.endpoint_url, "PUT", "/CreateImage", body=payload)
    assert status in (200, 400, 404), (status, body)
    if status != 200:
        assert "x-amzn-errortype" in headers and isinstance(body.get("message"), str)
        assert not any(text in body["message"] for text in BOTOCORE_CLIENT_SIDE_WORDING), body
    assert json.dumps(body)


def test_query_string_members_are_checked_like_body_members(imagebuilder_service):
    """GetImage takes imageBuildVersionArn from the query string: the walker checks it against its shape's pattern,
    as it checks a body member (and a label or header member)."""
    url = imagebuilder_service.endpoint_url
    status, headers, body = raw_request(url, "GET", "/GetImage", query={"imageBuildVersionArn": "not-an-arn"})
    assert _error(status, headers, body, "InvalidParameterValueException", "imageBuildVersionArn") == 400
    assert "Member must satisfy regular expression pattern" in body["message"]
    status, headers, body = raw_request(url, "GET", "/GetImage", query={})
    assert headers["x-amzn-errortype"] == "InvalidRequestException" and "imageBuildVersionArn" in body["message"]
