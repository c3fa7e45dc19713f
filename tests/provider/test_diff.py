"""diff(): one place decides replacement; tags change in place; waiting options and __provider never diff."""

import pytest

from pulumi.output import Unknown

from imagebuild_resource.inputs.image_build import build_input_names
from imagebuild_resource.providers import ImageBuildProvider

RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"
OLDS = {
    "__provider": "old-pickle",
    "imageRecipeArn": RECIPE,
    "infrastructureConfigurationArn": INFRA,
    "tags": {"team": "a"},
    "buildTimeoutMinutes": 240,
    "pollMinSeconds": 5,
    "imageBuildVersionArn": "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1",
    "amiId": "ami-0123456789abcdef0",
}


def diff(**changes):
    return ImageBuildProvider().diff("id", OLDS, {**OLDS, **changes})


def test_no_change_is_no_diff():
    result = diff()
    assert result.changes is False and result.replaces == []


def test_provider_pickle_and_waiting_options_never_diff():
    result = diff(__provider="new-pickle", buildTimeoutMinutes=30, pollMinSeconds=1, pollMaxSeconds=9,
                  cancelOnTimeout=False, resumeFailedBuilds=False)
    assert result.changes is False and result.replaces == []


def test_tags_change_in_place():
    result = diff(tags={"team": "b"})
    assert result.changes is True and result.replaces == []


def test_empty_and_missing_tags_are_the_same():
    olds = {**OLDS, "tags": None}
    assert ImageBuildProvider().diff("id", olds, {**olds, "tags": {}}).changes is False


@pytest.mark.parametrize("name, value", [
    ("imageRecipeArn", RECIPE.replace("1.0.0", "1.0.1")),
    ("infrastructureConfigurationArn", INFRA + "-2"),
    ("distributionConfigurationArn", "arn:aws:imagebuilder:us-east-1:123456789012:distribution-configuration/d"),
    ("imageTestsConfiguration", {"timeoutMinutes": 90}),
    ("enhancedImageMetadataEnabled", False),
    ("workflows", [{"workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/build-image/1.0.0"}]),
    ("executionRole", "role"),
    ("loggingConfiguration", {"logGroupName": "g"}),
    ("imageScanningConfiguration", {"imageScanningEnabled": True}),
    ("clientToken", "t-2"),
])
def test_every_other_build_input_replaces_create_before_delete(name, value):
    result = diff(**{name: value})
    assert result.replaces == [name]
    assert result.delete_before_replace is False


def test_unknown_recipe_at_preview_replaces():
    assert diff(imageRecipeArn=Unknown()).replaces == ["imageRecipeArn"]


def test_numbers_from_the_engine_compare_as_integers():
    olds = {**OLDS, "imageTestsConfiguration": {"timeoutMinutes": 90}}
    assert ImageBuildProvider().diff("id", olds, {**olds, "imageTestsConfiguration": {"timeoutMinutes": 90.0}}).changes is False


def test_every_create_image_member_is_an_input():
    assert set(build_input_names()) == {
        "imageRecipeArn", "containerRecipeArn", "distributionConfigurationArn", "infrastructureConfigurationArn",
        "imageTestsConfiguration", "enhancedImageMetadataEnabled", "tags", "clientToken",
        "imageScanningConfiguration", "workflows", "executionRole", "loggingConfiguration",
    }


def test_delete_output_resources_is_recorded_in_place_and_defaults_to_false():
    assert diff(deleteOutputResources=True).replaces == [] and diff(deleteOutputResources=True).changes is True
    assert diff(deleteOutputResources=False).changes is False  # absent in old state means the default


def test_the_deletion_role_is_recorded_in_place_and_never_forces_a_new_build():
    result = diff(deleteOutputResources=True, deletionExecutionRole="ImageBuilderLifecycleExecutionRole")
    assert result.replaces == [] and result.changes is True
    changed = ImageBuildProvider().diff("id", {**OLDS, "deletionExecutionRole": "a"}, {**OLDS, "deletionExecutionRole": "b"})
    assert changed.replaces == [] and changed.changes is True
    assert "deletionExecutionRole" not in result.stables  # an option, not a build input


def detailed(**changes):
    """The detailed diff diff() hands the engine bridge: path -> (PropertyDiff kind, inputDiff)."""
    from imagebuild_resource.engine import server

    diff(**changes)
    offer = server._DIFF.offer
    server._DIFF.offer = None
    return offer


ADD, ADD_REPLACE, DELETE, UPDATE, UPDATE_REPLACE = 0, 1, 2, 4, 5


def test_a_replace_names_the_input_that_forces_it_and_shows_every_output_as_computed_again():
    paths, diffs = detailed(imageRecipeArn=RECIPE.replace("demo-al2023", "other"))
    assert paths == {"imageRecipeArn": (UPDATE_REPLACE, True), "imageBuildVersionArn": (ADD, False),
                     "amiId": (ADD, False)}
    assert diffs == ["imageRecipeArn", "imageBuildVersionArn", "amiId"]


def test_a_tag_change_is_an_in_place_update_of_that_tag_only():
    assert detailed(tags={"team": "b", "new": "x"}) == ({"tags.new": (ADD, True), "tags.team": (UPDATE, True)},
                                                       ["tags"])
    assert detailed(tags={"cost center": "1", "team": "a"}) == ({'tags["cost center"]': (ADD, True)}, ["tags"])
    assert detailed(tags={}) == ({"tags": (DELETE, True)}, ["tags"])


def test_options_and_the_provider_never_appear_and_a_no_op_is_empty():
    assert detailed(__provider="other", pollMaxSeconds=5) == ({}, [])


def test_added_build_input_and_delete_output_resources_read_as_added():
    assert detailed(distributionConfigurationArn="arn:x")[0]["distributionConfigurationArn"] == (ADD_REPLACE, True)
    assert detailed(deleteOutputResources=True) == ({"deleteOutputResources": (ADD, True)}, ["deleteOutputResources"])


def test_values_not_known_yet_at_any_depth_replace_or_update():
    assert diff(workflows=[{"workflowArn": Unknown()}]).replaces == ["workflows"]
    assert diff(loggingConfiguration={"logGroupName": Unknown()}).replaces == ["loggingConfiguration"]
    tags = diff(tags={"team": Unknown()})
    assert tags.replaces == [] and tags.changes is True
    assert detailed(tags={"team": Unknown()})[0] == {"tags.team": (UPDATE, True)}
    assert detailed(tags=Unknown())[0] == {"tags": (UPDATE, True)}
