"""PipelineBuild, adoption with get() and lifecycle states on refresh, under the real Pulumi CLI."""

from __future__ import annotations

import json

import pytest

from imagebuilder_local import (
    DEMO_DISABLED_PIPELINE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_PIPELINE_ARN,
)
from imagebuild_resource.imagebuilder.identity import user_tags
from imagebuild_resource.outputs import OUTPUT_NAMES

from .harness import IMAGEBUILD_TYPE, Project
from .test_errors import assert_readable

pytestmark = pytest.mark.e2e

PIPELINEBUILD_TYPE = "pulumi-python:dynamic/imagebuilder:PipelineBuild"

PROGRAM = """
import pulumi
from imagebuild_resource import PipelineBuild, PipelineBuildArgs

config = pulumi.Config("e2e")
build = PipelineBuild("run", PipelineBuildArgs(
    image_pipeline_arn=config.require("pipeline"),
    tags=config.get_object("tags"),
    triggers=config.get_object("triggers"),
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
for name in ("imageBuildVersionArn", "finalStatus", "amiId", "amis", "version", "imagePipelineArn"):
    pulumi.export(name, getattr(build, name))
"""


def calls(service, operation: str) -> int:
    return service.admin.counters().get(operation, {}).get("calls", 0)


def diagnostics(result) -> list[dict]:
    """The diagnostic events of a ``--json`` run."""
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    return [event["diagnosticEvent"] for event in events if "diagnosticEvent" in event]


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    project = Project.create(tmp_path / "pipeline", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:pipeline", DEMO_PIPELINE_ARN)
    project.run("config", "set", "--path", "e2e:tags.team", "platform")
    project.run("config", "set", "--path", "e2e:triggers.release", "1")
    return project


def test_up_runs_the_pipeline_a_trigger_change_runs_it_again_and_destroy_deletes(project, imagebuilder_service):
    project.up()
    first = project.outputs()
    assert first["finalStatus"] == "AVAILABLE" and first["imagePipelineArn"] == DEMO_PIPELINE_ARN
    assert first["imageBuildVersionArn"].endswith("image/demo-al2023/1.0.0/1")
    assert first["amiId"].startswith("ami-") and {a["region"] for a in first["amis"]} == {"us-east-1", "eu-west-1"}
    client = imagebuilder_service.client()
    image = client.get_image(imageBuildVersionArn=first["imageBuildVersionArn"])["image"]
    assert image["sourcePipelineArn"] == DEMO_PIPELINE_ARN and user_tags(image["tags"]) == {"team": "platform"}
    assert image["tags"]["imagebuild:urn"].endswith("PipelineBuild::run") and image["tags"]["imagebuild:recorded"]
    assert calls(imagebuilder_service, "StartImagePipelineExecution") == 1

    # Nothing changed: no run. A tag change: in place.
    assert {s["op"] for s in project.preview_steps()} == {"same"}
    project.run("config", "set", "--path", "e2e:tags.team", "payments")
    (step,) = [s for s in project.preview_steps() if s["urn"].endswith("::run")]
    assert step["op"] == "update"
    project.up()
    assert project.outputs()["imageBuildVersionArn"] == first["imageBuildVersionArn"]
    assert calls(imagebuilder_service, "StartImagePipelineExecution") == 1

    # A trigger change: a replacement, the new build created before the old one is deleted.
    project.run("config", "set", "--path", "e2e:triggers.release", "2")
    (step,) = [s for s in project.preview_steps() if s["urn"].endswith("::run")]
    assert step["op"] == "replace" and step["replaceReasons"] == ["triggers"], step
    result = project.up()
    assert_readable(result.stdout + result.stderr)
    second = project.outputs()
    assert second["imageBuildVersionArn"].endswith("image/demo-al2023/1.0.0/2")
    assert second["amiId"] != first["amiId"]
    order = [c["operation"] for c in imagebuilder_service.admin.calls()
             if c["operation"] in ("StartImagePipelineExecution", "DeleteImage")]
    assert order == ["StartImagePipelineExecution", "StartImagePipelineExecution", "DeleteImage"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image(imageBuildVersionArn=first["imageBuildVersionArn"])

    project.run("destroy", "--yes", "--skip-preview")
    assert imagebuilder_service.admin.builds() == []
    assert client.get_image_pipeline(imagePipelineArn=DEMO_PIPELINE_ARN)["imagePipeline"]["status"] == "ENABLED"


def test_a_disabled_pipeline_is_refused_before_anything_starts(project, imagebuilder_service):
    project.set_config("e2e:pipeline", DEMO_DISABLED_PIPELINE_ARN)
    result = project.up(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert_readable(text)
    assert f"Image pipeline {DEMO_DISABLED_PIPELINE_ARN} is DISABLED" in text, text
    assert calls(imagebuilder_service, "StartImagePipelineExecution") == 0
    assert imagebuilder_service.admin.builds() == []


def test_check_names_the_property_and_the_expected_form(project, imagebuilder_service):
    project.set_config("e2e:pipeline", "my-pipeline")
    result = project.run("preview", check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert_readable(text)
    assert "imagePipelineArn" in text and "my-pipeline" in text, text
    assert calls(imagebuilder_service, "GetImagePipeline") == 0


ADOPT_PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, PipelineBuild

config = pulumi.Config("e2e")
image = ImageBuild.get("adopted", config.require("build"))
run = PipelineBuild.get("adopted-run", config.require("pipelineBuild"))
for name in {names!r}:
    pulumi.export(name, getattr(image, name))
    pulumi.export("run_" + name, getattr(run, name))
pulumi.export("tags", image.tags)
pulumi.export("run_imagePipelineArn", run.image_pipeline_arn)
"""


def started_builds(service) -> tuple[str, str]:
    """A build of CreateImage and one of the demo pipeline, both AVAILABLE."""
    client = service.client()
    arn = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN,
                              clientToken="adopt-1", tags={"owner": "elsewhere"})["imageBuildVersionArn"]
    run = client.start_image_pipeline_execution(imagePipelineArn=DEMO_PIPELINE_ARN,
                                                 clientToken="adopt-2")["imageBuildVersionArn"]
    service.admin.set_time_scale(0.00001)
    return arn, run


def test_get_reads_existing_builds_with_every_output_and_destroy_leaves_them(tmp_path, imagebuilder_service):
    arn, run = started_builds(imagebuilder_service)
    program = ADOPT_PROGRAM.format(names=OUTPUT_NAMES)
    project = Project.create(tmp_path / "adopt", imagebuilder_service.endpoint_url, program)
    project.set_config("e2e:build", arn)
    project.set_config("e2e:pipelineBuild", run)
    result = project.up()
    assert_readable(result.stdout + result.stderr)
    out = project.outputs()
    client = imagebuilder_service.client()
    image = client.get_image(imageBuildVersionArn=arn)["image"]
    assert out["imageBuildVersionArn"] == arn and out["run_imageBuildVersionArn"] == run
    assert out["finalStatus"] == out["run_finalStatus"] == "AVAILABLE"
    assert out["amiId"] == image["outputResources"]["amis"][0]["image"]
    assert out["version"] == "1.0.0/1" and out["platform"] == "Linux" and out["osVersion"] == "Amazon Linux 2023"
    assert out["dateCreated"] == image["dateCreated"] and out["containerImageUris"] == []
    assert out["tags"] == {"owner": "elsewhere"} and out["run_imagePipelineArn"] == DEMO_PIPELINE_ARN
    assert {name for name in OUTPUT_NAMES if name not in out} == {"finalReason"}  # the one output that is null
    assert calls(imagebuilder_service, "CreateImage") == 1  # the test's own: get built nothing

    project.run("destroy", "--yes", "--skip-preview")
    assert len(imagebuilder_service.admin.builds()) == 2  # read, not owned


def test_get_of_a_build_that_does_not_exist_names_the_arn(tmp_path, imagebuilder_service):
    missing = DEMO_IMAGE_RECIPE_ARN.replace("image-recipe", "image") + "/9"
    project = Project.create(tmp_path / "missing", imagebuilder_service.endpoint_url,
                             ADOPT_PROGRAM.format(names=OUTPUT_NAMES))
    project.set_config("e2e:build", missing)
    project.set_config("e2e:pipelineBuild", missing)
    result = project.up(check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert_readable(text)
    assert missing in text and "does not exist" in text, text


@pytest.mark.parametrize("status", ["DEPRECATED", "DISABLED"])
def test_refresh_shows_a_status_set_outside_pulumi_with_a_warning_on_the_row(project, imagebuilder_service, status):
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    imagebuilder_service.client().start_resource_state_update(
        resourceArn=arn, state={"status": status}, clientToken=f"outside-{status}")
    result = project.run("refresh", "--yes", "--skip-preview", "--json")
    assert_readable(result.stdout + result.stderr)
    (resource,) = project.resources(PIPELINEBUILD_TYPE)
    assert resource["outputs"]["finalStatus"] == status
    warnings = [d for d in diagnostics(result) if d.get("severity") == "warning"]
    assert [d["urn"].split("::")[-1] for d in warnings] == ["run"], warnings
    assert f"image build {arn} is {status}" in warnings[0]["message"]


def test_refresh_after_a_deletion_outside_pulumi_removes_the_build(project, imagebuilder_service):
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    imagebuilder_service.client().delete_image(imageBuildVersionArn=arn)
    project.run("refresh", "--yes", "--skip-preview")
    assert project.resources(PIPELINEBUILD_TYPE) == []


def test_an_image_build_shows_a_deprecation_on_refresh_too(tmp_path, imagebuilder_service):
    program = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
image = ImageBuild("img", ImageBuildArgs(image_recipe_arn=config.require("recipe"),
                                         infrastructure_configuration_arn=config.require("infra"),
                                         poll_min_seconds=0.2, poll_max_seconds=1))
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("finalStatus", image.final_status)
"""
    project = Project.create(tmp_path / "image", imagebuilder_service.endpoint_url, program)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    imagebuilder_service.admin.set_build_status(arn, "DEPRECATED", "superseded by 2.0.0")
    result = project.run("refresh", "--yes", "--skip-preview")
    assert_readable(result.stdout + result.stderr)
    assert f"image build {arn} is DEPRECATED: superseded by 2.0.0" in result.stdout
    (resource,) = project.resources(IMAGEBUILD_TYPE)
    assert resource["outputs"]["finalStatus"] == "DEPRECATED"
