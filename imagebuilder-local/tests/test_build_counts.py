"""The admin counts of build versions created and existing, per recipe and per ``imagebuild:urn``."""

from __future__ import annotations

from imagebuilder_local import (
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    ImageBuilderService,
)

from .conftest import TEST_TIME_SCALE
from .helpers import wait_for

URN_A = "urn:pulumi:dev::app::pulumi-python:dynamic/imagebuilder:ImageBuild::a"
URN_B = "urn:pulumi:dev::app::pulumi-python:dynamic/imagebuilder:ImageBuild::b"


def _create(client, recipe=DEMO_IMAGE_RECIPE_ARN, **tags):
    params = {"imageRecipeArn": recipe, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
    if tags:
        params["tags"] = tags
    return client.create_image(**params)["imageBuildVersionArn"]


def test_counts_per_recipe_image_version_and_urn_tag(client, imagebuilder_admin):
    empty = {"total": 0, "byRecipe": {}, "byImageVersion": {}, "byTag": {}}
    assert imagebuilder_admin.build_counts() == {"tag": "imagebuild:urn", "created": empty, "existing": empty}
    first = _create(client, **{"imagebuild:urn": URN_A})
    _create(client, DEMO_HANGS_RECIPE_ARN, **{"imagebuild:urn": URN_B, "team": "x"})
    _create(client)
    wait_for(client, first, {"AVAILABLE"})
    client.delete_image(imageBuildVersionArn=first)
    counts = imagebuilder_admin.build_counts()
    assert counts["created"] == {
        "total": 3,
        "byRecipe": {DEMO_IMAGE_RECIPE_ARN: 2, DEMO_HANGS_RECIPE_ARN: 1},
        "byImageVersion": {"arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0": 2,
                           "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-hangs/1.0.0": 1},
        "byTag": {URN_A: 1, URN_B: 1},
    }
    assert counts["existing"]["total"] == 2 and counts["existing"]["byTag"] == {URN_B: 1}
    assert imagebuilder_admin.build_counts("team")["created"]["byTag"] == {"x": 1}
    imagebuilder_admin.reset()
    assert imagebuilder_admin.build_counts()["created"]["total"] == 0


def test_counts_survive_a_restart_from_the_state_file(tmp_path):
    state = str(tmp_path / "state.json")
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=state) as service:
        _create(service.client(), **{"imagebuild:urn": URN_A})
    with ImageBuilderService(time_scale=TEST_TIME_SCALE, state_file=state) as service:
        assert service.admin.build_counts()["created"]["byTag"] == {URN_A: 1}
