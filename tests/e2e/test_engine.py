"""The ImageBuild resource under the real Pulumi CLI, against the local Image Builder service."""

from __future__ import annotations

import base64
import signal

import pytest

from imagebuilder_local import (
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
)

from .harness import IMAGEBUILD_TYPE, Project, wait_for

pytestmark = pytest.mark.e2e

RECIPE_V2 = DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023/1.0.0", "demo-al2023-next/2.0.0")

PROGRAM = """
import pulumi
import pulumi.dynamic
from imagebuild_resource import ImageBuild, ImageBuildArgs


class EchoProvider(pulumi.dynamic.ResourceProvider):
    def create(self, props):
        return pulumi.dynamic.CreateResult("echo", {"imageId": props["imageId"]})

    def update(self, _id, _olds, news):
        return pulumi.dynamic.UpdateResult({"imageId": news["imageId"]})


class Echo(pulumi.dynamic.Resource):
    def __init__(self, name, image_id, opts=None):
        super().__init__(EchoProvider(), name, {"imageId": image_id}, opts)


config = pulumi.Config("e2e")
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=config.require("recipe"),
    infrastructure_configuration_arn=config.require("infra"),
    distribution_configuration_arn=config.get("dist"),
    tags=config.get_object("tags"),
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
consumer = Echo("consumer", image.ami_id)
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("finalStatus", image.final_status)
pulumi.export("amiId", image.ami_id)
pulumi.export("amis", image.amis)
pulumi.export("version", image.version)
pulumi.export("consumerImageId", consumer.imageId)
"""


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    """A stack building the demo recipe with two-region distribution."""
    project = Project.create(tmp_path / "project", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.set_config("e2e:dist", DEMO_MULTI_REGION_DISTRIBUTION_ARN)
    project.run("config", "set", "--path", "e2e:tags.team", "platform")
    return project


def calls(service, operation: str) -> int:
    return service.admin.counters().get(operation, {}).get("calls", 0)


def test_preview_creates_one_build_and_up_exports_every_output(project, imagebuilder_service):
    creates = [s for s in project.preview_steps() if s["op"] == "create" and s.get("urn", "").endswith("::img")]
    assert len(creates) == 1 and IMAGEBUILD_TYPE in creates[0]["urn"]
    assert calls(imagebuilder_service, "CreateImage") == 0  # preview builds nothing

    project.up()
    out = project.outputs()
    assert out["finalStatus"] == "AVAILABLE"
    assert out["imageBuildVersionArn"].startswith("arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/")
    assert out["amiId"].startswith("ami-") and len(out["amiId"]) == 21
    assert {a["region"] for a in out["amis"]} == {"us-east-1", "eu-west-1"}
    assert out["consumerImageId"] == out["amiId"]
    assert calls(imagebuilder_service, "CreateImage") == 1


def test_second_preview_shows_no_changes_and_costs_no_image_builder_call(project, imagebuilder_service):
    project.up()
    before = imagebuilder_service.admin.counters()
    steps = project.preview_steps()
    assert {s["op"] for s in steps} == {"same"}
    assert imagebuilder_service.admin.counters() == before


def test_changing_only_tags_updates_in_place_without_a_new_build(project, imagebuilder_service):
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    assert calls(imagebuilder_service, "TagResource") == 1  # imagebuild:recorded, once the create succeeded
    project.run("config", "set", "--path", "e2e:tags.team", "payments")
    steps = project.preview_steps()
    assert [s["op"] for s in steps if s["urn"].endswith("::img")] == ["update"]
    project.up()
    assert project.outputs()["imageBuildVersionArn"] == arn
    assert calls(imagebuilder_service, "CreateImage") == 1
    assert calls(imagebuilder_service, "TagResource") == 2
    tags = imagebuilder_service.client().list_tags_for_resource(resourceArn=arn)["tags"]
    assert tags["team"] == "payments" and tags["imagebuild:recorded"] == "true"


def test_changing_the_recipe_replaces_create_before_delete_and_moves_the_consumer(project, imagebuilder_service):
    imagebuilder_service.admin.add_catalog({"imageRecipes": [_recipe("demo-al2023-next", "2.0.0")]})
    project.up()
    old = project.outputs()
    project.set_config("e2e:recipe", RECIPE_V2)
    (step,) = [s for s in project.preview_steps() if s["urn"].endswith("::img")]
    assert step["op"] == "replace" and step["replaceReasons"] == ["imageRecipeArn"], step
    project.up()
    new = project.outputs()
    assert new["imageBuildVersionArn"] != old["imageBuildVersionArn"]
    assert new["amiId"] != old["amiId"] and new["consumerImageId"] == new["amiId"]
    assert calls(imagebuilder_service, "CreateImage") == 2
    log = imagebuilder_service.admin.calls()
    order = [e["operation"] for e in log if e["operation"] in ("CreateImage", "DeleteImage")]
    assert order == ["CreateImage", "CreateImage", "DeleteImage"]
    client = imagebuilder_service.client()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image(imageBuildVersionArn=old["imageBuildVersionArn"])


def test_failed_build_fails_up_with_its_reason_and_records_nothing_then_a_fix_succeeds(project, imagebuilder_service):
    project.set_config("e2e:recipe", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    result = project.up(check=False)
    assert result.returncode != 0
    text = result.stdout + result.stderr
    assert "image build FAILED" in text
    assert "demo-fails-at-test/1.0.0/1" in text  # the build version ARN
    assert "CloudWatch Logs group" in text
    assert project.resources() == []

    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.up()
    assert project.outputs()["finalStatus"] == "AVAILABLE"


def test_refresh_after_an_out_of_band_delete_removes_the_build_from_state(project, imagebuilder_service):
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    imagebuilder_service.client().delete_image(imageBuildVersionArn=arn)
    project.run("refresh", "--yes", "--skip-preview")
    assert project.resources() == []


def test_destroy_deletes_the_build(project, imagebuilder_service):
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    project.run("destroy", "--yes", "--skip-preview")
    client = imagebuilder_service.client()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image(imageBuildVersionArn=arn)
    assert calls(imagebuilder_service, "DeleteImage") == 1


def test_provider_is_pickled_by_reference_to_the_installed_package(project):
    project.up()
    (resource,) = project.resources()
    pickled = base64.b64decode(resource["outputs"]["__provider"]["plaintext"].strip('"'))
    assert b"imagebuild_resource.provider" in pickled and b"ImageBuildProvider" in pickled


COMPONENT_PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs


class GoldenImage(pulumi.ComponentResource):
    def __init__(self, name, recipe, infra, opts=None):
        super().__init__("e2e:index:GoldenImage", name, None, opts)
        self.build = ImageBuild(f"{name}-build", ImageBuildArgs(
            image_recipe_arn=recipe, infrastructure_configuration_arn=infra,
            poll_min_seconds=0.2, poll_max_seconds=1), pulumi.ResourceOptions(parent=self))
        self.register_outputs({"amiId": self.build.ami_id})


config = pulumi.Config("e2e")
golden = GoldenImage("golden", config.require("recipe"), config.require("infra"))
pulumi.export("amiId", golden.build.ami_id)
"""


def test_a_component_resource_parent_works(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "component", imagebuilder_service.endpoint_url, COMPONENT_PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.up()
    assert project.outputs()["amiId"].startswith("ami-")
    (resource,) = project.resources()
    assert resource["parent"].endswith("e2e:index:GoldenImage::golden")
    project.run("destroy", "--yes", "--skip-preview")


def _recipe(name: str, version: str) -> dict:
    return {
        "name": name,
        "version": version,
        "platform": "Linux",
        "parentImage": "arn:aws:imagebuilder:${region}:aws:image/amazon-linux-2023-x86/x.x.x",
        "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}],
    }


PARALLEL_PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
for index in range(6):
    ImageBuild(f"img-{index}", ImageBuildArgs(
        image_recipe_arn=config.require("recipe"), infrastructure_configuration_arn=config.require("infra"),
        poll_min_seconds=0.5, poll_max_seconds=1))
"""


def test_six_builds_wait_in_parallel_without_starving_the_provider_pool(tmp_path, imagebuilder_service):
    """The dynamic provider serves every RPC from 4 threads; six long waits must still all start at once."""
    build_seconds = 45 * 60 * 0.004
    imagebuilder_service.admin.set_time_scale(0.004)  # a 45-minute build takes about 11 s
    project = Project.create(tmp_path / "parallel", imagebuilder_service.endpoint_url, PARALLEL_PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.up()
    starts = [call["time"] for call in imagebuilder_service.admin.calls("CreateImage")]
    assert len(starts) == 6
    # With only four threads the last two builds could start only after a first one ended.
    assert max(starts) - min(starts) < build_seconds / 2, starts
    assert {b["status"] for b in imagebuilder_service.admin.builds()} == {"AVAILABLE"}


def test_preview_needs_no_aws_credentials_or_endpoint(project):
    """Pull-request previews: check() and diff() make no AWS call, for a new stack and an existing one."""
    offline = {k: v for k, v in project.env.items() if not k.startswith("AWS_")}
    offline.update(AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent",
                   AWS_EC2_METADATA_DISABLED="true")
    reviewer = Project(project.workdir, project.endpoint_url, offline)

    def preview_ops() -> list[str]:
        reviewer.set_config("imagebuild:endpointUrl", "http://127.0.0.1:9")  # nothing listens there
        try:
            return [s["op"] for s in reviewer.preview_steps() if s["urn"].endswith("::img")]
        finally:
            reviewer.set_config("imagebuild:endpointUrl", project.endpoint_url)

    assert preview_ops() == ["create"]
    project.up()
    project.run("config", "set", "--path", "e2e:tags.team", "review")
    assert preview_ops() == ["update"]


def test_ctrl_c_cancels_the_waiting_build_and_fails_up(project, imagebuilder_service):
    """One Ctrl-C: the engine's Cancel reaches the provider, which cancels its build and stops waiting."""
    project.set_config("e2e:recipe", DEMO_HANGS_RECIPE_ARN)
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(imagebuilder_service.admin.builds, "the build to start")
    up.send_signal(signal.SIGINT)
    output, _ = up.communicate(timeout=120)
    assert up.returncode != 0
    assert "-> CANCELLED" in output, output
    assert "The run was cancelled by request; the build was cancelled" in output
    assert [b["status"] for b in imagebuilder_service.admin.builds()] == ["CANCELLED"]
