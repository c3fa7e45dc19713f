"""Fault injection, the call log and counters."""

from __future__ import annotations

import time

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from imagebuild_resource.emulator import AdminError

ARN = "arn:aws:imagebuilder:us-east-1:123456789012:image/x/1.0.0/1"


def _get(client):
    return client.get_image(imageBuildVersionArn=ARN)


@pytest.mark.parametrize("kind, status", [
    ("CallRateLimitExceededException", 429),
    ("ThrottlingException", 400),
    ("ServiceException", 500),
    ("ServiceUnavailableException", 503),
])
def test_error_faults_hit_the_next_n_calls(client, imagebuilder_admin, kind, status):
    imagebuilder_admin.inject_fault(kind, "GetImage", count=2)
    for _ in range(2):
        with pytest.raises(ClientError) as info:
            _get(client)
        assert info.value.response["Error"]["Code"] == kind
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        _get(client)
    counters = imagebuilder_admin.counters()["GetImage"]
    assert counters == {"calls": 3, "errors": 3, "faults": 2,
                        "byCode": {kind: 2, "ResourceNotFoundException": 1}}
    assert imagebuilder_admin.faults() == []


def test_connection_reset_closes_without_a_response(client, imagebuilder_admin):
    imagebuilder_admin.inject_fault("reset", "GetImage")
    with pytest.raises((ConnectionClosedError, EndpointConnectionError)):
        _get(client)
    assert imagebuilder_admin.calls("GetImage")[-1]["fault"] == "reset"
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        _get(client)


def test_slow_responses(client, imagebuilder_admin):
    imagebuilder_admin.inject_fault("delay", "GetImage", delay=0.3)
    start = time.monotonic()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        _get(client)
    assert time.monotonic() - start >= 0.3


def test_rate_faults_are_seeded_and_reproducible(client, imagebuilder_admin):
    def pattern():
        imagebuilder_admin.clear_faults()
        imagebuilder_admin.inject_fault("ServiceUnavailableException", "*", rate=0.5, seed=7)
        out = []
        for _ in range(16):
            try:
                _get(client)
            except ClientError as exc:
                out.append(exc.response["Error"]["Code"] == "ServiceUnavailableException")
        return out

    first, second = pattern(), pattern()
    assert first == second and any(first) and not all(first)


def test_call_log_and_clearing(client, imagebuilder_admin):
    imagebuilder_admin.inject_fault("ServiceException", "CreateImage", rate=1.0)
    imagebuilder_admin.clear_faults("CreateImage")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        _get(client)
    (entry,) = imagebuilder_admin.calls()
    assert entry["operation"] == "GetImage" and entry["status"] == 404 and entry["method"] == "GET"
    imagebuilder_admin.clear_calls()
    assert imagebuilder_admin.calls() == [] and imagebuilder_admin.counters() == {}


def test_bad_admin_requests_are_refused(imagebuilder_admin):
    with pytest.raises(AdminError) as info:
        imagebuilder_admin.inject_fault("Explode")
    assert info.value.status == 400
    with pytest.raises(AdminError):
        imagebuilder_admin.set_scenario({"outcome": "explode"})
    with pytest.raises(AdminError) as info:
        imagebuilder_admin.set_build_status(ARN, "DELETED")
    assert info.value.status == 404
    with pytest.raises(AdminError):
        imagebuilder_admin.add_catalog({"imageRecipes": [{"name": "Bad Name!", "version": "1"}]})
    with pytest.raises(AdminError):
        imagebuilder_admin.set_time_scale(0)
    with pytest.raises(AdminError) as info:
        imagebuilder_admin.add_credentials("AKID", "")
    assert info.value.status == 400 and "secretAccessKey" in info.value.message


def test_reset_forgets_builds_and_added_catalog(client, imagebuilder_admin):
    arns = imagebuilder_admin.add_catalog({"infrastructureConfigurations": [{"name": "extra-infra"}]})
    assert arns == ["arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/extra-infra"]
    assert arns[0] in imagebuilder_admin.catalog_arns()
    imagebuilder_admin.reset()
    assert arns[0] not in imagebuilder_admin.catalog_arns() and imagebuilder_admin.builds() == []
