"""State files the previous release's service wrote (format version 2) are read back as they were.

``fixtures/service-state-0.1.0.json`` is a byte-for-byte copy of the state a 0.1.0 service left
after a ``pulumi up`` (the repo keeps the original in tests/upgrade/fixtures/0.1.0/service-state.json):
one build created directly, one by the demo pipeline, both AVAILABLE, with the provider's tags.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from botocore.config import Config

from imagebuilder_local import (DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_PIPELINE_ARN, TEST_ACCESS_KEY,
                                TEST_SECRET_KEY, ImageBuilderService)

FIXTURE = Path(__file__).parent / "fixtures" / "service-state-0.1.0.json"
DIRECT = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"
FROM_PIPELINE = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/2"
BUILD_STEPS = ["LaunchBuildInstance", "ApplyBuildComponents", "InventoryCollection", "RunSanitizeScript",
               "CreateOutputAMI", "TerminateBuildInstance"]


@pytest.fixture
def state(tmp_path: Path) -> str:
    """A copy of the 0.1.0 state file (the fixture itself is never written)."""
    copy = tmp_path / "service-state.json"
    shutil.copyfile(FIXTURE, copy)
    assert json.loads(copy.read_text())["version"] == 2
    return str(copy)


def _check_both_builds(client) -> None:
    direct = client.get_image(imageBuildVersionArn=DIRECT)["image"]
    from_pipeline = client.get_image(imageBuildVersionArn=FROM_PIPELINE)["image"]
    assert direct["state"]["status"] == from_pipeline["state"]["status"] == "AVAILABLE"
    assert direct["imageTestsConfiguration"] == {"imageTestsEnabled": True, "timeoutMinutes": 90}
    assert [a["region"] for a in direct["outputResources"]["amis"]] == ["us-east-1", "eu-west-1"]
    assert direct["tags"]["imagebuild:urn"].endswith("ImageBuild::app-image")
    assert from_pipeline["sourcePipelineArn"] == DEMO_PIPELINE_ARN
    assert from_pipeline["tags"]["imagebuild:urn"].endswith("PipelineBuild::pipeline-run")
    executions = client.list_workflow_executions(imageBuildVersionArn=DIRECT)["workflowExecutions"]
    assert [(e["type"], e["status"]) for e in executions] == [
        ("BUILD", "COMPLETED"), ("TEST", "COMPLETED"), ("DISTRIBUTION", "COMPLETED")]
    steps = client.list_workflow_step_executions(workflowExecutionId=executions[0]["workflowExecutionId"])["steps"]
    assert [s["name"] for s in steps] == BUILD_STEPS


def test_a_version_2_state_file_is_read_by_the_python_api(state):
    with ImageBuilderService(time_scale=0.0004, state_file=state) as service:
        client = service.client()
        _check_both_builds(client)
        nxt = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                                  infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
        assert nxt.endswith("/1.0.0/3")  # the build numbers were kept
        assert not service.api.violations()


def test_a_version_2_state_file_is_read_by_the_command_line(state):
    process = subprocess.Popen([sys.executable, "-m", "imagebuilder_local", "--port", "0", "--state-file", state],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.stderr.read() if process.poll() is not None else url
        client = boto3.client("imagebuilder", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id=TEST_ACCESS_KEY, aws_secret_access_key=TEST_SECRET_KEY,
                              config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        _check_both_builds(client)
    finally:
        process.terminate()
        assert process.wait(timeout=10) == 0
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
