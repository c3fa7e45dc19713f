"""Image pipelines through boto3: every pipeline operation, responses checked against the model."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

from imagebuilder_local import (
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_DISABLED_PIPELINE_ARN,
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_PIPELINE_ARN,
    DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
    ImageBuilderService,
)

from .conftest import TEST_TIME_SCALE
from .helpers import wait_for

FINAL = {"AVAILABLE", "FAILED", "CANCELLED"}
PREFIX = "arn:aws:imagebuilder:us-east-1:123456789012:image-pipeline/"


def create(client, name="app", recipe=DEMO_IMAGE_RECIPE_ARN, **extra):
    params = {"name": name, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN, "clientToken": f"c-{name}",
              **extra}
    params["containerRecipeArn" if ":container-recipe/" in recipe else "imageRecipeArn"] = recipe
    return client.create_image_pipeline(**params)["imagePipelineArn"]


def code(error: pytest.ExceptionInfo) -> str:
    return error.value.response["Error"]["Code"]


def test_the_demo_catalog_has_an_enabled_and_a_disabled_pipeline(client):
    pipelines = {p["arn"]: p for p in client.list_image_pipelines()["imagePipelineList"]}
    assert pipelines[DEMO_PIPELINE_ARN]["status"] == "ENABLED"
    assert pipelines[DEMO_DISABLED_PIPELINE_ARN]["status"] == "DISABLED"
    assert pipelines[DEMO_PIPELINE_ARN]["tags"] == {"emulator": "demo"}


def test_create_get_and_the_stored_defaults(client):
    arn = create(client, name="App Image_1", description="d", tags={"team": "a"}, imageTags={"built-by": "x"})
    assert arn == PREFIX + "app-image-1"  # case, spaces and underscores normalized
    pipeline = client.get_image_pipeline(imagePipelineArn=arn)["imagePipeline"]
    assert pipeline["name"] == "App Image_1" and pipeline["status"] == "ENABLED" and pipeline["platform"] == "Linux"
    assert pipeline["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 720}
    assert pipeline["tags"] == {"team": "a"} and pipeline["imageTags"] == {"built-by": "x"}
    assert "dateLastRun" not in pipeline and pipeline["dateCreated"] == pipeline["dateUpdated"]
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"team": "a"}


def test_create_is_idempotent_on_its_token_and_names_are_unique_once_normalized(client):
    first = client.create_image_pipeline(name="app", imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                                         infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN, clientToken="t")
    again = client.create_image_pipeline(name="app", imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                                         infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN, clientToken="t")
    assert first["imagePipelineArn"] == again["imagePipelineArn"]
    with pytest.raises(ClientError) as error:
        create(client, name="APP")
    assert code(error) == "ResourceAlreadyExistsException"


@pytest.mark.parametrize("extra, expected", [
    ({"containerRecipeArn": DEMO_CONTAINER_RECIPE_ARN}, "InvalidRequestException"),  # two recipes
    ({"distributionConfigurationArn": DEMO_SINGLE_REGION_DISTRIBUTION_ARN + "-gone"}, "ResourceNotFoundException"),
    ({"workflows": [{"workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.2/1"}]},
     "InvalidRequestException"),  # workflows need an executionRole
    ({"loggingConfiguration": {"pipelineLogGroupName": "/team/pipelines"}},
     "InvalidRequestException"),  # so does a log group outside /aws/imagebuilder/
    ({"status": "PAUSED"}, "InvalidParameterValueException"),  # the validator's choice for undeclared codes
])
def test_create_refuses_what_aws_refuses(client, extra, expected):
    with pytest.raises(ClientError) as error:
        create(client, **extra)
    assert code(error) == expected
    assert [p["name"] for p in client.list_image_pipelines()["imagePipelineList"]
            if p["name"] == "app"] == []


def test_a_dry_run_creates_nothing(client):
    with pytest.raises(ClientError) as error:
        create(client, dryRun=True)
    assert code(error) == "DryRunOperationException"
    with pytest.raises(ClientError):
        client.get_image_pipeline(imagePipelineArn=PREFIX + "app")


def test_update_replaces_the_whole_configuration(client):
    arn = create(client, description="first", status="DISABLED", tags={"team": "a"})
    client.update_image_pipeline(imagePipelineArn=arn, imageRecipeArn=DEMO_FAILS_AT_TEST_RECIPE_ARN,
                                 infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN, clientToken="u1")
    pipeline = client.get_image_pipeline(imagePipelineArn=arn)["imagePipeline"]
    assert "description" not in pipeline and pipeline["status"] == "ENABLED"  # omitted: removed or reset
    assert pipeline["imageRecipeArn"] == DEMO_FAILS_AT_TEST_RECIPE_ARN and pipeline["tags"] == {"team": "a"}
    with pytest.raises(ClientError) as error:
        client.update_image_pipeline(imagePipelineArn=arn, containerRecipeArn=DEMO_CONTAINER_RECIPE_ARN,
                                     infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN, clientToken="u2")
    assert code(error) == "InvalidRequestException"  # another kind of recipe


def test_start_is_a_normal_build_of_the_pipeline_idempotent_on_its_token(client):
    arn = create(client, distributionConfigurationArn=DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
                 loggingConfiguration={"imageLogGroupName": "/app/images", "pipelineLogGroupName": "/app/pipeline"},
                 executionRole="arn:aws:iam::123456789012:role/pipeline-logs", imageTags={"scheduled": "only"})
    started = client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="s1", tags={"run": "1"})
    again = client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="s1", tags={"run": "1"})
    assert started["imageBuildVersionArn"] == again["imageBuildVersionArn"] and started["clientToken"] == "s1"
    with pytest.raises(ClientError) as error:
        client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="s1", tags={"run": "2"})
    assert code(error) == "IdempotentParameterMismatchException"
    image = wait_for(client, started["imageBuildVersionArn"], FINAL)
    assert image["state"]["status"] == "AVAILABLE" and image["sourcePipelineArn"] == arn
    assert image["tags"] == {"run": "1"}  # the request's tags, not the pipeline's imageTags
    assert image["loggingConfiguration"] == {"logGroupName": "/app/images"}
    assert [a["region"] for a in image["outputResources"]["amis"]] == ["us-east-1"]
    pipeline = client.get_image_pipeline(imagePipelineArn=arn)["imagePipeline"]
    assert pipeline["lastRunStatus"] == "AVAILABLE" and pipeline["dateLastRun"] == image["dateCreated"]


def test_a_pipeline_build_can_be_cancelled_and_deleted_and_follows_its_recipes_scenario(client):
    arn = create(client, recipe=DEMO_HANGS_RECIPE_ARN)
    build = client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="h")["imageBuildVersionArn"]
    assert wait_for(client, build, {"BUILDING"})["state"]["status"] == "BUILDING"
    client.cancel_image_creation(imageBuildVersionArn=build, clientToken="c")
    assert wait_for(client, build, FINAL)["state"]["status"] == "CANCELLED"
    client.delete_image(imageBuildVersionArn=build)
    assert client.list_image_pipeline_images(imagePipelineArn=arn)["imageSummaryList"] == []


def test_a_disabled_pipeline_can_still_be_started_by_hand(client):
    build = client.start_image_pipeline_execution(imagePipelineArn=DEMO_DISABLED_PIPELINE_ARN, clientToken="d")
    assert wait_for(client, build["imageBuildVersionArn"], FINAL)["state"]["status"] == "AVAILABLE"


def test_list_pipeline_images_filters_pages_and_is_empty_for_an_unknown_pipeline(client):
    arn = create(client)
    builds = [client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken=f"p{i}")["imageBuildVersionArn"]
              for i in range(3)]
    client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)
    page = client.list_image_pipeline_images(imagePipelineArn=arn, maxResults=2)
    following = client.list_image_pipeline_images(imagePipelineArn=arn, nextToken=page["nextToken"])
    assert [s["arn"] for s in page["imageSummaryList"] + following["imageSummaryList"]] == builds
    by_version = client.list_image_pipeline_images(imagePipelineArn=arn,
                                                   filters=[{"name": "version", "values": ["1.0.0/2"]}])
    assert [s["arn"] for s in by_version["imageSummaryList"]] == [builds[1]]
    with pytest.raises(ClientError) as error:
        client.list_image_pipeline_images(imagePipelineArn=arn, filters=[{"name": "platform", "values": ["Linux"]}])
    assert code(error) == "InvalidRequestException"
    assert client.list_image_pipeline_images(imagePipelineArn=PREFIX + "nothing")["imageSummaryList"] == []


def test_list_pipelines_filters_and_pages(client):
    create(client, name="one")
    create(client, name="two", status="DISABLED")
    disabled = client.list_image_pipelines(filters=[{"name": "status", "values": ["DISABLED"]}])
    assert {p["name"] for p in disabled["imagePipelineList"]} == {"two", "demo-pipeline-disabled"}
    first = client.list_image_pipelines(maxResults=3)
    rest = client.list_image_pipelines(nextToken=first["nextToken"])
    assert len(first["imagePipelineList"]) == 3 and len(rest["imagePipelineList"]) == 1
    with pytest.raises(ClientError) as error:
        client.list_image_pipelines(filters=[{"name": "platform", "values": ["Linux"]}])
    assert code(error) == "InvalidRequestException"


def test_delete_leaves_a_running_build_going(client):
    arn = create(client)
    build = client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="x")["imageBuildVersionArn"]
    client.delete_image_pipeline(imagePipelineArn=arn)
    with pytest.raises(ClientError) as error:
        client.get_image_pipeline(imagePipelineArn=arn)
    assert code(error) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="y")
    assert code(error) == "ResourceNotFoundException"
    assert wait_for(client, build, FINAL)["state"]["status"] == "AVAILABLE"


def test_the_state_file_keeps_pipelines_their_changes_and_their_builds(tmp_path):
    state = str(tmp_path / "state.json")
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=state) as service:
        client = service.client()
        arn = create(client, tags={"team": "a"})
        client.delete_image_pipeline(imagePipelineArn=DEMO_DISABLED_PIPELINE_ARN)
        build = client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="k")["imageBuildVersionArn"]
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=state) as service:
        client = service.client()
        arns = {p["arn"] for p in client.list_image_pipelines()["imagePipelineList"]}
        assert arns == {arn, DEMO_PIPELINE_ARN}
        assert client.get_image_pipeline(imagePipelineArn=arn)["imagePipeline"]["tags"] == {"team": "a"}
        assert [s["arn"] for s in client.list_image_pipeline_images(imagePipelineArn=arn)["imageSummaryList"]] == [build]
        again = client.start_image_pipeline_execution(imagePipelineArn=arn, clientToken="k")["imageBuildVersionArn"]
        assert again == build
        assert not service.api.violations()


def test_a_catalog_document_adds_pipelines_and_refuses_bad_ones(imagebuilder_admin, client):
    arns = imagebuilder_admin.add_catalog({"imagePipelines": [{
        "name": "added", "imageRecipeArn": "arn:aws:imagebuilder:${region}:${account}:image-recipe/demo-al2023/1.0.0",
        "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}]})
    assert arns == [PREFIX + "added"]
    assert client.get_image_pipeline(imagePipelineArn=PREFIX + "added")["imagePipeline"]["status"] == "ENABLED"
    with pytest.raises(Exception, match="infrastructureConfigurationArn"):
        imagebuilder_admin.add_catalog({"imagePipelines": [{"name": "bad", "imageRecipeArn": DEMO_IMAGE_RECIPE_ARN}]})
