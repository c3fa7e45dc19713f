"""ImageDistribution under the real CLI: an ImageBuild's AMI distributed with DistributeImage, in both constructor
forms; up, refresh and destroy."""

from __future__ import annotations

import pytest

from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                DEMO_SINGLE_REGION_DISTRIBUTION_ARN)

from .harness import Project
from .test_errors import assert_readable

pytestmark = pytest.mark.e2e

DISTRIBUTION_TYPE = "pulumi-python:dynamic/imagebuilder:ImageDistribution"
ROLE = "arn:aws:iam::123456789012:role/ImageBuilderDistributionRole"

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs, ImageDistribution, ImageDistributionArgs

config = pulumi.Config("e2e")
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=config.require("recipe"),
    infrastructure_configuration_arn=config.require("infra"),
    poll_min_seconds=0.2,
    poll_max_seconds=0.5,
))
wide = ImageDistribution("wide", ImageDistributionArgs(
    source_image=image.ami_id,
    distribution_configuration_arn=config.require("wide"),
    execution_role=config.require("role"),
    tags={"team": "platform"},
    poll_min_seconds=0.2,
    poll_max_seconds=0.5,
))
again = ImageDistribution("again", source_image=image.image_build_version_arn,
                          distribution_configuration_arn=config.require("single"), execution_role=config.require("role"),
                          region="us-east-1", poll_min_seconds=0.2, poll_max_seconds=0.5)
pulumi.export("source", image.image_build_version_arn)
pulumi.export("wide", wide.image_build_version_arn)
pulumi.export("wideAmis", wide.amis)
pulumi.export("wideAmiId", wide.ami_id)
pulumi.export("wideStatus", wide.final_status)
pulumi.export("wideTags", wide.tags)
pulumi.export("again", again.image_build_version_arn)
"""


def test_an_image_distribution_distributes_the_ami_and_is_refreshed_and_destroyed(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "distribute", imagebuilder_service.endpoint_url, PROGRAM)
    for key, value in (("recipe", DEMO_IMAGE_RECIPE_ARN), ("infra", DEMO_INFRASTRUCTURE_ARN),
                       ("wide", DEMO_MULTI_REGION_DISTRIBUTION_ARN), ("single", DEMO_SINGLE_REGION_DISTRIBUTION_ARN),
                       ("role", ROLE)):
        project.set_config(f"e2e:{key}", value)
    result = project.up()
    assert_readable(result.stdout + result.stderr)
    outputs = project.outputs()
    source, wide, again = outputs["source"], outputs["wide"], outputs["again"]
    version = source.rsplit("/", 1)[0]
    assert len({source, wide, again}) == 3 and {wide.rsplit("/", 1)[0], again.rsplit("/", 1)[0]} == {version}
    assert outputs["wideStatus"] == "AVAILABLE" and outputs["wideTags"] == {"team": "platform"}
    assert [a["region"] for a in outputs["wideAmis"]] == ["us-east-1", "eu-west-1"]
    assert outputs["wideAmiId"] == outputs["wideAmis"][0]["imageId"]
    counters = imagebuilder_service.admin.counters()
    assert counters["CreateImage"]["calls"] == 1 and counters["DistributeImage"]["calls"] == 2
    assert sorted(r["id"] for r in project.resources(DISTRIBUTION_TYPE)) == sorted([wide, again])
    client = imagebuilder_service.client()
    assert client.list_tags_for_resource(resourceArn=wide)["tags"]["imagebuild:recorded"] == "true"

    imagebuilder_service.admin.set_build_status(again, "DEPRECATED", "retired by a lifecycle policy")
    refreshed = project.run("refresh", "--yes")
    assert f"image build {again} is DEPRECATED: retired by a lifecycle policy" in refreshed.stdout + refreshed.stderr
    states = {r["id"]: r["outputs"]["finalStatus"] for r in project.resources(DISTRIBUTION_TYPE)}
    assert states == {wide: "AVAILABLE", again: "DEPRECATED"}

    project.run("destroy", "--yes")
    assert imagebuilder_service.admin.builds() == []
    assert project.resources(DISTRIBUTION_TYPE) == []
