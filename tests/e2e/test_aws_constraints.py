"""What botocore's model documents, respected under the real Pulumi CLI (docs/aws-constraints.md).

- StartResourceStateUpdate's ``executionRole``: "You must provide this property together with
  includeResources. Neither is valid without the other." ``delete_output_resources`` needs
  ``deletion_execution_role``: preview refuses it alone with no call, destroy sends it, and a
  state recorded without it is refused at destroy before any call.
- ``amiId`` is the AMI of the build's own account in the build's region.
- A PipelineBuild's triggers are part of its identity: a run killed mid-build is not reattached
  once the triggers changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
from collections.abc import Iterator

import pytest

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_PIPELINE_ARN

from .harness import Project, processes_in, wait_for
from .test_crash_safety import providers_of
from .test_errors import assert_readable
from .test_pipelines import PIPELINEBUILD_TYPE

pytestmark = pytest.mark.e2e

LIFECYCLE_ROLE = "arn:aws:iam::123456789012:role/ImageBuilderLifecycleExecutionRole"
OTHER_ACCOUNT = "210987654321"
SLOW = 0.01  # real seconds per modelled second: a 45-minute build takes about 27 s

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
image = ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=config.require("recipe"),
    infrastructure_configuration_arn=config.require("infra"),
    distribution_configuration_arn=config.get("distribution"),
    delete_output_resources=config.get_bool("deleteOutputs"),
    deletion_execution_role=config.get("deletionRole"),
    poll_min_seconds=0.2,
    poll_max_seconds=0.5,
))
pulumi.export("imageBuildVersionArn", image.image_build_version_arn)
pulumi.export("amiId", image.ami_id)
pulumi.export("amis", image.amis)
"""

PIPELINE_PROGRAM = """
import pulumi
from imagebuild_resource import PipelineBuild, PipelineBuildArgs

config = pulumi.Config("e2e")
build = PipelineBuild("run", PipelineBuildArgs(
    image_pipeline_arn=config.require("pipeline"),
    triggers=config.get_object("triggers"),
    poll_min_seconds=0.2,
    poll_max_seconds=0.5,
))
pulumi.export("imageBuildVersionArn", build.image_build_version_arn)
"""


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Iterator[Project]:
    project = Project.create(tmp_path / "constraints", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    yield project
    for pid in processes_in(project.workdir):  # a killed CLI leaves its language host behind
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def calls(service, operation: str | None = None) -> int:
    counters = service.admin.counters()
    return sum(c["calls"] for name, c in counters.items() if operation in (None, name))


def test_deleting_outputs_without_a_role_is_refused_at_preview_naming_both_with_no_call(project,
                                                                                       imagebuilder_service):
    project.set_config("e2e:deleteOutputs", "true")
    before = calls(imagebuilder_service)
    result = project.run("preview", check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert_readable(text)
    assert ("property deletionExecutionRole value {<nil>} has a problem: is required when deleteOutputResources is "
            "true") in text, text
    assert "expected an IAM role name or role ARN (arn:aws:iam::ACCOUNT:role/NAME)" in text, text
    assert calls(imagebuilder_service) == before == 0


def test_destroy_deletes_the_outputs_as_the_deletion_role(project, imagebuilder_service):
    """The service refuses includeResources without executionRole (as AWS does), so this destroy succeeding is the
    role being sent; the AMIs end DELETED by the lifecycle execution before the image is deleted."""
    project.set_config("e2e:deleteOutputs", "true")
    project.set_config("e2e:deletionRole", LIFECYCLE_ROLE)
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    client = imagebuilder_service.client()
    with pytest.raises(client.exceptions.InvalidRequestException, match="includeResources is not valid without"):
        client.start_resource_state_update(resourceArn=arn, state={"status": "DELETED"},
                                           includeResources={"amis": True})  # what 0.1.0 sent without a role
    project.run("destroy", "--yes", "--skip-preview")
    operations = [c["operation"] for c in imagebuilder_service.admin.calls() if c["status"] == 200]
    assert operations.index("StartResourceStateUpdate") < operations.index("DeleteImage")
    assert imagebuilder_service.admin.builds() == []


def test_a_state_recorded_without_the_role_is_refused_at_destroy_then_set_in_place_and_destroyed(project,
                                                                                               imagebuilder_service,
                                                                                               tmp_path):
    """A state written before deletion_execution_role existed (delete_output_resources alone): destroy names both and
    calls nothing; setting the role is an in-place update with no new build, and the destroy then goes through."""
    project.set_config("e2e:deleteOutputs", "true")
    project.set_config("e2e:deletionRole", LIFECYCLE_ROLE)
    project.up()
    arn = project.outputs()["imageBuildVersionArn"]
    state = json.loads(project.run("stack", "export").stdout)
    for resource in state["deployment"]["resources"]:
        for side in ("inputs", "outputs"):
            (resource.get(side) or {}).pop("deletionExecutionRole", None)
    (tmp_path / "old.json").write_text(json.dumps(state))
    project.run("stack", "import", "--file", str(tmp_path / "old.json"))
    before = calls(imagebuilder_service, "StartResourceStateUpdate"), calls(imagebuilder_service, "DeleteImage")
    result = project.run("destroy", "--yes", "--skip-preview", check=False)
    text = result.stdout + result.stderr
    assert result.returncode != 0
    assert_readable(text)
    assert (f"image build {arn} was not deleted: deletionExecutionRole is required when deleteOutputResources is "
            "true") in text, text
    assert "run `pulumi up`, then destroy again" in text, text
    assert (calls(imagebuilder_service, "StartResourceStateUpdate"), calls(imagebuilder_service, "DeleteImage")) \
        == before == (0, 0)
    assert [b["arn"] for b in imagebuilder_service.admin.builds()] == [arn]
    project.up()  # the role from the program, recorded in place
    assert project.outputs()["imageBuildVersionArn"] == arn and calls(imagebuilder_service, "CreateImage") == 1
    project.run("destroy", "--yes", "--skip-preview")
    assert imagebuilder_service.admin.builds() == []


def test_ami_id_is_the_copy_in_the_builds_own_account(project, imagebuilder_service):
    (shared,) = imagebuilder_service.admin.add_catalog({"distributionConfigurations": [{
        "name": "partner-first", "timeoutMinutes": 360, "distributions": [
            {"region": "us-east-1", "amiDistributionConfiguration": {"targetAccountIds": [OTHER_ACCOUNT,
                                                                                          "123456789012"]}}]}]})
    project.set_config("e2e:distribution", shared)
    project.up()
    outputs = project.outputs()
    by_account = {ami["accountId"]: ami["imageId"] for ami in outputs["amis"]}
    assert list(by_account) == [OTHER_ACCOUNT, "123456789012"]  # the partner's copy is listed first
    assert outputs["amiId"] == by_account["123456789012"]


def test_a_pipeline_run_killed_mid_build_is_not_reattached_once_its_triggers_changed(tmp_path, imagebuilder_service):
    project = Project.create(tmp_path / "pipeline", imagebuilder_service.endpoint_url, PIPELINE_PROGRAM)
    try:
        project.set_config("e2e:pipeline", DEMO_PIPELINE_ARN)
        project.run("config", "set", "--path", "e2e:triggers.release", "1")
        imagebuilder_service.admin.set_time_scale(SLOW)
        up = project.start("up", "--yes", "--skip-preview")
        wait_for(lambda: calls(imagebuilder_service, "StartImagePipelineExecution"), "the run to start")
        up.send_signal(signal.SIGKILL)
        up.wait(timeout=30)
        wait_for(lambda: not providers_of(project), "the orphaned provider to leave", 60)
        (left,) = [b["arn"] for b in imagebuilder_service.admin.builds()]
        imagebuilder_service.admin.set_time_scale(0.0004)
        project.run("cancel", "--yes")
        project.run("refresh", "--yes", "--clear-pending-creates")
        project.run("config", "set", "--path", "e2e:triggers.release", "2")
        result = project.up()
        text = result.stdout + result.stderr
        assert "reattached to image build" not in text, text
        held = project.outputs()["imageBuildVersionArn"]
        assert held != left and calls(imagebuilder_service, "StartImagePipelineExecution") == 2
        (resource,) = project.resources(PIPELINEBUILD_TYPE)
        assert resource["id"] == held
    finally:
        for pid in processes_in(project.workdir):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
