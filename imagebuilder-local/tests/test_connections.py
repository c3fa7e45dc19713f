"""HTTP keep-alive: clients reuse their connections, and faults still behave on reused ones."""

from __future__ import annotations

import http.client
import json
import time

import pytest
from botocore.exceptions import ConnectionClosedError, EndpointConnectionError

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN

ARN = "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1"


def _missing(client):
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image(imageBuildVersionArn=ARN)


def test_boto3_sends_many_calls_over_one_connection(client, imagebuilder_service):
    before = imagebuilder_service.connections.count
    arn = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                              infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
    for _ in range(10):
        client.get_image(imageBuildVersionArn=arn)
        _missing(client)
    assert imagebuilder_service.connections.count - before == 1


def test_an_injected_reset_drops_only_that_connection(client, imagebuilder_service, imagebuilder_admin):
    _missing(client)
    imagebuilder_admin.inject_fault("reset", "GetImage")
    before = imagebuilder_service.connections.count
    with pytest.raises((ConnectionClosedError, EndpointConnectionError)):
        client.get_image(imageBuildVersionArn=ARN)
    for _ in range(3):
        _missing(client)
    assert imagebuilder_service.connections.count - before == 1  # one new connection after the reset


def test_slow_and_failing_responses_keep_the_connection(client, imagebuilder_service, imagebuilder_admin):
    _missing(client)
    imagebuilder_admin.inject_fault("delay", "GetImage", delay=0.2)
    imagebuilder_admin.inject_fault("ServiceUnavailableException", "CreateImage")
    before = imagebuilder_service.connections.count  # the admin client's calls counted
    start = time.monotonic()
    _missing(client)
    assert time.monotonic() - start >= 0.2
    with pytest.raises(client.exceptions.ServiceUnavailableException):
        client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)
    client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)
    assert imagebuilder_service.connections.count == before


def test_responses_keep_the_connection_open_and_unread_bodies_do_not_leak_into_the_next_request(
        imagebuilder_service, imagebuilder_admin):
    host, port = imagebuilder_service.endpoint_url.rsplit("/", 1)[1].split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    before = imagebuilder_service.connections.count
    try:
        for _ in range(3):  # unsigned, so refused before the body is looked at
            conn.request("PUT", "/CreateImage", body=json.dumps({"clientToken": "x" * 5000}),
                         headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            assert response.status == 403 and response.getheader("Connection") is None
            assert json.loads(response.read())["message"] == "Missing Authentication Token"
        conn.request("GET", "/NoSuchOperation", body=b"ignored")
        response = conn.getresponse()
        assert response.status == 404 and json.loads(response.read())
    finally:
        conn.close()
    assert imagebuilder_service.connections.count - before == 1
