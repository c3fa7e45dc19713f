"""A killed deployment must not cost a second build: the rerun reattaches, under the real CLI.

Each test kills something mid-build with SIGKILL, then recovers as docs/recovery.md says, running its
commands as written (``pulumi cancel``, ``pulumi refresh --clear-pending-creates``, ``pulumi up``), and checks
the service's own record: exactly one build version per resource, held by the state with
the right outputs.
"""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import shlex
import signal
import subprocess
import sys
from collections.abc import Iterator

import pytest

from imagebuilder_local import (DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_IMAGE_RECIPE_ARN,
                                                  DEMO_INFRASTRUCTURE_ARN)

from ..documents import example
from .harness import PROVIDER_MODULE, Project, processes_in, wait_for
from .test_engine import _recipe
from .test_errors import assert_readable

pytestmark = pytest.mark.e2e

RECIPE_V2 = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-crash-next/2.0.0"

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=config.require("recipe"),
    infrastructure_configuration_arn=config.require("infra"),
    tags={"team": "platform"},
    poll_min_seconds=0.2,
    poll_max_seconds=0.5,
))
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("finalStatus", image.final_status)
pulumi.export("amiId", image.ami_id)
pulumi.export("tags", image.tags)
"""

RECOVER = example("docs/recovery.md", marker="recover")
ORPHANS = example("docs/recovery.md", marker="orphans")

SLOW = 0.01  # real seconds per modelled second: a 45-minute build takes about 27 s


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Iterator[Project]:
    project = Project.create(tmp_path / "crash", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    yield project
    for pid in processes_in(project.workdir):  # a killed CLI leaves its language host behind
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def building(service, recipe: str = DEMO_IMAGE_RECIPE_ARN) -> list[dict]:
    return [b for b in service.admin.builds() if b["recipeArn"] == recipe and b["status"] != "PENDING"]


def providers_of(project: Project) -> list[int]:
    """PIDs of the dynamic-provider processes working for this project (their working directory is its folder)."""
    return processes_in(project.workdir, PROVIDER_MODULE)


def commands(block: str) -> list[list[str]]:
    """The commands of a shell block, one a line, comments left out."""
    return [shlex.split(line, comments=True) for line in block.splitlines() if shlex.split(line, comments=True)]


def recover(project: Project) -> str:
    """docs/recovery.md's recovery after a killed deployment, as written; the output of its final ``pulumi up``."""
    steps = commands(RECOVER)
    assert [step[:2] for step in steps] == [["pulumi", "cancel"], ["pulumi", "refresh"], ["pulumi", "up"]], steps
    for step in steps:
        result = project.run(*step[1:])  # the harness adds --non-interactive: no terminal here
    assert_readable(result.stdout + result.stderr)
    return result.stdout + result.stderr


def locks(project: Project) -> list[pathlib.Path]:
    """The lock files of the project's file backend."""
    return [path for path in (project.workdir / "state" / ".pulumi" / "locks").rglob("*") if path.is_file()]


def pending_operations(project: Project) -> list[dict]:
    return json.loads(project.run("stack", "export").stdout)["deployment"].get("pending_operations") or []


def assert_one_build_held(project: Project, service, recipe: str = DEMO_IMAGE_RECIPE_ARN) -> dict:
    builds = [b for b in service.admin.builds() if b["recipeArn"] == recipe]
    assert len(builds) == 1, builds
    outputs = project.outputs()
    assert outputs["imageBuildVersionArn"] == builds[0]["arn"]
    assert outputs["finalStatus"] == "AVAILABLE" and outputs["amiId"].startswith("ami-")
    assert outputs["tags"] == {"team": "platform"}  # the identity tags never show
    (resource,) = project.resources()
    assert resource["id"] == builds[0]["arn"]
    tags = service.client().list_tags_for_resource(resourceArn=builds[0]["arn"])["tags"]
    assert tags["imagebuild:recorded"] == "true" and tags["imagebuild:stack"] == "e2e/test"
    return builds[0]


def test_a_cli_killed_mid_build_costs_no_second_build(project, imagebuilder_service):
    imagebuilder_service.admin.set_time_scale(SLOW)
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: building(imagebuilder_service), "the build to start")
    up.send_signal(signal.SIGKILL)
    up.wait(timeout=30)
    wait_for(lambda: not providers_of(project), "the orphaned provider to leave", 60)
    assert building(imagebuilder_service)[0]["status"] not in ("CANCELLED",)  # left running, not cancelled
    assert locks(project), "the killed CLI left no lock: the recovery's comment is wrong"
    assert [op["type"] for op in pending_operations(project)] == ["creating"]
    output = recover(project)
    assert "reattached to image build" in output, output
    assert_one_build_held(project, imagebuilder_service)
    assert imagebuilder_service.admin.counters()["CreateImage"]["calls"] == 1


def test_a_provider_killed_mid_build_costs_no_second_build(project, imagebuilder_service):
    imagebuilder_service.admin.set_time_scale(SLOW)
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: building(imagebuilder_service) and providers_of(project), "the build to start")
    for pid in providers_of(project):
        os.kill(pid, signal.SIGKILL)
    output, _ = up.communicate(timeout=120)
    assert up.returncode != 0, output
    output = recover(project)
    assert "reattached to image build" in output, output
    assert_one_build_held(project, imagebuilder_service)
    assert imagebuilder_service.admin.counters()["CreateImage"]["calls"] == 1


def test_a_replacement_killed_mid_build_costs_no_second_build(project, imagebuilder_service):
    imagebuilder_service.admin.add_catalog({"imageRecipes": [_recipe("demo-crash-next", "2.0.0")]})
    project.up()
    old = project.outputs()["imageBuildVersionArn"]
    imagebuilder_service.admin.set_time_scale(SLOW)
    project.set_config("e2e:recipe", RECIPE_V2)
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: building(imagebuilder_service, RECIPE_V2), "the new build to start")
    up.send_signal(signal.SIGKILL)
    up.wait(timeout=30)
    wait_for(lambda: not providers_of(project), "the orphaned provider to leave", 60)
    output = recover(project)
    assert "reattached to image build" in output, output
    assert_one_build_held(project, imagebuilder_service, RECIPE_V2)
    client = imagebuilder_service.client()
    with pytest.raises(client.exceptions.ResourceNotFoundException):  # the replaced build is gone
        client.get_image(imageBuildVersionArn=old)
    assert imagebuilder_service.admin.counters()["CreateImage"]["calls"] == 2


def orphans_cli(project: Project, *extra: str) -> subprocess.CompletedProcess:
    """``imagebuild orphans`` in the project's folder, reading its state with ``pulumi stack export``."""
    return subprocess.run([str(pathlib.Path(sys.executable).with_name("imagebuild")), "orphans", "--stack", "test",
                           "--region", "us-east-1", "--endpoint-url", project.endpoint_url, *extra],
                          cwd=project.workdir, env=project.env, capture_output=True, text=True, timeout=300)


def test_orphans_lists_and_deletes_what_a_failed_create_left(project, imagebuilder_service):
    project.up()
    held = project.outputs()["imageBuildVersionArn"]
    project.set_config("e2e:recipe", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    failed = project.up(check=False)
    assert failed.returncode != 0
    (left,) = [b["arn"] for b in imagebuilder_service.admin.builds() if b["recipeArn"] == DEMO_FAILS_AT_TEST_RECIPE_ARN]

    listed = orphans_cli(project, "--json")
    assert listed.returncode == 0, listed.stderr
    assert [(o["imageBuildVersionArn"], o["status"]) for o in json.loads(listed.stdout)] == [(left, "FAILED")]

    deleted = orphans_cli(project, "--delete", "--execution-role", "ImageBuilderLifecycleExecutionRole")
    assert deleted.returncode == 0, deleted.stderr
    assert f"{left}: deleted with its AMIs and snapshots" in deleted.stderr
    assert [b["arn"] for b in imagebuilder_service.admin.builds()] == [held]  # the stack's own build is untouched
    assert orphans_cli(project).stdout.startswith("0 build(s) tagged for stack e2e/test")


def test_the_documented_orphans_commands_list_cancel_and_delete_what_a_failed_create_left(tmp_path,
                                                                                          imagebuilder_service):
    """docs/recovery.md's ``imagebuild orphans`` lines, as written, in the folder of a stack named ``dev`` (the
    region and the endpoint come from the environment, as they would for AWS)."""
    project = Project.create(tmp_path / "dev", imagebuilder_service.endpoint_url, PROGRAM, stack="dev")
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    project.up()
    held = project.outputs()["imageBuildVersionArn"]
    project.set_config("e2e:recipe", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    assert project.up(check=False).returncode != 0
    (left,) = [b["arn"] for b in imagebuilder_service.admin.builds() if b["recipeArn"] == DEMO_FAILS_AT_TEST_RECIPE_ARN]
    env = {**project.env, "AWS_REGION": "us-east-1", "AWS_ENDPOINT_URL_IMAGEBUILDER": project.endpoint_url,
           "PATH": f"{pathlib.Path(sys.executable).parent}{os.pathsep}{project.env['PATH']}"}

    listed, cancelled, deleted = (
        subprocess.run(["bash", "-e", "-c", line], cwd=project.workdir, env=env, capture_output=True, text=True,
                       timeout=300) for line in ORPHANS.splitlines())
    for result in (listed, cancelled, deleted):
        assert result.returncode == 0, result.stdout + result.stderr
    assert listed.stdout.startswith("1 build(s) tagged for stack e2e/dev that its state does not hold"), listed.stdout
    assert f"{left}  FAILED  age 0h00m" in listed.stdout, listed.stdout
    assert f"{left}: not running (FAILED)" in cancelled.stderr, cancelled.stderr
    assert f"{left}: deleted with its AMIs and snapshots" in deleted.stderr, deleted.stderr
    assert [b["arn"] for b in imagebuilder_service.admin.builds()] == [held]  # the stack's own build is untouched
