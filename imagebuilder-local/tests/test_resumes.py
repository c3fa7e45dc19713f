"""RetryImage and DistributeImage through boto3, as botocore's model documents them."""

from __future__ import annotations

import re

import pytest

from imagebuilder_local import (
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_FAILS_DISTRIBUTION_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
    DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
)

from .helpers import statuses_seen, wait_for
from .test_builds import FINAL, create

ROLE = "arn:aws:iam::123456789012:role/ImageBuilderDistributionRole"


def failed_build(client, recipe=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN, **extra):
    arn = create(client, recipe, **extra)["imageBuildVersionArn"]
    assert wait_for(client, arn, FINAL)["state"]["status"] in ("FAILED", "CANCELLED")
    return arn


def test_a_retried_build_runs_again_from_its_distribution_under_the_scenario_in_force(client, imagebuilder_admin):
    """RetryImage: "the same build version returns to the test or distribution phase where it failed and continues
    from there. No new image build version is created." The cause is fixed between the failure and the retry."""
    arn = failed_build(client, dist=DEMO_MULTI_REGION_DISTRIBUTION_ARN)
    image = client.get_image(imageBuildVersionArn=arn)["image"]
    assert image["state"]["failureContext"]["imageStatus"] == "DISTRIBUTING"
    assert client.retry_image(imageBuildVersionArn=arn)["imageBuildVersionArn"] == arn  # the scenario still fails
    assert wait_for(client, arn, FINAL)["state"]["status"] == "FAILED"
    imagebuilder_admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    answer = client.retry_image(imageBuildVersionArn=arn, clientToken="retry-2")
    assert answer["imageBuildVersionArn"] == arn and answer["clientToken"] == "retry-2"
    seen = statuses_seen(client, arn, FINAL)
    assert seen[0] == "DISTRIBUTING" and seen[-1] == "AVAILABLE"
    assert not {"PENDING", "CREATING", "BUILDING", "TESTING"} & set(seen)
    amis = client.get_image(imageBuildVersionArn=arn)["image"]["outputResources"]["amis"]
    assert [a["region"] for a in amis] == ["us-east-1", "eu-west-1"]
    listed = client.list_image_build_versions(imageVersionArn=arn.rsplit("/", 1)[0])["imageSummaryList"]
    assert [s["arn"] for s in listed] == [arn]  # no new build version
    assert imagebuilder_admin.build_counts()["created"]["total"] == 1


def test_a_retry_is_idempotent_on_its_client_token(client, imagebuilder_admin):
    arn = failed_build(client)
    imagebuilder_admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    first = client.retry_image(imageBuildVersionArn=arn, clientToken="once")
    first.pop("ResponseMetadata")
    wait_for(client, arn, FINAL)
    again = client.retry_image(imageBuildVersionArn=arn, clientToken="once")  # AVAILABLE, yet not refused: replayed
    again.pop("ResponseMetadata")
    assert again == first
    assert client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] == "AVAILABLE"


def test_a_build_failed_in_testing_resumes_at_testing(client, imagebuilder_admin):
    arn = failed_build(client, DEMO_FAILS_AT_TEST_RECIPE_ARN)
    imagebuilder_admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_AT_TEST_RECIPE_ARN)
    client.retry_image(imageBuildVersionArn=arn)
    seen = statuses_seen(client, arn, FINAL)
    assert seen[0] == "TESTING" and seen[-1] == "AVAILABLE" and "BUILDING" not in seen


def test_a_cancelled_build_resumes_in_the_stage_it_was_cancelled_in(client, imagebuilder_admin):
    imagebuilder_admin.set_scenario({"outcome": "cancel", "stage": "DISTRIBUTING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    arn = failed_build(client, DEMO_IMAGE_RECIPE_ARN)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] == "CANCELLED"
    imagebuilder_admin.set_scenario(None, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    client.retry_image(imageBuildVersionArn=arn)
    seen = statuses_seen(client, arn, FINAL)
    assert seen[0] == "DISTRIBUTING" and seen[-1] == "AVAILABLE"


def test_retry_refuses_what_the_model_documents(client, imagebuilder_admin):
    """"The image must be in the FAILED or CANCELLED state." "Retry is only supported for AMI-based images." A build
    that failed before testing has no test or distribution phase to return to (our reading)."""
    available = create(client)["imageBuildVersionArn"]
    wait_for(client, available, FINAL)
    with pytest.raises(client.exceptions.InvalidRequestException, match="AVAILABLE.*FAILED or CANCELLED"):
        client.retry_image(imageBuildVersionArn=available)
    running = create(client, DEMO_HANGS_RECIPE_ARN)["imageBuildVersionArn"]
    with pytest.raises(client.exceptions.ResourceInUseException, match="still being created"):
        client.retry_image(imageBuildVersionArn=running)
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "BUILDING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    in_building = failed_build(client, DEMO_IMAGE_RECIPE_ARN)
    with pytest.raises(client.exceptions.InvalidRequestException, match="stopped in BUILDING"):
        client.retry_image(imageBuildVersionArn=in_building)
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "DISTRIBUTING"}, recipe_arn=DEMO_CONTAINER_RECIPE_ARN)
    container = failed_build(client, DEMO_CONTAINER_RECIPE_ARN)
    with pytest.raises(client.exceptions.InvalidRequestException, match="AMI-based"):
        client.retry_image(imageBuildVersionArn=container)
    missing = "arn:aws:imagebuilder:us-east-1:123456789012:image/nope/1.0.0/1"
    with pytest.raises(client.exceptions.InvalidRequestException, match=re.escape(missing)):
        client.retry_image(imageBuildVersionArn=missing)


def test_distribute_image_makes_a_new_build_version_that_only_distributes(client, imagebuilder_admin):
    """DistributeImage: "This operation only runs the distribution phase on an image that has already been built";
    its answer is "The Amazon Resource Name (ARN) of the new Image Builder image resource"."""
    source = create(client)["imageBuildVersionArn"]
    ami = wait_for(client, source, FINAL)["outputResources"]["amis"][0]["image"]
    for given in (ami, source, source.rsplit("/", 1)[0]):
        answer = client.distribute_image(sourceImage=given, distributionConfigurationArn=DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                         executionRole=ROLE, tags={"team": "platform"})
        arn = answer["imageBuildVersionArn"]
        assert arn != source and arn.rsplit("/", 1)[0] == source.rsplit("/", 1)[0]
        seen = statuses_seen(client, arn, FINAL)
        assert seen[0] == "DISTRIBUTING" and seen[-1] == "AVAILABLE" and "BUILDING" not in seen
        image = client.get_image(imageBuildVersionArn=arn)["image"]
        assert [a["region"] for a in image["outputResources"]["amis"]] == ["us-east-1", "eu-west-1"]
        assert image["tags"] == {"team": "platform"}
        assert image["distributionConfiguration"]["arn"] == DEMO_MULTI_REGION_DISTRIBUTION_ARN


def test_distribute_image_refuses_what_the_model_documents(client, imagebuilder_admin):
    """"Whichever format you use, the source must resolve to an AMI in the current Amazon Web Services Region." "The
    distribution configuration must be in the same Region as this operation.\""""
    source = create(client)["imageBuildVersionArn"]
    wait_for(client, source, FINAL)
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="ami-0123456789abcdef0"):
        client.distribute_image(sourceImage="ami-0123456789abcdef0",
                                distributionConfigurationArn=DEMO_SINGLE_REGION_DISTRIBUTION_ARN, executionRole=ROLE)
    failed = failed_build(client)
    with pytest.raises(client.exceptions.ResourceNotFoundException, match="not an AVAILABLE"):
        client.distribute_image(sourceImage=failed, distributionConfigurationArn=DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
                                executionRole=ROLE)
    with pytest.raises(client.exceptions.InvalidRequestException, match="Parameter Store"):
        client.distribute_image(sourceImage="ssm:/images/latest",
                                distributionConfigurationArn=DEMO_SINGLE_REGION_DISTRIBUTION_ARN, executionRole=ROLE)
    elsewhere = DEMO_SINGLE_REGION_DISTRIBUTION_ARN.replace("us-east-1", "eu-west-1")
    with pytest.raises(client.exceptions.InvalidRequestException, match="not in us-east-1"):
        client.distribute_image(sourceImage=source, distributionConfigurationArn=elsewhere, executionRole=ROLE)


def test_a_distribution_fails_under_its_recipes_distribution_scenario(client, imagebuilder_admin):
    source = create(client)["imageBuildVersionArn"]
    wait_for(client, source, FINAL)
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "BUILDING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    arn = client.distribute_image(sourceImage=source, distributionConfigurationArn=DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
                                  executionRole=ROLE)["imageBuildVersionArn"]
    assert wait_for(client, arn, FINAL)["state"]["status"] == "AVAILABLE"  # nothing is built: BUILDING cannot fail
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "DISTRIBUTING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    arn = client.distribute_image(sourceImage=source, distributionConfigurationArn=DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
                                  executionRole=ROLE)["imageBuildVersionArn"]
    image = wait_for(client, arn, FINAL)
    assert image["state"]["status"] == "FAILED" and image["state"]["failureContext"]["imageStatus"] == "DISTRIBUTING"
