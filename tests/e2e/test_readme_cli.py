"""The README's ``imagebuild run`` example, as written, against a local service holding the ARNs it names.

The service stands in for the account 111122223333 in eu-west-1; the endpoint comes from the
environment (``AWS_ENDPOINT_URL_IMAGEBUILDER``), as the credentials do, so the command is the one a
user runs against AWS.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, ImageBuilderService

from ..conftest import TEST_TIME_SCALE
from ..documents import example

pytestmark = pytest.mark.e2e

CLI_RUN = example("README.md", marker="cli-run")
CATALOG = {
    "imageRecipes": [{
        "name": "app", "version": "1.4.0", "platform": "Linux",
        "parentImage": "arn:aws:imagebuilder:${region}:aws:image/amazon-linux-2023-x86/x.x.x",
        "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}]}],
    "infrastructureConfigurations": [{"name": "app-build", "instanceTypes": ["t3.medium"],
                                      "instanceProfileName": "app-build"}],
}


def test_imagebuild_run_builds_the_image_shows_its_progress_and_prints_the_outputs(tmp_path):
    with ImageBuilderService(region="eu-west-1", account="111122223333", time_scale=TEST_TIME_SCALE,
                             catalogs=[CATALOG]) as service:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_ACCESS_KEY_ID=TEST_ACCESS_KEY, AWS_SECRET_ACCESS_KEY=TEST_SECRET_KEY,
                   AWS_ENDPOINT_URL_IMAGEBUILDER=service.endpoint_url, AWS_CONFIG_FILE=str(tmp_path / "none"),
                   PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")
        result = subprocess.run(["bash", "-e", "-c", CLI_RUN], cwd=tmp_path, env=env, capture_output=True, text=True,
                                timeout=300)
        builds = service.admin.builds()
    assert result.returncode == 0, result.stdout + result.stderr
    outputs = json.loads(result.stdout)
    assert outputs["finalStatus"] == "AVAILABLE"
    assert outputs["imageBuildVersionArn"] == "arn:aws:imagebuilder:eu-west-1:111122223333:image/app/1.4.0/1"
    assert [b["arn"] for b in builds] == [outputs["imageBuildVersionArn"]]
    first = rf"\[00:\d\d\] image build {re.escape(outputs['imageBuildVersionArn'])}: [A-Z]+"
    assert re.fullmatch(first, result.stderr.splitlines()[0]), result.stderr
    assert re.search(r"^\[\d\d:\d\d\] \w+ -> AVAILABLE after \d+s$", result.stderr, re.M), result.stderr
