"""One canonical form of nested inputs in the state and in diffs, and problems named as the user wrote them.

check() is given what the program sent: a nested Args object as its snake_case dict, an ArgsDict
as written, or a dict with the API's camelCase keys (tests/e2e/test_native_api.py shows the
engine sends exactly these).
"""

from __future__ import annotations

import pytest

from pulumi.output import Unknown

from imagebuild_resource.inputs import forms
from imagebuild_resource.inputs.image_build import request_shape
from imagebuild_resource.providers import ImageBuildProvider, PipelineBuildProvider, Settings

RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"
WORKFLOW = "arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.0"
ROLE = "arn:aws:iam::123456789012:role/ImageBuilderExecutionRole"
BASE = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA, "executionRole": ROLE}

CAMEL = {
    "imageTestsConfiguration": {"imageTestsEnabled": True, "timeoutMinutes": 90},
    "imageScanningConfiguration": {"imageScanningEnabled": True, "imageScanningTypes": ["ON_DEMAND_AMI_CVE"],
                                   "scanResultCondition": {"maximumSeverityLabel": "HIGH", "fixAvailable": True},
                                   "ecrConfiguration": {"repositoryName": "team/scans", "containerTags": ["a"]}},
    "workflows": [{"workflowArn": WORKFLOW, "onFailure": "CONTINUE", "parallelGroup": "g",
                   "parameters": [{"name": "waitForActionAtEnd", "value": ["true"]}]}],
    "loggingConfiguration": {"logGroupName": "/aws/imagebuilder/app"},
}
SNAKE = {
    "imageTestsConfiguration": {"image_tests_enabled": True, "timeout_minutes": 90},
    "imageScanningConfiguration": {"image_scanning_enabled": True, "image_scanning_types": ["ON_DEMAND_AMI_CVE"],
                                   "scan_result_condition": {"maximum_severity_label": "HIGH", "fix_available": True},
                                   "ecr_configuration": {"repository_name": "team/scans", "container_tags": ["a"]}},
    "workflows": [{"workflow_arn": WORKFLOW, "on_failure": "CONTINUE", "parallel_group": "g",
                   "parameters": [{"name": "waitForActionAtEnd", "value": ["true"]}]}],
    "loggingConfiguration": {"log_group_name": "/aws/imagebuilder/app"},
}


def provider() -> ImageBuildProvider:
    return ImageBuildProvider(Settings(region="us-east-1", endpoint_url="http://unreachable.invalid:1"))


def check(news: dict) -> tuple[dict, dict[str, str]]:
    result = provider().check({}, {"__provider": "x", **BASE, **news})
    return result.inputs, {f.property: f.reason for f in result.failures}


@pytest.mark.parametrize("written", [CAMEL, SNAKE], ids=["camelCase", "snake_case"])
def test_either_form_is_stored_in_the_apis_camel_case_form(written):
    inputs, failures = check(written)
    assert failures == {}
    assert inputs == {**BASE, **CAMEL}


def test_a_switch_of_form_against_a_state_in_the_apis_form_is_no_change():
    olds = {**BASE, **CAMEL, "imageBuildVersionArn": "arn:aws:imagebuilder:us-east-1:1:image/x/1.0.0/1"}
    news, _ = check(SNAKE)
    result = provider().diff("id", olds, news)
    assert result.changes is False and result.replaces == []


def test_different_members_in_different_forms_are_accepted():
    inputs, failures = check({"imageTestsConfiguration": {"image_tests_enabled": True, "timeoutMinutes": 90}})
    assert failures == {} and inputs["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 90}


def test_a_member_given_in_both_forms_is_refused_naming_both():
    _, failures = check({"imageTestsConfiguration": {"image_tests_enabled": True, "imageTestsEnabled": False}})
    assert failures == {"image_tests_configuration.imageTestsEnabled":
                        "is given twice, as imageTestsEnabled and image_tests_enabled: expected one of them"}


@pytest.mark.parametrize("news, path, reason", [
    ({"imageTestsConfiguration": {"timeout_minutes": 30}}, "image_tests_configuration.timeout_minutes",
     "expected an integer from 60 to 1440, got 30"),
    ({"imageTestsConfiguration": {"timeoutMinutes": 30}}, "imageTestsConfiguration.timeoutMinutes",
     "expected an integer from 60 to 1440, got 30"),
    ({"imageTestsConfiguration": {"timeout_minute": 90}}, "image_tests_configuration.timeout_minute",
     "unknown key; expected one of image_tests_enabled, timeout_minutes"),
    ({"imageTestsConfiguration": {"timeoutMinute": 90}}, "imageTestsConfiguration.timeoutMinute",
     "unknown key; expected one of imageTestsEnabled, timeoutMinutes"),
    ({"workflows": [{"on_failure": "ABORT"}]}, "workflows[0].workflow_arn", "is required: a workflow ARN"),
    ({"workflows": [{"onFailure": "ABORT"}]}, "workflows[0].workflowArn", "is required: a workflow ARN"),
    ({"workflows": [{"workflow_arn": WORKFLOW, "parameters": [{"name": "x"}]}]},
     "workflows[0].parameters[0].value", "is required: a list"),
    ({"imageScanningConfiguration": {"ecr_configuration": {"repository_name": ""}}},
     "image_scanning_configuration.ecr_configuration.repository_name", "expected a string of 1 to 1024 characters"),
    ({"imageScanningConfiguration": {"image_scanning_types": ["ON_DEMAND_AMI_CVE"],
                                     "scan_result_condition": {"fix_available": True}}},
     "image_scanning_configuration.scan_result_condition.maximum_severity_label", "is required: one of"),
    ({"loggingConfiguration": {"log_group_name": 7}}, "logging_configuration.log_group_name",
     "expected a string"),
])
def test_a_problem_names_the_property_as_the_user_wrote_it(news, path, reason):
    _, failures = check(news)
    assert path in failures, failures
    assert failures[path].startswith(reason), failures[path]


def test_a_rule_across_members_names_both_as_written():
    _, failures = check({"imageTestsConfiguration": {"image_tests_enabled": False},
                         "imageScanningConfiguration": {"image_scanning_enabled": True}})
    assert failures == {"image_scanning_configuration.image_scanning_enabled":
                        "needs image tests, but image_tests_configuration.image_tests_enabled is false"}
    _, failures = check({"imageTestsConfiguration": {"imageTestsEnabled": False},
                         "imageScanningConfiguration": {"imageScanningEnabled": True}})
    assert failures == {"imageScanningConfiguration.imageScanningEnabled":
                        "needs image tests, but imageTestsConfiguration.imageTestsEnabled is false"}


def test_a_rule_of_a_top_level_input_names_the_nested_one_as_written():
    news = {"loggingConfiguration": {"log_group_name": "/team/builds"}}
    result = provider().check({}, {"__provider": "x", "imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA,
                                   **news})
    assert {f.property: f.reason for f in result.failures} == {"executionRole": (
        "is required when logging_configuration.log_group_name is outside /aws/imagebuilder/ (got '/team/builds'): "
        "expected an IAM role name or role ARN (arn:aws:iam::ACCOUNT:role/NAME) that may write to that log group")}


def test_values_not_known_yet_pass_and_keep_their_place():
    inputs, failures = check({"imageTestsConfiguration": {"timeout_minutes": Unknown()},
                              "loggingConfiguration": Unknown()})
    assert failures == {}
    assert isinstance(inputs["imageTestsConfiguration"]["timeoutMinutes"], Unknown)
    assert isinstance(inputs["loggingConfiguration"], Unknown)


def test_maps_of_the_users_own_keys_are_left_as_written():
    written = forms.canonical({"tags": {"cost_center": "a", "teamName": "b"}}, request_shape())
    assert written.inputs == {"tags": {"cost_center": "a", "teamName": "b"}} and written.problems == []


def test_a_pipeline_builds_inputs_pass_as_they_are():
    result = PipelineBuildProvider(Settings(region="us-east-1")).check({}, {
        "imagePipelineArn": "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/p",
        "triggers": {"recipe_version": "1"}, "tags": {"a_b": "c"}})
    assert result.failures == []
    assert result.inputs["triggers"] == {"recipe_version": "1"} and result.inputs["tags"] == {"a_b": "c"}


def test_snake_case_of_the_model_names():
    assert [forms.snake(n) for n in ("imageTestsEnabled", "ecrConfiguration", "logGroupName", "name")] == [
        "image_tests_enabled", "ecr_configuration", "log_group_name", "name"]
