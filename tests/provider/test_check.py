"""check(): one message per bad property, naming it and the expected form; no AWS call."""

import pytest

from pulumi.output import Unknown

from imagebuild_resource.providers import ImageBuildProvider, Settings

RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
CONTAINER = "arn:aws:imagebuilder:us-east-1:123456789012:container-recipe/demo-container/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"
DIST = "arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/demo-multi-region"
VALID = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA}
WORKFLOW = "arn:aws:imagebuilder:us-east-1:aws:workflow/{}/1.0.0"
ROLE = "arn:aws:iam::123456789012:role/ImageBuilderExecutionRole"


def failures(news, region="us-east-1"):
    provider = ImageBuildProvider(Settings(region=region, endpoint_url="http://unreachable.invalid:1"))
    result = provider.check({}, {"__provider": "x", **news})
    return {f.property: f.reason for f in result.failures}


def test_valid_inputs_pass_as_given_without_defaults_that_would_read_as_image_properties():
    provider = ImageBuildProvider(Settings(region="us-east-1"))
    result = provider.check({}, {"__provider": "x", **VALID, "distributionConfigurationArn": DIST, "amiId": None,
                                 "pollMaxSeconds": 30})
    assert result.failures == []
    assert result.inputs == {**VALID, "distributionConfigurationArn": DIST, "pollMaxSeconds": 30}


BAD_INPUTS = [
    ({"infrastructureConfigurationArn": INFRA}, "imageRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is required"),
    ({**VALID, "containerRecipeArn": CONTAINER}, "containerRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is allowed"),
    ({"imageRecipeArn": RECIPE}, "infrastructureConfigurationArn", "is required: an infrastructure configuration ARN"),
    ({**VALID, "imageRecipeArn": "my-recipe"}, "imageRecipeArn", "expected an image recipe ARN, arn:aws:imagebuilder:REGION:ACCOUNT:image-recipe/NAME/X.Y.Z, got 'my-recipe'"),
    ({**VALID, "imageRecipeArn": CONTAINER}, "imageRecipeArn", "expected an image recipe ARN"),
    ({**VALID, "infrastructureConfigurationArn": "arn:aws:ec2:us-east-1:123456789012:instance/i-1"}, "infrastructureConfigurationArn", "expected an infrastructure configuration ARN"),
    ({**VALID, "distributionConfigurationArn": RECIPE}, "distributionConfigurationArn", "expected a distribution configuration ARN"),
    ({**VALID, "imageRecipeArn": RECIPE.replace("us-east-1", "eu-west-1")}, "imageRecipeArn", "expected an ARN in the build's region us-east-1, got one in eu-west-1"),
    ({**VALID, "imageRecipeArn": RECIPE.replace("arn:aws:", "arn:aws-cn:")}, "imageRecipeArn", "expected an ARN in the build's partition aws (region us-east-1), got one in aws-cn"),
    ({**VALID, "imageTestsConfiguration": {"timeoutMinutes": 30}}, "imageTestsConfiguration.timeoutMinutes", "expected an integer from 60 to 1440, got 30"),
    ({**VALID, "imageTestsConfiguration": {"timeoutMinutes": 1441.0}}, "imageTestsConfiguration.timeoutMinutes", "expected an integer from 60 to 1440, got 1441"),
    ({**VALID, "imageTestsConfiguration": {"imageTestsEnabled": "yes"}}, "imageTestsConfiguration.imageTestsEnabled", "expected true or false, got 'yes'"),
    ({**VALID, "imageTestsConfiguration": {"timeout": 90}}, "imageTestsConfiguration.timeout", "unknown key; expected one of imageTestsEnabled, timeoutMinutes"),
    ({**VALID, "enhancedImageMetadataEnabled": "true"}, "enhancedImageMetadataEnabled", "expected true or false"),
    ({**VALID, "tags": {f"k{i}": "v" for i in range(51)}}, "tags", "expected a map of strings of 1 to 50 entries"),
    ({**VALID, "tags": {"aws:owner": "me"}}, "tags", "key 'aws:owner': expected a tag key of 1-128 characters that does not start with 'aws:'"),
    ({**VALID, "tags": {"k" * 129: "v"}}, "tags", "expected a tag key of 1-128 characters"),
    ({**VALID, "tags": {"team": "x" * 257}}, "tags.team", "expected a string of at most 256 characters"),
    ({**VALID, "clientToken": "t" * 65}, "clientToken", "expected a string of 1 to 64 characters"),
    ({**VALID, "executionRole": "arn:aws:iam::123:role/x"}, "executionRole", "expected an IAM role name or role ARN"),
    ({**VALID, "workflows": [{"parameters": []}]}, "workflows[0].workflowArn", "is required: a workflow ARN"),
    ({**VALID, "workflows": [{"workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.0", "onFailure": "STOP"}]}, "workflows[0].onFailure", "expected one of 'CONTINUE', 'ABORT', got 'STOP'"),
    ({**VALID, "loggingConfiguration": {"logGroupName": "bad name!"}}, "loggingConfiguration.logGroupName", "expected a string of 1 to 512 characters"),
    ({**VALID, "imageScanningConfiguration": {"ecrConfiguration": {"repositoryName": ""}}}, "imageScanningConfiguration.ecrConfiguration.repositoryName", "expected a string of 1 to 1024 characters"),
    ({**VALID, "buildTimeoutMinutes": 0}, "buildTimeoutMinutes", "expected a number of minutes greater than 0, got 0"),
    ({**VALID, "pollMinSeconds": -1}, "pollMinSeconds", "expected a number of seconds greater than 0"),
    ({**VALID, "pollMinSeconds": 30, "pollMaxSeconds": 10}, "pollMaxSeconds", "expected at least pollMinSeconds (30), got 10"),
    ({**VALID, "cancelOnTimeout": "no"}, "cancelOnTimeout", "expected true or false, got 'no'"),
    ({**VALID, "resumeFailedBuilds": "yes"}, "resumeFailedBuilds", "expected true or false, got 'yes'"),
    ({**VALID, "deleteOutputResources": 1}, "deleteOutputResources", "expected true or false, got 1"),
    # What botocore's model documents of the members together (docs/aws-constraints.md)
    ({**VALID, "deleteOutputResources": True}, "deletionExecutionRole", "is required when deleteOutputResources is true: expected an IAM role name or role ARN"),
    ({**VALID, "deleteOutputResources": True, "deletionExecutionRole": "arn:aws:iam::123:role/x"}, "deletionExecutionRole", "expected an IAM role name or role ARN"),
    ({**VALID, "deletionExecutionRole": ""}, "deletionExecutionRole", "expected an IAM role name or role ARN"),
    ({**VALID, "workflows": [{"workflowArn": WORKFLOW.format("test/test-image")}]}, "executionRole", "is required when workflows is set"),
    ({**VALID, "workflows": [{"workflowArn": WORKFLOW.format("build/build-image"), "parallelGroup": "a"}], "executionRole": ROLE}, "workflows[0].parallelGroup", "can only be set on a test workflow"),
    ({**VALID, "workflows": [{"workflowArn": WORKFLOW.format("test/test-image")}, {"workflowArn": WORKFLOW.format("distribution/distribute-image"), "onFailure": "CONTINUE"}], "executionRole": ROLE}, "workflows[1].onFailure", "is a distribution workflow"),
    ({**VALID, "imageTestsConfiguration": {"imageTestsEnabled": False}, "imageScanningConfiguration": {"imageScanningEnabled": True}}, "imageScanningConfiguration.imageScanningEnabled", "needs image tests"),
    ({"containerRecipeArn": CONTAINER, "infrastructureConfigurationArn": INFRA, "imageScanningConfiguration": {"imageScanningTypes": ["ON_DEMAND_AMI_CVE"]}}, "imageScanningConfiguration.imageScanningTypes", "it needs imageRecipeArn"),
    ({**VALID, "imageScanningConfiguration": {"scanResultCondition": {"maximumSeverityLabel": "HIGH"}}}, "imageScanningConfiguration.scanResultCondition", "only be set when imageScanningTypes is ['ON_DEMAND_AMI_CVE']"),
    ({**VALID, "imageScanningConfiguration": {"ecrConfiguration": {"repositoryName": "123456789012.dkr.ecr.us-east-1.amazonaws.com/scans"}}}, "imageScanningConfiguration.ecrConfiguration.repositoryName", "without the registry hostname"),
    ({**VALID, "loggingConfiguration": {"logGroupName": "/team/builds"}}, "executionRole", "is required when loggingConfiguration.logGroupName is outside /aws/imagebuilder/"),
    ({**VALID, "imageRecipeArn": RECIPE.replace("1.0.0", "1.x.0")}, "imageRecipeArn", "expected a version with wildcards only to the right of the first one (1.x.x, 1.2.x), got 1.x.0"),
]


@pytest.mark.parametrize("news, prop, message", BAD_INPUTS, ids=[b[1] + ":" + b[2][:30] for b in BAD_INPUTS])
def test_each_bad_input_gets_one_message_naming_it(news, prop, message):
    found = failures(news)
    assert prop in found, found
    assert message in found[prop]


def test_several_bad_inputs_get_one_message_each():
    found = failures({"imageRecipeArn": "x", "infrastructureConfigurationArn": "y", "cancelOnTimeout": 3})
    assert set(found) == {"imageRecipeArn", "infrastructureConfigurationArn", "cancelOnTimeout"}


def test_unknown_values_at_preview_pass():
    """What rpc.deserialize_properties(keep_unknowns=True) hands check() for values computed by other resources."""
    found = failures({"imageRecipeArn": Unknown(), "infrastructureConfigurationArn": Unknown(),
                      "tags": {"team": Unknown()}, "imageTestsConfiguration": Unknown(), "clientToken": Unknown()})
    assert found == {}


def test_unknown_values_nested_at_any_depth_pass_and_known_ones_are_still_checked():
    found = failures({**VALID,
                      "workflows": [{"workflowArn": Unknown(), "parameters": [{"name": "p", "value": [Unknown()]}]}],
                      "loggingConfiguration": {"logGroupName": Unknown()},
                      "imageTestsConfiguration": {"imageTestsEnabled": True, "timeoutMinutes": Unknown()},
                      "tags": {"team": Unknown(), "owner": "x" * 257}})
    assert found == {"tags.owner": "expected a string of at most 256 characters, got '" + "x" * 257 + "'"}


def test_unknown_values_are_handed_back_unknown():
    provider = ImageBuildProvider(Settings(region="us-east-1"))
    recipe = Unknown()
    result = provider.check({}, {"__provider": "x", **VALID, "imageRecipeArn": recipe, "tags": {"team": recipe}})
    assert result.inputs["imageRecipeArn"] is recipe and result.inputs["tags"]["team"] is recipe


def test_unknown_recipe_beside_a_known_one_is_not_called_both():
    assert failures({**VALID, "containerRecipeArn": Unknown()}) == {}


def test_region_is_not_checked_when_the_provider_has_none():
    assert failures({**VALID, "imageRecipeArn": RECIPE.replace("us-east-1", "eu-west-1")}, region=None) == {}


def test_an_arn_of_the_provider_partition_in_another_partitions_region_is_refused():
    china = RECIPE.replace("arn:aws:", "arn:aws-cn:").replace("us-east-1", "cn-north-1")
    assert failures({**VALID, "imageRecipeArn": china}, region="cn-north-1") == {
        "infrastructureConfigurationArn": "expected an ARN in the build's partition aws-cn (region cn-north-1), "
                                          f"got one in aws: {INFRA}"}


def test_what_the_documented_rules_allow_passes():
    """The other side of each rule: a test workflow's parallelGroup and onFailure with a role, a log group in
    /aws/imagebuilder/ without one, a repository path with a namespace, an AMI scan with its condition, the outputs
    deleted with a role (a name or an ARN)."""
    allowed = [
        {"workflows": [{"workflowArn": WORKFLOW.format("test/test-image"), "parallelGroup": "a", "onFailure": "CONTINUE"}],
         "executionRole": ROLE},
        {"loggingConfiguration": {"logGroupName": "/aws/imagebuilder/app"}},
        {"loggingConfiguration": {"logGroupName": "/team/builds"}, "executionRole": "ImageBuilderLogs"},
        {"imageScanningConfiguration": {"imageScanningEnabled": True, "ecrConfiguration": {"repositoryName": "team/scans"},
                                        "imageScanningTypes": ["ON_DEMAND_AMI_CVE"],
                                        "scanResultCondition": {"maximumSeverityLabel": "HIGH"}}},
        {"deleteOutputResources": True, "deletionExecutionRole": "ImageBuilderLifecycleExecutionRole"},
        {"deleteOutputResources": True, "deletionExecutionRole": "arn:aws:iam::123456789012:role/lifecycle"},
        {"deleteOutputResources": False},
        {"imageRecipeArn": RECIPE.replace("1.0.0", "1.x.x")},
        {"imageRecipeArn": RECIPE.replace("1.0.0", "x.x.x")},
    ]
    for extra in allowed:
        assert failures({**VALID, **extra}) == {}, extra


def test_the_documented_rules_let_unknown_values_pass():
    assert failures({**VALID, "deleteOutputResources": True, "deletionExecutionRole": Unknown()}) == {}
    assert failures({**VALID, "deleteOutputResources": Unknown()}) == {}
    assert failures({**VALID, "workflows": Unknown()}) == {}
    assert failures({**VALID, "workflows": [{"workflowArn": WORKFLOW.format("test/t")}], "executionRole": Unknown()}) == {}
    assert failures({**VALID, "loggingConfiguration": {"logGroupName": Unknown()}}) == {}


def test_a_pipeline_build_also_refuses_deleting_outputs_without_a_role():
    from imagebuild_resource.providers import PipelineBuildProvider
    provider = PipelineBuildProvider(Settings(region="us-east-1"))
    pipeline = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/demo-pipeline"
    result = provider.check({}, {"imagePipelineArn": pipeline, "deleteOutputResources": True})
    assert [(f.property, f.reason.split(":")[0]) for f in result.failures] == [
        ("deletionExecutionRole", "is required when deleteOutputResources is true")]
