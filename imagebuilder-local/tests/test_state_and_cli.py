"""--state-file across restarts, and the ``python -m`` entry point as a subprocess."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from imagebuilder_local import (
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    TEST_ACCESS_KEY,
    TEST_SECRET_KEY,
    ImageBuilderService,
    demo_arn_in,
)

from .helpers import wait_for


def test_state_file_keeps_builds_numbers_tokens_and_tags_across_a_restart(tmp_path):
    state = tmp_path / "state.json"
    with ImageBuilderService(time_scale=0.0004, state_file=str(state)) as service:
        client = service.client()
        arn = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, clientToken="tok",
                                  infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
        client.tag_resource(resourceArn=arn, tags={"k": "v"})
        service.admin.add_catalog({"infrastructureConfigurations": [{"name": "kept"}]})
    assert json.loads(state.read_text())["regions"]["us-east-1"]["builds"][0]["arn"] == arn
    assert [p.name for p in tmp_path.iterdir()] == ["state.json"]  # no temporary files left
    with ImageBuilderService(time_scale=0.0004, state_file=str(state)) as service:
        client = service.client()
        assert wait_for(client, arn, {"AVAILABLE"})["state"]["status"] == "AVAILABLE"
        assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"k": "v"}
        again = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, clientToken="tok",
                                    infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)
        assert again["imageBuildVersionArn"] == arn
        nxt = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                                  infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)
        assert nxt["imageBuildVersionArn"].endswith("/2")
        assert any(a.endswith("infrastructure-configuration/kept") for a in service.admin.catalog_arns())


def _start(*args: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "imagebuilder_local", "--port", "0", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    assert line.startswith("http://127.0.0.1:"), (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, line


def _stop(proc: subprocess.Popen, sig: int = signal.SIGTERM) -> int:
    proc.send_signal(sig)
    try:
        return proc.wait(timeout=10)
    finally:
        proc.stdout.close()
        proc.stderr.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_module_entry_point_serves_and_exits_cleanly(tmp_path, sig):
    catalog = tmp_path / "extra.json"
    catalog.write_text(json.dumps({"infrastructureConfigurations": [{"name": "from-file"}]}))
    proc, url = _start("--time-scale", "0.0002", "--catalog", str(catalog), "--region", "eu-west-1",
                       "--access-key", "AKIDCLI", "--secret-key", "clisecret")
    try:
        client = boto3.client("imagebuilder", endpoint_url=url, region_name="eu-west-1",
                              aws_access_key_id="AKIDCLI", aws_secret_access_key="clisecret",
                              config=Config(retries={"total_max_attempts": 1, "mode": "standard"}))
        infra = "arn:aws:imagebuilder:eu-west-1:123456789012:infrastructure-configuration/from-file"
        recipe = DEMO_IMAGE_RECIPE_ARN.replace("us-east-1", "eu-west-1")
        arn = client.create_image(imageRecipeArn=recipe, infrastructureConfigurationArn=infra)["imageBuildVersionArn"]
        assert arn.startswith("arn:aws:imagebuilder:eu-west-1:123456789012:image/demo-al2023/1.0.0/")
        image = wait_for(client, arn, {"AVAILABLE"})
        assert image["outputResources"]["amis"][0]["region"] == "eu-west-1"
        elsewhere = boto3.client("imagebuilder", endpoint_url=url, region_name="us-east-1",
                                 aws_access_key_id="AKIDCLI", aws_secret_access_key="clisecret")
        with pytest.raises(elsewhere.exceptions.ClientError, match="scoped to a valid region"):
            elsewhere.get_image(imageBuildVersionArn=arn)
    finally:
        assert _stop(proc, sig) == 0


def test_module_entry_point_session_token_and_any_signing_region():
    proc, url = _start("--session-token", "cli-token", "--any-signing-region")
    try:
        def client(**token):
            return boto3.client("imagebuilder", endpoint_url=url, region_name="ap-south-1",
                                aws_access_key_id=TEST_ACCESS_KEY, aws_secret_access_key=TEST_SECRET_KEY,
                                config=Config(retries={"total_max_attempts": 1, "mode": "standard"}), **token)

        # a region not served at start is served from its first request, with the demo catalog in it
        in_region = demo_arn_in(DEMO_IMAGE_RECIPE_ARN, "ap-south-1")
        recipe = client(aws_session_token="cli-token").get_image_recipe(imageRecipeArn=in_region)
        assert recipe["imageRecipe"]["name"] == "demo-al2023" and recipe["imageRecipe"]["arn"] == in_region
        with pytest.raises(ClientError, match="UnrecognizedClientException"):
            client().get_image_recipe(imageRecipeArn=in_region)
    finally:
        assert _stop(proc) == 0


def test_module_entry_point_auth_none_and_bad_arguments():
    proc, url = _start("--auth", "none")
    try:
        client = boto3.client("imagebuilder", endpoint_url=url, region_name="us-east-1",
                              aws_access_key_id="anything", aws_secret_access_key="anything")
        assert client.get_image_recipe(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN)["imageRecipe"]["name"] == "demo-al2023"
    finally:
        assert _stop(proc) == 0
    bad = subprocess.run([sys.executable, "-m", "imagebuilder_local", "--catalog", os.devnull],
                         capture_output=True, text=True, timeout=30)
    assert bad.returncode == 2 and "cannot start" in bad.stderr


def test_a_state_file_of_another_format_is_refused_not_misread(tmp_path):
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"version": 1, "builds": []}))
    with pytest.raises(ValueError, match="format version 1"):
        ImageBuilderService(state_file=str(state))
