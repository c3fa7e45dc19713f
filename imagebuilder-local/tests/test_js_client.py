"""An independent client: the AWS SDK for JavaScript v3 (no code shared with botocore) works unchanged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from imagebuilder_local import (
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def node_path() -> str:
    """``.npm-tools/node_modules`` with the pinned client installed (by scripts/ensure-js-client.sh)."""
    if shutil.which("node") is None:
        pytest.fail("node is required for the JavaScript client test")
    subprocess.run(["bash", str(ROOT / "scripts" / "ensure-js-client.sh")], check=True, timeout=300)
    return str(ROOT / ".npm-tools" / "node_modules")


def test_javascript_sdk_builds_an_image(imagebuilder_service, node_path):
    result = subprocess.run(
        ["node", str(Path(__file__).parent / "js" / "build.cjs"), imagebuilder_service.endpoint_url,
         DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, DEMO_MULTI_REGION_DISTRIBUTION_ARN],
        capture_output=True, text=True, timeout=60, env={**os.environ, "NODE_PATH": node_path})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["statuses"][-1] == "AVAILABLE" and "BUILDING" in out["statuses"]
    assert [a["region"] for a in out["amis"]] == ["us-east-1", "eu-west-1"]
    assert out["tags"] == {"client": "js"}
    assert out["errorName"] == "ResourceNotFoundException"
    counters = imagebuilder_service.admin.counters()
    assert counters["CreateImage"]["calls"] == 1 and counters["ListTagsForResource"]["errors"] == 0
