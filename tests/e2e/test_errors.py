"""Errors a user can read: every failure reaches the CLI as its message alone, never a Python traceback."""

from __future__ import annotations

import re
import signal

import pytest

from imagebuilder_local import (
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
)

from ..documents import example
from .harness import Project, wait_for
from .test_engine import _recipe

pytestmark = pytest.mark.e2e

PROGRAM = """
import pulumi
from imagebuild_resource import ImageBuild, ImageBuildArgs

config = pulumi.Config("e2e")
ImageBuild("img", ImageBuildArgs(
    image_recipe_arn=config.require("recipe"),
    infrastructure_configuration_arn=config.require("infra"),
    build_timeout_minutes=config.get_float("timeout"),
    poll_min_seconds=0.2,
    poll_max_seconds=1,
))
"""


def assert_readable(result_text: str) -> None:
    """No traceback, and no file path of the package, anywhere in what the CLI printed."""
    assert "Traceback" not in result_text, result_text
    assert not re.search(r"imagebuild_resource/\w+\.py|\.py\", line \d+", result_text), result_text


def failed(result) -> str:
    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    assert_readable(text)
    return text


@pytest.fixture
def project(tmp_path, imagebuilder_service) -> Project:
    project = Project.create(tmp_path / "errors", imagebuilder_service.endpoint_url, PROGRAM)
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    return project


def test_a_failed_build(project):
    project.set_config("e2e:recipe", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    text = failed(project.up(check=False))
    assert "image build FAILED: Image Tests Failure" in text and "failed step: RunTestSuite" in text


def test_a_cancelled_build(project, imagebuilder_service):
    imagebuilder_service.admin.set_scenario({"outcome": "cancel", "stage": "BUILDING"})
    text = failed(project.up(check=False))
    assert "image build CANCELLED: Image creation was cancelled." in text


def test_the_deadline(project, imagebuilder_service):
    imagebuilder_service.admin.set_time_scale(0.01)  # 1 modeled minute = 0.6 s
    project.set_config("e2e:recipe", DEMO_HANGS_RECIPE_ARN)
    project.set_config("e2e:timeout", "0.05")  # 3 s
    text = failed(project.up(check=False))
    assert re.search(r"The deadline passed before image build \S+/1 finished; it was cancelled\.", text), text


def test_an_interrupted_build(project, imagebuilder_service):
    project.set_config("e2e:recipe", DEMO_HANGS_RECIPE_ARN)
    up = project.start("up", "--yes", "--skip-preview")
    wait_for(imagebuilder_service.admin.builds, "the build to start")
    up.send_signal(signal.SIGINT)
    output, _ = up.communicate(timeout=120)
    assert up.returncode != 0
    assert_readable(output)
    assert "The run was cancelled by request; the build was cancelled" in output


def test_an_aws_validation_error(project):
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023", "no-such-recipe"))
    text = failed(project.up(check=False))
    assert "Step 'createImage' failed with HTTP 404: ResourceNotFoundException: The resource" in text


def test_wrong_credentials(project, imagebuilder_service):
    project.env["AWS_SECRET_ACCESS_KEY"] = "not-the-secret"
    text = failed(project.up(check=False))
    assert "ListImageBuildVersions failed: InvalidSignatureException" in text  # the reattach lookup comes first
    assert "signing method.\n" in text and "method.." not in text
    assert imagebuilder_service.admin.builds() == []
    counters = imagebuilder_service.admin.counters()  # credentials resolved again once, then the error
    assert sum(c["calls"] for c in counters.values()) == 2, counters
    assert counters["ListImageBuildVersions"]["authFailures"] == 2, counters
    assert "not-the-secret" not in text  # more in test_credentials.py: temporary, expired and rotated credentials


def test_no_credentials(project):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        del project.env[name]
    project.env.update(AWS_CONFIG_FILE="/nonexistent", AWS_SHARED_CREDENTIALS_FILE="/nonexistent")
    text = failed(project.up(check=False))
    assert "no AWS credentials were found" in text


def test_an_unreachable_endpoint(project):
    project.set_config("imagebuild:endpointUrl", "http://127.0.0.1:9")
    text = failed(project.up(check=False))
    assert 'Could not connect to the endpoint URL: "http://127.0.0.1:9/' in text


def test_a_failure_during_destroy_and_during_refresh(project, imagebuilder_service):
    project.up()
    project.env["AWS_SECRET_ACCESS_KEY"] = "rotated-away"
    text = failed(project.run("refresh", "--yes", "--skip-preview", check=False))
    assert "GetImage failed: InvalidSignatureException" in text
    text = failed(project.run("destroy", "--yes", "--skip-preview", check=False))
    assert "GetImage failed: InvalidSignatureException" in text
    assert len(imagebuilder_service.admin.builds()) == 1  # nothing was deleted; destroy can be retried


def test_a_failure_while_a_replacement_deletes_the_old_build(project, imagebuilder_service):
    admin = imagebuilder_service.admin
    admin.add_catalog({"imageRecipes": [_recipe("demo-errors-next", "2.0.0")]})
    project.up()
    (old,) = [b["arn"] for b in admin.builds()]
    project.set_config("e2e:recipe", DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023/1.0.0", "demo-errors-next/2.0.0"))
    admin.inject_fault("AccessDeniedException", "DeleteImage", rate=1.0,
                       message="User is not authorized to perform: imagebuilder:DeleteImage")
    text = failed(project.up(check=False))
    assert "DeleteImage failed: AccessDeniedException: User is not authorized to perform: imagebuilder:DeleteImage" \
        in text, text
    new = [b["arn"] for b in admin.builds() if b["arn"] != old]
    assert len(new) == 1  # the replacement was built; the old build is kept, and the state still holds it
    assert sorted(r["id"] for r in project.resources()) == sorted([old, *new])
    admin.clear_faults()
    project.up()  # the retried deployment finishes the replacement
    assert [b["arn"] for b in admin.builds()] == new
    assert [r["id"] for r in project.resources()] == new


FAILURE = example("README.md", marker="failure")


def test_the_readme_failure_is_what_up_prints_for_a_build_that_fails_its_tests(tmp_path, imagebuilder_service):
    """The README's sample: its lines, in order, among the Diagnostics of ``pulumi up`` (the lines it leaves
    out are timings)."""
    imagebuilder_service.admin.set_time_scale(0.004)  # about 30 polls: the step budget reads the failed step
    program = PROGRAM.replace('ImageBuild("img"', 'ImageBuild("app-image"').replace("poll_max_seconds=1", "poll_max_seconds=0.5")
    project = Project.create(tmp_path / "app", imagebuilder_service.endpoint_url, program, name="app", stack="prod")
    project.set_config("e2e:recipe", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    project.set_config("e2e:infra", DEMO_INFRASTRUCTURE_ARN)
    lines = failed(project.up(check=False)).splitlines()
    expected = FAILURE.splitlines()
    start = lines.index(expected[0])
    found = iter(lines[start:])
    missing = [line for line in expected if line not in found]  # each found after the one before
    assert not missing, "\n".join(lines[start:])
