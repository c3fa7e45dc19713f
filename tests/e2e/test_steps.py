"""The workflow step a build is on, under the real Pulumi CLI: on the resource's row and in a failure."""

from __future__ import annotations

import json
import re

import pytest

from imagebuilder_local import DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

from ..conftest import TEST_TIME_SCALE
from .harness import IMAGEBUILD_TYPE, Project

pytestmark = pytest.mark.e2e

PROGRAM = f"""
from imagebuild_resource import ImageBuild, ImageBuildArgs

ImageBuild("img", ImageBuildArgs(
    image_recipe_arn="{DEMO_FAILS_AT_TEST_RECIPE_ARN}",
    infrastructure_configuration_arn="{DEMO_INFRASTRUCTURE_ARN}",
    poll_min_seconds=0.05,
    poll_max_seconds=0.1,
))
"""
BUILD_SECONDS = 8.0
"""Real seconds the build takes: enough polls at 0.1 s for the step reads' budget (10 % of them)."""


def test_the_row_shows_the_step_and_the_failure_names_the_failed_step(tmp_path, imagebuilder_service):
    imagebuilder_service.admin.set_scenario({"outcome": "fail", "stage": "TESTING",
                                             "buildMinutes": BUILD_SECONDS / TEST_TIME_SCALE / 60},
                                            DEMO_FAILS_AT_TEST_RECIPE_ARN)
    project = Project.create(tmp_path / "steps", imagebuilder_service.endpoint_url, PROGRAM)
    result = project.run("up", "--yes", "--skip-preview", "--json", check=False)
    assert result.returncode != 0
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    diagnostics = [e["diagnosticEvent"] for e in events if "diagnosticEvent" in e]
    img = [d for d in diagnostics if d.get("urn", "").endswith(f"{IMAGEBUILD_TYPE}::img")]
    statuses = [d["message"].strip() for d in img if d.get("ephemeral")]
    assert any(re.fullmatch(r"BUILDING: step \d/6 [A-Za-z]+ \(\d+s\)", m) for m in statuses), statuses
    assert any(re.fullmatch(r"TESTING: step \d/3 [A-Za-z]+ \(\d+s\)", m) for m in statuses), statuses
    errors = "\n".join(d["message"] for d in img if d.get("severity") == "error")
    assert ("failed step: RunTestSuite (ExecuteComponents) of workflow "
            "arn:aws:imagebuilder:us-east-1:aws:workflow/test/test-image/1.0.0/1") in errors, errors
    counters = imagebuilder_service.admin.counters()
    extra = sum(counters.get(op, {}).get("calls", 0)
                for op in ("ListWorkflowExecutions", "ListWorkflowStepExecutions", "GetWorkflowStepExecution"))
    assert 0 < extra <= 0.10 * counters["GetImage"]["calls"]
