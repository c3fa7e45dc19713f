"""``region`` and ``profile`` per build: checked, compared and used by every operation, without the engine."""

from __future__ import annotations

import time

import pytest

from pulumi.output import Unknown

from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                TEST_ACCESS_KEY, TEST_SECRET_KEY, demo_arn_in)
from imagebuild_resource.inputs.table import with_defaults
from imagebuild_resource.providers import BuildFailed, ImageBuildProvider, PipelineBuildProvider, Settings

EU = "eu-west-1"
RECIPE = "arn:aws:imagebuilder:{}:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:{}:123456789012:infrastructure-configuration/demo-infra"
PIPELINE = "arn:aws:imagebuilder:{}:123456789012:image-pipeline/demo-pipeline"


def inputs(arns_in: str = "us-east-1", **extra):
    """ImageBuild inputs whose ARNs are in ``arns_in``."""
    return {"imageRecipeArn": RECIPE.format(arns_in), "infrastructureConfigurationArn": INFRA.format(arns_in), **extra}


def failures(provider, news):
    return {f.property: f.reason for f in provider.check({}, {"__provider": "x", **news}).failures}


def stack(region: str | None = "us-east-1", profile: str | None = None) -> Settings:
    return Settings(region=region, profile=profile, endpoint_url="http://unreachable.invalid:1")


def test_the_builds_region_decides_which_arns_are_in_region():
    provider = ImageBuildProvider(stack())
    assert failures(provider, inputs(EU, region=EU)) == {}
    found = failures(provider, inputs("us-east-1", region=EU))
    assert found["imageRecipeArn"].startswith("expected an ARN in the build's region eu-west-1, got one in us-east-1")
    assert "infrastructureConfigurationArn" in found


def test_a_pipeline_in_another_region_needs_that_region():
    provider = PipelineBuildProvider(stack())
    assert failures(provider, {"imagePipelineArn": PIPELINE.format(EU), "region": EU}) == {}
    assert "expected an ARN in the build's region us-east-1, got one in eu-west-1" in failures(
        provider, {"imagePipelineArn": PIPELINE.format(EU)})["imagePipelineArn"]


@pytest.mark.parametrize("value", ["EU-WEST-1", "eu_west_1", "euwest1", "", 7, "eu-west-1 "])
def test_a_region_of_another_form_is_refused_naming_region(value):
    found = failures(ImageBuildProvider(stack()), inputs(region=value))
    assert found["region"] == f"expected a region name such as us-east-1 or eu-west-1, got {value!r}"


@pytest.mark.parametrize("value", ["", " dev", 3])
def test_a_profile_of_another_form_is_refused_naming_profile(value):
    found = failures(ImageBuildProvider(stack()), inputs(profile=value))
    assert found["profile"] == f"expected the name of a profile in the AWS config files, got {value!r}"


def test_an_unknown_region_passes_check_and_skips_the_region_rule():
    assert failures(ImageBuildProvider(stack()), inputs(EU, region=Unknown())) == {}


def test_region_and_profile_are_kept_as_inputs():
    result = ImageBuildProvider(stack()).check({}, {"__provider": "x", **inputs(EU, region=EU, profile="eu-admin")})
    assert result.inputs["region"] == EU and result.inputs["profile"] == "eu-admin"


def diff(olds, news, region: str | None = "us-east-1"):
    return ImageBuildProvider(stack(region)).diff("id", olds, news)


def test_changing_region_replaces_the_build():
    result = diff(inputs(region="us-east-1"), inputs(EU, region=EU))
    assert "region" in result.replaces and result.delete_before_replace is False


def test_setting_region_to_the_stacks_region_is_no_change_for_a_state_without_it():
    assert diff(inputs(), inputs(region="us-east-1")).changes is False
    assert diff(inputs(region="us-east-1"), inputs()).changes is False


def test_setting_another_region_on_a_state_without_it_replaces():
    assert "region" in diff(inputs(), inputs(region=EU)).replaces


def test_an_unknown_region_counts_as_changed():
    assert "region" in diff(inputs(region=EU), inputs(region=Unknown())).replaces


def test_changing_profile_never_replaces():
    result = diff(inputs(profile="a"), inputs(profile="b"))
    assert result.changes is True and result.replaces == [] and "profile" not in result.stables


def test_settings_of_a_build_take_its_region_and_profile_and_else_the_stacks():
    settings = stack("us-east-1", "default")
    assert settings.of_build({"region": EU, "profile": "eu"}) == stack(EU, "eu")
    assert settings.of_build({}) == settings  # a state written before they were inputs
    assert settings.of_build({"region": Unknown(), "profile": None}) == settings


@pytest.fixture
def service_provider(imagebuilder_service, monkeypatch) -> ImageBuildProvider:
    """A provider whose stack is in us-east-1, against the local service (which serves eu-west-1 too)."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return ImageBuildProvider(Settings(region="us-east-1", endpoint_url=imagebuilder_service.endpoint_url))


def test_every_operation_of_a_build_in_another_region_goes_to_that_region(service_provider, imagebuilder_service):
    given = with_defaults({"imageRecipeArn": demo_arn_in(DEMO_IMAGE_RECIPE_ARN, EU),
                           "infrastructureConfigurationArn": demo_arn_in(DEMO_INFRASTRUCTURE_ARN, EU),
                           "distributionConfigurationArn": demo_arn_in(DEMO_MULTI_REGION_DISTRIBUTION_ARN, EU),
                           "region": EU, "tags": {"team": "a"}, "pollMinSeconds": 0.05, "pollMaxSeconds": 0.2})
    outs = service_provider.create(given).outs
    arn = outs["imageBuildVersionArn"]
    assert arn.startswith(f"arn:aws:imagebuilder:{EU}:") and outs["region"] == EU
    assert {a["region"] for a in outs["amis"]} == {"us-east-1", EU}
    assert outs["amiId"] == next(a["imageId"] for a in outs["amis"] if a["region"] == EU)
    assert [b["arn"] for b in imagebuilder_service.admin.builds(region=EU)] == [arn]
    assert imagebuilder_service.admin.builds() == []  # nothing in the stack's region
    read = service_provider.read(arn, outs)
    assert read.id == arn and read.outs["amiId"] == outs["amiId"]
    service_provider.update(arn, outs, {**outs, "tags": {"team": "b"}})
    eu = imagebuilder_service.client(EU)
    assert eu.get_image(imageBuildVersionArn=arn)["image"]["tags"]["team"] == "b"
    service_provider.delete(arn, outs)
    with pytest.raises(eu.exceptions.ResourceNotFoundException):
        eu.get_image(imageBuildVersionArn=arn)


def test_a_state_without_region_is_the_stacks_region(service_provider, imagebuilder_service):
    given = with_defaults({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn":
                           DEMO_INFRASTRUCTURE_ARN, "pollMinSeconds": 0.05, "pollMaxSeconds": 0.2})
    outs = service_provider.create(given).outs  # as 0.1.0 wrote it: no region
    assert outs.get("region") is None and outs["imageBuildVersionArn"].startswith("arn:aws:imagebuilder:us-east-1:")
    assert service_provider.read(outs["imageBuildVersionArn"], outs).outs["finalStatus"] == "AVAILABLE"
    service_provider.delete(outs["imageBuildVersionArn"], outs)
    assert imagebuilder_service.admin.build_counts()["existing"]["total"] == 0


def test_a_builds_profile_signs_every_call_of_that_build(imagebuilder_service, monkeypatch, tmp_path):
    """Credentials only in a named profile: the build with ``profile`` finds them, the stack's default does not."""
    credentials = tmp_path / "credentials"
    credentials.write_text(f"[builder]\naws_access_key_id = {TEST_ACCESS_KEY}\n"
                           f"aws_secret_access_key = {TEST_SECRET_KEY}\n")
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    provider = ImageBuildProvider(Settings(region="us-east-1", endpoint_url=imagebuilder_service.endpoint_url))
    given = with_defaults({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn":
                           DEMO_INFRASTRUCTURE_ARN, "pollMinSeconds": 0.05, "pollMaxSeconds": 0.2})
    with pytest.raises(BuildFailed, match="no AWS credentials were found"):
        provider.create(given)
    outs = provider.create({**given, "profile": "builder"}).outs
    assert outs["finalStatus"] == "AVAILABLE" and outs["profile"] == "builder"
    assert provider.read(outs["imageBuildVersionArn"], outs).outs["finalStatus"] == "AVAILABLE"
    provider.delete(outs["imageBuildVersionArn"], outs)
    assert imagebuilder_service.admin.build_counts()["existing"]["total"] == 0


def test_a_build_without_region_is_read_retagged_and_deleted_in_the_region_of_its_arn(service_provider,
                                                                                      imagebuilder_service):
    """get() of a build in another region, or a state whose stack's aws:region changed since: the ARN says where."""
    eu = imagebuilder_service.client(EU)
    arn = eu.create_image(imageRecipeArn=demo_arn_in(DEMO_IMAGE_RECIPE_ARN, EU),
                          infrastructureConfigurationArn=demo_arn_in(DEMO_INFRASTRUCTURE_ARN, EU),
                          clientToken="made-elsewhere")["imageBuildVersionArn"]
    while eu.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] != "AVAILABLE":
        time.sleep(0.05)
    read = service_provider.read(arn, {})  # what get() sends: an id and no inputs; the stack is in us-east-1
    assert read.id == arn and read.outs["finalStatus"] == "AVAILABLE"
    service_provider.update(arn, read.outs, {**read.outs, "tags": {"team": "b"}})
    assert eu.get_image(imageBuildVersionArn=arn)["image"]["tags"]["team"] == "b"
    service_provider.delete(arn, read.outs)
    with pytest.raises(eu.exceptions.ResourceNotFoundException):
        eu.get_image(imageBuildVersionArn=arn)
