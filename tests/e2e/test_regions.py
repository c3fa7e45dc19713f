"""A region per build (built, refreshed, replaced, destroyed and reattached there) and the --parallel warning,
under the real Pulumi CLI.

Two builds of one stack (``aws:region`` us-east-1): one in the stack's region, one with
``region="eu-west-1"`` and its recipe and configurations from eu-west-1. The local service
keeps each signing region's builds apart, so a call that went to the wrong region finds nothing.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal

import pytest

from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                DEMO_PIPELINE_ARN, demo_arn_in)

from .harness import IMAGEBUILD_TYPE, PROVIDER_MODULE, Project, processes_in, wait_for

pytestmark = pytest.mark.e2e

PIPELINEBUILD_TYPE = "pulumi-python:dynamic/imagebuilder:PipelineBuild"

EU = "eu-west-1"

PROGRAM = f"""
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs, PipelineBuild, PipelineBuildArgs

config = pulumi.Config("e2e")
other = config.get("otherRegion") or "{EU}"


def arn(template, region):
    return template.replace(":us-east-1:", f":{{region}}:")


def build(name, region=None):
    where = region or "us-east-1"
    return ImageBuild(name, ImageBuildArgs(
        image_recipe_arn=arn({DEMO_IMAGE_RECIPE_ARN!r}, where),
        infrastructure_configuration_arn=arn({DEMO_INFRASTRUCTURE_ARN!r}, where),
        distribution_configuration_arn=arn({DEMO_MULTI_REGION_DISTRIBUTION_ARN!r}, where),
        region=region,
        poll_min_seconds=0.2,
        poll_max_seconds=1,
    ))


home = build("home")
away = build("away", other)
run = PipelineBuild("run", PipelineBuildArgs(image_pipeline_arn=arn({DEMO_PIPELINE_ARN!r}, other), region=other,
                                             poll_min_seconds=0.2, poll_max_seconds=1))
for name, image in (("home", home), ("away", away), ("run", run)):
    pulumi.export(name + "Arn", image.image_build_version_arn)
    pulumi.export(name + "AmiId", image.ami_id)
    pulumi.export(name + "Amis", image.amis)
"""


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    return Project.create(tmp_path / "regions", imagebuilder_service.endpoint_url, PROGRAM)


def ami_in(amis: list[dict], region: str) -> str:
    (found,) = [ami["imageId"] for ami in amis if ami["region"] == region]
    return found


def test_two_builds_in_two_regions_each_build_refresh_and_destroy_in_their_region(project, imagebuilder_service):
    admin = imagebuilder_service.admin
    project.up()
    out = project.outputs()
    assert out["homeArn"].startswith("arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/")
    assert out["awayArn"].startswith(f"arn:aws:imagebuilder:{EU}:123456789012:image/demo-al2023/1.0.0/")
    assert [b["arn"] for b in admin.builds()] == [out["homeArn"]]
    assert out["runArn"].startswith(f"arn:aws:imagebuilder:{EU}:123456789012:image/")
    assert sorted(b["arn"] for b in admin.builds(region=EU)) == sorted([out["awayArn"], out["runArn"]])
    # both distribute to both regions: each amiId is the AMI of its own build's region
    assert out["homeAmiId"] == ami_in(out["homeAmis"], "us-east-1")
    assert out["awayAmiId"] == ami_in(out["awayAmis"], EU)
    assert out["runAmiId"] == ami_in(out["runAmis"], EU)
    away = next(r for r in project.resources() if r["urn"].endswith("::away"))
    assert away["inputs"]["region"] == EU and "region" not in next(
        r for r in project.resources() if r["urn"].endswith("::home"))["inputs"]

    # refresh reads each build in its region: one marked outside the stack is seen there, none is lost
    admin.set_build_status(out["awayArn"], "DEPRECATED", "superseded")
    refreshed = project.run("refresh", "--yes")
    assert f"image build {out['awayArn']} is DEPRECATED: superseded" in refreshed.stdout, refreshed.stdout
    statuses = {r["urn"].rsplit("::", 1)[1]: r["outputs"]["finalStatus"] for r in project.resources()}
    assert statuses == {"home": "AVAILABLE", "away": "DEPRECATED"}
    assert [r["outputs"]["finalStatus"] for r in project.resources(PIPELINEBUILD_TYPE)] == ["AVAILABLE"]

    project.run("destroy", "--yes")
    assert admin.build_counts()["existing"]["total"] == 0
    assert admin.build_counts(region=EU)["existing"]["total"] == 0
    assert admin.build_counts(region=EU)["created"]["total"] == 2


def test_changing_region_shows_a_replace_in_the_preview_diff(project, imagebuilder_service):
    project.up()
    project.set_config("e2e:otherRegion", "us-east-1")
    steps = {s["urn"].rsplit("::", 1)[1]: s for s in project.preview_steps()}
    assert steps["away"]["op"] == "replace" and "region" in steps["away"]["diffReasons"], steps["away"]
    assert steps.get("home", {"op": "same"})["op"] == "same"  # preview --json leaves out unchanged ones
    text = project.run("preview", "--diff").stdout
    assert re.search(rf'\+-.*{IMAGEBUILD_TYPE}: \(replace\)', text), text
    assert re.search(rf'~ region\s*: "{EU}" => "us-east-1"', text), text
    assert steps["run"]["op"] == "replace"
    assert imagebuilder_service.admin.build_counts(region=EU)["created"]["total"] == 2  # a preview builds nothing


WAVES_PROGRAM = f"""
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs, PipelineBuild, PipelineBuildArgs

for index in range(int(pulumi.Config("e2e").require("images"))):
    ImageBuild(f"img{{index}}", ImageBuildArgs(
        image_recipe_arn={DEMO_IMAGE_RECIPE_ARN!r},
        infrastructure_configuration_arn={DEMO_INFRASTRUCTURE_ARN!r},
        poll_min_seconds=0.2,
        poll_max_seconds=1,
    ))
PipelineBuild("run", PipelineBuildArgs(
    image_pipeline_arn={DEMO_PIPELINE_ARN!r},
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
"""


def stack_warnings(result) -> list[str]:
    """The warnings on the stack's row of a ``--json`` run: those of no resource, or of the stack."""
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    diagnostics = [event["diagnosticEvent"] for event in events if "diagnosticEvent" in event]
    return [d["message"].strip() for d in diagnostics if d.get("severity") == "warning"
            and d.get("urn", "urn:pulumi:test::waves::pulumi:pulumi:Stack::waves-test").endswith("Stack::waves-test")]


def test_more_builds_than_parallel_are_warned_once_on_the_stacks_row(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "waves", imagebuilder_service.endpoint_url, WAVES_PROGRAM, name="waves")
    project.set_config("e2e:images", "2")  # two ImageBuilds and a PipelineBuild: 3 builds
    result = project.run("up", "--yes", "--skip-preview", "--json", "--parallel", "2")
    assert stack_warnings(result) == [
        "3 image builds but --parallel 2: they will build in 2 waves; run pulumi up --parallel 3"]
    assert imagebuilder_service.admin.build_counts()["existing"]["total"] == 3


def test_as_many_builds_as_parallel_are_not_warned(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "waves", imagebuilder_service.endpoint_url, WAVES_PROGRAM, name="waves")
    project.set_config("e2e:images", "2")
    result = project.run("up", "--yes", "--skip-preview", "--json", "--parallel", "3")
    assert stack_warnings(result) == [] and "image builds but" not in result.stdout + result.stderr
    assert imagebuilder_service.admin.build_counts()["existing"]["total"] == 3


AWAY_PROGRAM = f"""
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

image = ImageBuild("away", ImageBuildArgs(
    image_recipe_arn={demo_arn_in(DEMO_IMAGE_RECIPE_ARN, EU)!r},
    infrastructure_configuration_arn={demo_arn_in(DEMO_INFRASTRUCTURE_ARN, EU)!r},
    region="{EU}",
    poll_min_seconds=0.2,
    poll_max_seconds=0.5,
))
pulumi.export("arn", image.image_build_version_arn)
"""


def test_a_cli_killed_mid_build_reattaches_to_the_build_in_its_region(tmp_path, imagebuilder_service):
    admin = imagebuilder_service.admin
    project = Project.create(tmp_path / "away", imagebuilder_service.endpoint_url, AWAY_PROGRAM)
    try:
        admin.set_time_scale(0.01)  # a 45-minute build takes about 27 s
        up = project.start("up", "--yes", "--skip-preview")
        wait_for(lambda: [b for b in admin.builds(region=EU) if b["status"] != "PENDING"], "the build to start")
        up.send_signal(signal.SIGKILL)
        up.wait(timeout=30)
        wait_for(lambda: not processes_in(project.workdir, PROVIDER_MODULE), "the orphaned provider to leave", 60)
        project.run("cancel", "--yes")
        project.run("refresh", "--yes", "--clear-pending-creates")
        admin.set_time_scale(0.0004)
        result = project.up()
    finally:
        for pid in processes_in(project.workdir):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    assert "reattached to image build" in result.stdout, result.stdout
    (build,) = admin.builds(region=EU)
    assert project.outputs()["arn"] == build["arn"] and admin.builds() == []
    assert admin.counters()["CreateImage"]["calls"] == 1
