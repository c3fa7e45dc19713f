"""Several regions at once: state per signing region, ARNs in that region, the demo catalog in each, one state file.

Every ARN botocore's model allows has a region (``ImageBuilderArn``'s pattern
``^arn:aws[^:]*:imagebuilder:[^:]+:...``), and a SigV4 credential scope names the region a request is for.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from imagebuilder_local import (
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_OTHER_REGION,
    DEMO_PIPELINE_ARN,
    DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
    ImageBuilderService,
    demo_arn_in,
)

from .conftest import TEST_TIME_SCALE
from .helpers import wait_for

EU = DEMO_OTHER_REGION


def _build(client, region: str) -> str:
    return client.create_image(imageRecipeArn=demo_arn_in(DEMO_IMAGE_RECIPE_ARN, region),
                               infrastructureConfigurationArn=demo_arn_in(DEMO_INFRASTRUCTURE_ARN, region),
                               distributionConfigurationArn=demo_arn_in(DEMO_SINGLE_REGION_DISTRIBUTION_ARN, region),
                               clientToken=f"token-{region}")["imageBuildVersionArn"]


def test_each_signing_region_has_its_own_catalog_and_builds(imagebuilder_service):
    home, eu = imagebuilder_service.client(), imagebuilder_service.client(EU)
    recipe = eu.get_image_recipe(imageRecipeArn=demo_arn_in(DEMO_IMAGE_RECIPE_ARN, EU))["imageRecipe"]
    assert recipe["arn"] == f"arn:aws:imagebuilder:{EU}:123456789012:image-recipe/demo-al2023/1.0.0"
    with pytest.raises(eu.exceptions.ResourceNotFoundException):  # the us-east-1 recipe is not in eu-west-1
        eu.get_image_recipe(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN)
    eu_build = _build(eu, EU)
    assert eu_build == f"arn:aws:imagebuilder:{EU}:123456789012:image/demo-al2023/1.0.0/1"
    home_build = _build(home, "us-east-1")  # numbered in its own region: also build 1
    assert home_build == "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"
    with pytest.raises(home.exceptions.ResourceNotFoundException):
        home.get_image(imageBuildVersionArn=eu_build)
    amis = wait_for(eu, eu_build, {"AVAILABLE"}, timeout=30)["outputResources"]["amis"]
    assert [a["region"] for a in amis] == [EU]  # the single-region distribution is its own region's
    assert [b["arn"] for b in imagebuilder_service.admin.builds(region=EU)] == [eu_build]
    assert [b["arn"] for b in imagebuilder_service.admin.builds()] == [home_build]
    assert imagebuilder_service.admin.health()["regions"] == ["us-east-1", EU]


def test_a_pipeline_runs_in_its_region(imagebuilder_service):
    eu = imagebuilder_service.client(EU)
    arn = eu.start_image_pipeline_execution(imagePipelineArn=demo_arn_in(DEMO_PIPELINE_ARN, EU),
                                            clientToken="run")["imageBuildVersionArn"]
    assert arn.startswith(f"arn:aws:imagebuilder:{EU}:")
    assert imagebuilder_service.admin.builds() == []


def test_the_state_file_keeps_every_region_and_a_restart_serves_them_again(tmp_path):
    state = tmp_path / "state.json"
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=str(state)) as service:
        eu_build = _build(service.client(EU), EU)
        home_build = _build(service.client(), "us-east-1")
        saved = json.loads(state.read_text())
        assert saved["version"] == 3 and set(saved["regions"]) == {"us-east-1", EU}
        assert [b["arn"] for b in saved["regions"][EU]["builds"]] == [eu_build]
        service.restart()
        assert service.client(EU).get_image(imageBuildVersionArn=eu_build)["image"]["arn"] == eu_build
        assert service.client().get_image(imageBuildVersionArn=home_build)["image"]["arn"] == home_build
        with pytest.raises(service.client(EU).exceptions.ClientError, match="IdempotentParameterMismatch"):
            service.client(EU).create_image(imageRecipeArn=demo_arn_in(DEMO_IMAGE_RECIPE_ARN, EU),
                                            infrastructureConfigurationArn=demo_arn_in(DEMO_INFRASTRUCTURE_ARN, EU),
                                            clientToken=f"token-{EU}")  # its tokens came back too


def test_only_the_regions_served_pass_the_signing_check():
    with ImageBuilderService(check_signing_region=True, regions=()) as service:
        with pytest.raises(service.client(EU).exceptions.ClientError, match="scoped to a valid region"):
            service.client(EU).list_images()
    with ImageBuilderService(check_signing_region=True, regions=("ap-south-1",)) as service:
        assert service.client("ap-south-1").list_images()["imageVersionList"] == []


def test_a_version_2_state_file_is_the_default_regions_and_is_written_again_as_version_3(tmp_path):
    state = tmp_path / "state.json"
    state.write_text((Path(__file__).parent / "fixtures" / "service-state-0.1.0.json").read_text())
    assert json.loads(state.read_text())["version"] == 2
    old_build = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=str(state)) as service:
        assert service.client().get_image(imageBuildVersionArn=old_build)["image"]["state"]["status"] == "AVAILABLE"
        _build(service.client(EU), EU)
    saved = json.loads(state.read_text())
    assert saved["version"] == 3 and old_build in [b["arn"] for b in saved["regions"]["us-east-1"]["builds"]]
