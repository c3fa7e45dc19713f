"""Restarting the service from its state file in the middle of builds."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from imagebuilder_local import (
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
    TEST_ACCESS_KEY,
    TEST_SECRET_KEY,
)

from .helpers import wait_for


def _create(client):
    return client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN,
                               distributionConfigurationArn=DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                               tags={"imagebuild:urn": "urn:a"})["imageBuildVersionArn"]


def test_a_build_in_progress_completes_after_a_restart_with_its_outputs(restartable_imagebuilder_service):
    service = restartable_imagebuilder_service
    service.admin.set_time_scale(0.002)  # a 45-minute build takes about 5.4 s
    client = service.client(connect_timeout=2, read_timeout=5)
    arn = _create(client)
    before = wait_for(client, arn, {"BUILDING"})
    assert before["state"]["status"] == "BUILDING"
    port = service.port
    service.restart(down_seconds=0.3)
    assert service.port == port
    image = client.get_image(imageBuildVersionArn=arn)["image"]  # the same client reconnects
    assert image["state"]["status"] in ("BUILDING", "TESTING")  # neither restarted nor lost
    image = wait_for(client, arn, {"AVAILABLE", "FAILED", "CANCELLED"}, timeout=15)
    assert image["state"]["status"] == "AVAILABLE"
    assert [a["region"] for a in image["outputResources"]["amis"]] == ["us-east-1", "eu-west-1"]
    assert image["dateCreated"] == before["dateCreated"] and image["tags"] == {"imagebuild:urn": "urn:a"}
    assert service.admin.time_scale() == 0.002
    assert service.admin.build_counts()["created"]["byTag"] == {"urn:a": 1}
    assert _create(client).endswith("/2")  # build numbers go on


def test_clients_see_connection_errors_while_it_is_down_and_admin_settings_stay(restartable_imagebuilder_service):
    service = restartable_imagebuilder_service
    client = service.client(connect_timeout=1, read_timeout=5)
    arn = _create(client)
    service.admin.inject_fault("ThrottlingException", "GetImage", count=1)
    errors: list[BaseException] = []
    down = threading.Thread(target=service.restart, kwargs={"down_seconds": 1.0})
    down.start()
    time.sleep(0.3)
    try:
        client.get_image(imageBuildVersionArn=arn)
    except (ConnectionClosedError, EndpointConnectionError) as exc:
        errors.append(exc)
    down.join()
    assert len(errors) == 1  # refused (or closed) while down
    with pytest.raises(ClientError, match="ThrottlingException"):  # the fault rule was kept
        client.get_image(imageBuildVersionArn=arn)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["arn"] == arn
    assert service.admin.counters()["CreateImage"]["calls"] == 1  # the call log was kept


def test_restart_needs_a_state_file(imagebuilder_service):
    with pytest.raises(RuntimeError, match="state_file"):
        imagebuilder_service.restart()


def _process(port: int, state: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "imagebuilder_local", "--port", str(port),
                             "--state-file", state, "--time-scale", "0.002"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline().strip()
    assert line.startswith("http://127.0.0.1:"), (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, line


def test_a_killed_service_process_restarted_on_its_port_finishes_the_build(tmp_path):
    state = str(tmp_path / "state.json")
    proc, url = _process(0, state)
    port = int(url.rsplit(":", 1)[1])
    client = boto3.client("imagebuilder", endpoint_url=url, region_name="us-east-1",
                          aws_access_key_id=TEST_ACCESS_KEY, aws_secret_access_key=TEST_SECRET_KEY,
                          config=Config(retries={"total_max_attempts": 1, "mode": "standard"}, connect_timeout=2))
    try:
        arn = _create(client)
        assert wait_for(client, arn, {"BUILDING"})["state"]["status"] == "BUILDING"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    with pytest.raises(EndpointConnectionError):
        client.get_image(imageBuildVersionArn=arn)
    proc, again = _process(port, state)
    try:
        assert again == url
        image = wait_for(client, arn, {"AVAILABLE", "FAILED", "CANCELLED"}, timeout=15)
        assert image["state"]["status"] == "AVAILABLE" and len(image["outputResources"]["amis"]) == 2
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
        proc.stdout.close()
        proc.stderr.close()
