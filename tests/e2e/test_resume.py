"""Resume instead of rebuild, under the real CLI: a build that failed at distribution is resumed by the next
``pulumi up`` once the cause is fixed, with one CreateImage in all, and a CLI killed during the resume reattaches."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

import pytest

from imagebuilder_local import DEMO_FAILS_DISTRIBUTION_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from .harness import Project, processes_in, wait_for
from .test_crash_safety import PROGRAM, SLOW, providers_of, recover
from .test_errors import assert_readable, failed

pytestmark = pytest.mark.e2e


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Iterator[Project]:
    project = Project.create(tmp_path / "resume", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    yield project
    for pid in processes_in(project.workdir):  # a killed CLI leaves its language host behind
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def failed_at_distribution(project: Project, service) -> str:
    """A first ``pulumi up`` whose build fails at DISTRIBUTING; the build's ARN."""
    result = project.up(check=False)
    assert result.returncode != 0
    message = failed(result)
    assert_readable(result.stdout + result.stderr)
    (build,) = service.admin.builds()
    assert build["status"] == "FAILED"
    assert (f"build version: {build['arn']}" in message and "resume: the next `pulumi up` with the same inputs resumes "
            "this build at DISTRIBUTING with RetryImage (the BUILDING and TESTING phases are kept" in message), message
    return build["arn"]


def assert_resumed_and_held(project: Project, service, arn: str) -> None:
    assert [b["arn"] for b in service.admin.builds()] == [arn]  # the same build version, no other
    outputs = project.outputs()
    assert outputs["imageBuildVersionArn"] == arn and outputs["finalStatus"] == "AVAILABLE"
    assert outputs["amiId"].startswith("ami-") and outputs["tags"] == {"team": "platform"}
    (resource,) = project.resources()
    assert resource["id"] == arn and resource["outputs"]["amis"]
    tags = service.client().list_tags_for_resource(resourceArn=arn)["tags"]
    assert tags["imagebuild:recorded"] == "true" and "imagebuild:resumes" not in tags
    created = service.admin.calls("CreateImage")  # the service's call log, every call since it started
    assert len(created) == 1, created  # the failed up's only
    assert len(service.admin.calls("RetryImage")) == 1


def test_a_build_failed_at_distribution_is_resumed_by_the_next_up_once_the_cause_is_fixed(project,
                                                                                        imagebuilder_service):
    arn = failed_at_distribution(project, imagebuilder_service)
    imagebuilder_service.admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    result = project.up()
    output = result.stdout + result.stderr
    assert (f"resuming image build {arn} at DISTRIBUTING (RetryImage, resume 1 of at most 3): the BUILDING and "
            "TESTING phases (under a minute) are kept, and no new build is started") in output, output
    assert "DISTRIBUTING" in output and "BUILDING ->" not in output  # the kept phases are not run again
    assert_resumed_and_held(project, imagebuilder_service, arn)
    assert "imagebuild:resumes" not in project.outputs()["tags"]


def test_resume_failed_builds_false_builds_anew(project, imagebuilder_service):
    arn = failed_at_distribution(project, imagebuilder_service)
    imagebuilder_service.admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    project.write_program(PROGRAM.replace("poll_max_seconds=0.5,", "poll_max_seconds=0.5,\n    resume_failed_builds=False,"))
    project.up()
    assert project.outputs()["imageBuildVersionArn"] != arn
    counters = imagebuilder_service.admin.counters()
    assert counters["CreateImage"]["calls"] == 2 and "RetryImage" not in counters


def test_a_cli_killed_during_a_resume_reattaches_on_the_rerun(project, imagebuilder_service):
    arn = failed_at_distribution(project, imagebuilder_service)
    imagebuilder_service.admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    imagebuilder_service.admin.set_time_scale(SLOW)  # about 5 s of distribution to kill it in
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(lambda: imagebuilder_service.admin.builds()[0]["status"] == "DISTRIBUTING", "the resume to start")
    up.send_signal(signal.SIGKILL)
    up.wait(timeout=30)
    wait_for(lambda: not providers_of(project), "the orphaned provider to leave", 60)
    output = recover(project)
    assert f"reattached to image build {arn} (DISTRIBUTING" in output or \
        f"reattached to image build {arn} (INTEGRATING" in output or \
        f"reattached to image build {arn} (AVAILABLE" in output, output
    assert_resumed_and_held(project, imagebuilder_service, arn)
