"""A third independent client: the AWS CLI v1 (its own botocore copy, in its own venv) works unchanged."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from imagebuilder_local import (
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
    TEST_ACCESS_KEY,
    TEST_SECRET_KEY,
)

ROOT = Path(__file__).resolve().parents[2]
VERSION_ARN = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0"


@pytest.fixture(scope="module")
def aws_bin() -> str:
    """The ``aws`` executable installed by scripts/ensure-aws-cli.sh (which prints its directory last)."""
    done = subprocess.run(["bash", str(ROOT / "scripts" / "ensure-aws-cli.sh")], check=True, timeout=600,
                          capture_output=True, text=True)
    return str(Path(done.stdout.strip().splitlines()[-1]) / "aws")


@pytest.fixture
def aws(aws_bin, imagebuilder_service, tmp_path):
    """Run ``aws imagebuilder ARGS`` against the service; returns (exit code, parsed stdout or None, stderr)."""
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "AWS_ACCESS_KEY_ID": TEST_ACCESS_KEY,
           "AWS_SECRET_ACCESS_KEY": TEST_SECRET_KEY, "AWS_DEFAULT_REGION": "us-east-1", "AWS_MAX_ATTEMPTS": "1",
           "AWS_CONFIG_FILE": str(tmp_path / "config"), "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials")}

    def run(*args: str, **extra_env: str):
        done = subprocess.run([aws_bin, "imagebuilder", *args, "--endpoint-url", imagebuilder_service.endpoint_url,
                               "--output", "json"], capture_output=True, text=True, timeout=60,
                              env={**env, **extra_env})
        return done.returncode, json.loads(done.stdout) if done.stdout.strip() else None, done.stderr

    return run


def ok(result):
    code, out, err = result
    assert code == 0, err
    return out


def create(aws, recipe=DEMO_IMAGE_RECIPE_ARN, *extra):
    return ok(aws("create-image", "--image-recipe-arn", recipe, "--infrastructure-configuration-arn",
                  DEMO_INFRASTRUCTURE_ARN, *extra))["imageBuildVersionArn"]


def test_the_aws_cli_creates_waits_lists_tags_cancels_and_deletes(aws, imagebuilder_service):
    arn = create(aws, DEMO_IMAGE_RECIPE_ARN, "--distribution-configuration-arn", DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                 "--tags", "client=awscli")
    deadline = time.monotonic() + 30
    statuses = []
    while not statuses or statuses[-1] not in ("AVAILABLE", "FAILED", "CANCELLED"):  # no waiter: poll get-image
        assert time.monotonic() < deadline, statuses
        statuses.append(ok(aws("get-image", "--image-build-version-arn", arn))["image"]["state"]["status"])
    assert statuses[-1] == "AVAILABLE"
    image = ok(aws("get-image", "--image-build-version-arn", arn))["image"]
    assert [a["region"] for a in image["outputResources"]["amis"]] == ["us-east-1", "eu-west-1"]

    for _ in range(2):
        create(aws)
    listed = ok(aws("list-image-build-versions", "--image-version-arn", VERSION_ARN, "--page-size", "1"))
    assert [s["arn"].rsplit("/", 1)[1] for s in listed["imageSummaryList"]] == ["1", "2", "3"]
    assert len(imagebuilder_service.admin.calls("ListImageBuildVersions")) == 3  # one page per call
    first = ok(aws("list-image-build-versions", "--image-version-arn", VERSION_ARN, "--max-items", "2"))
    assert len(first["imageSummaryList"]) == 2 and first["NextToken"]
    rest = ok(aws("list-image-build-versions", "--image-version-arn", VERSION_ARN,
                  "--starting-token", first["NextToken"]))
    assert [s["arn"].rsplit("/", 1)[1] for s in rest["imageSummaryList"]] == ["3"]
    filtered = ok(aws("list-image-build-versions", "--filters", "name=version,values=1.0.0/2"))
    assert [s["arn"] for s in filtered["imageSummaryList"]] == [f"{VERSION_ARN}/2"]

    ok(aws("tag-resource", "--resource-arn", arn, "--tags", "team=platform"))
    ok(aws("untag-resource", "--resource-arn", arn, "--tag-keys", "client"))
    assert ok(aws("list-tags-for-resource", "--resource-arn", arn))["tags"] == {"team": "platform"}

    hanging = create(aws, DEMO_HANGS_RECIPE_ARN)
    assert ok(aws("cancel-image-creation", "--image-build-version-arn", hanging))["imageBuildVersionArn"] == hanging
    assert ok(aws("get-image", "--image-build-version-arn", hanging))["image"]["state"]["status"] == "CANCELLED"
    assert ok(aws("delete-image", "--image-build-version-arn", hanging))["imageBuildVersionArn"] == hanging


def test_the_aws_cli_reports_the_services_errors(aws):
    missing = f"{VERSION_ARN}/99"
    code, out, err = aws("get-image", "--image-build-version-arn", missing)
    assert (code, out) == (255, None)
    assert err.strip() == (f"An error occurred (ResourceNotFoundException) when calling the GetImage operation: "
                           f"The image '{missing}' does not exist.")
    code, _, err = aws("create-image", "--image-recipe-arn", DEMO_IMAGE_RECIPE_ARN, "--infrastructure-configuration-arn",
                       DEMO_INFRASTRUCTURE_ARN, "--image-tests-configuration", "timeoutMinutes=2000")
    assert code == 255
    assert err.strip() == (
        "An error occurred (InvalidParameterValueException) when calling the CreateImage operation: 1 validation "
        "error detected: Value '2000' at 'imageTestsConfiguration.timeoutMinutes' failed to satisfy constraint: "
        "Member must have value less than or equal to 1440")
    code, _, err = aws("get-image", "--image-build-version-arn", missing, AWS_SESSION_TOKEN="garbage")
    assert code == 255 and "(UnrecognizedClientException)" in err
    assert "The security token included in the request is invalid." in err
    code, _, err = aws("get-image", "--image-build-version-arn", missing, AWS_DEFAULT_REGION="ap-south-1")
    assert code == 255 and "(InvalidSignatureException)" in err and "scoped to a valid region" in err
