"""ImageDistribution: its arguments in both forms, its checks, and its provider against the local service."""

from __future__ import annotations

import pytest

from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                TEST_ACCESS_KEY, TEST_SECRET_KEY)
from imagebuild_resource import ImageDistributionArgs, ImageDistributionArgsDict
from imagebuild_resource.inputs import image_distribution
from imagebuild_resource.inputs.table import with_defaults
from imagebuild_resource.providers import BuildFailed, ImageBuildProvider, ImageDistributionProvider, Settings
from imagebuild_resource.resources.construct import args_and_opts, input_props

ROLE = "arn:aws:iam::123456789012:role/ImageBuilderDistributionRole"
FAST = {"pollMinSeconds": 0.05, "pollMaxSeconds": 0.2}


def test_the_args_class_and_its_dict_form_give_the_same_properties():
    as_dict: ImageDistributionArgsDict = {"source_image": "ami-0123456789abcdef0",
                                          "distribution_configuration_arn": DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                          "execution_role": ROLE, "tags": {"team": "web"}, "region": "us-east-1"}
    typed = ImageDistributionArgs(**as_dict)
    from_keywords, opts = args_and_opts("ImageDistribution", ImageDistributionArgs, (), dict(as_dict))
    expected = {"sourceImage": "ami-0123456789abcdef0", "distributionConfigurationArn":
                DEMO_MULTI_REGION_DISTRIBUTION_ARN, "executionRole": ROLE, "tags": {"team": "web"},
                "region": "us-east-1"}
    assert input_props(typed) == input_props(from_keywords) == expected and opts is None
    assert typed.source_image == "ami-0123456789abcdef0" and typed.poll_max_seconds is None
    with pytest.raises(TypeError, match="missing the required argument execution_role"):
        args_and_opts("ImageDistribution", ImageDistributionArgs, (),
                      {"source_image": "ami-1", "distribution_configuration_arn": "arn"})
    with pytest.raises(TypeError, match="unexpected keyword argument 'image_recipe_arn'"):
        args_and_opts("ImageDistribution", ImageDistributionArgs, (), {**as_dict, "image_recipe_arn": "x"})


@pytest.mark.parametrize("news, path, reason", [
    ({}, "sourceImage", "is required"),
    ({"sourceImage": "", "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN, "executionRole": ROLE},
     "sourceImage", "expected a string of 1 to 1024 characters"),
    ({"sourceImage": "ami-1", "distributionConfigurationArn": "nope", "executionRole": ROLE},
     "distributionConfigurationArn", "expected"),
    ({"sourceImage": "ami-1", "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN, "executionRole": ROLE,
      "region": "Europe"}, "region", "expected a region name such as us-east-1 or eu-west-1, got 'Europe'"),
    ({"sourceImage": "ami-1", "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN, "executionRole": ROLE,
      "region": "eu-west-1"}, "distributionConfigurationArn", "expected an ARN in the build's region eu-west-1"),
    ({"sourceImage": "ami-1", "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN, "executionRole": ROLE,
      "tags": {"imagebuild:x": "y"}}, 'tags["imagebuild:x"]', "prefix is reserved"),
])
def test_each_bad_input_gets_a_message_naming_it(news, path, reason):
    region = news.get("region") or "us-east-1"  # as the provider passes it: the resource's, else the stack's
    problems = {p.path: p.reason for p in image_distribution.check(news, region)}
    assert path in problems and reason in problems[path], problems


def test_a_change_of_tags_is_in_place_and_of_anything_else_a_new_distribution():
    olds = {"sourceImage": "ami-1", "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN,
            "executionRole": ROLE, "tags": {"a": "1"}}
    assert image_distribution.changes(olds, {**olds, "tags": {"a": "2"}}).updates == ["tags"]
    for name, value in (("sourceImage", "ami-2"), ("region", "eu-west-1"), ("executionRole", "Other")):
        assert image_distribution.changes(olds, {**olds, name: value}).replaces == [name]
    assert not image_distribution.changes(olds, {**olds, "pollMaxSeconds": 3}).replaces


@pytest.fixture
def settings(imagebuilder_service, monkeypatch) -> Settings:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return Settings(region="us-east-1", endpoint_url=imagebuilder_service.endpoint_url)


def test_create_distributes_an_ami_read_reads_it_and_delete_deletes_it(settings, imagebuilder_client,
                                                                       imagebuilder_admin):
    built = ImageBuildProvider(settings).create(with_defaults({
        "imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN, **FAST}))
    provider = ImageDistributionProvider(settings)
    given = with_defaults({"sourceImage": built.outs["amiId"], "distributionConfigurationArn":
                           DEMO_MULTI_REGION_DISTRIBUTION_ARN, "executionRole": ROLE, "tags": {"team": "web"},
                           "region": "us-east-1", **FAST})
    result = provider.create(given)
    outs = result.outs
    assert result.id == outs["imageBuildVersionArn"] != built.id and outs["finalStatus"] == "AVAILABLE"
    assert [a["region"] for a in outs["amis"]] == ["us-east-1", "eu-west-1"]
    assert outs["amiId"] == outs["amis"][0]["imageId"] != built.outs["amiId"]
    assert outs["tags"] == {"team": "web"} and outs["sourceImage"] == built.outs["amiId"]
    tags = imagebuilder_client.get_image(imageBuildVersionArn=result.id)["image"]["tags"]
    assert tags == {"team": "web"}  # no URN outside the engine: no identity tags
    assert imagebuilder_admin.counters()["DistributeImage"]["calls"] == 1
    read = provider.read(result.id, outs)
    assert read.outs["amiId"] == outs["amiId"] and read.outs["tags"] == {"team": "web"}
    provider.delete(result.id, outs)
    assert [b["arn"] for b in imagebuilder_admin.builds()] == [built.id]


def test_a_distribution_that_fails_fails_the_create_with_its_reason(settings, imagebuilder_admin):
    built = ImageBuildProvider(settings).create(with_defaults({
        "imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN, **FAST}))
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "DISTRIBUTING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    with pytest.raises(BuildFailed, match="image build FAILED: Image distribution failed in one or more regions"):
        ImageDistributionProvider(settings).create(with_defaults({
            "sourceImage": built.id, "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN,
            "executionRole": ROLE, **FAST}))
