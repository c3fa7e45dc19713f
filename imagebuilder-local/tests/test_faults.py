"""Fault injection, the call log and counters."""

from __future__ import annotations

import collections
import time

import pytest
from botocore.exceptions import ClientError, ConnectionClosedError, EndpointConnectionError

from imagebuilder_local import DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN, AdminError
from imagebuilder_local.faults import FAULT_KINDS
from .helpers import MODEL, wait_for

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
    assert counters == {"calls": 3, "errors": 3, "faults": 2, "authFailures": 0,
                        "byCode": {kind: 2, "ResourceNotFoundException": 1}, "faultsByKind": {kind: 2}}
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


def test_every_error_shape_of_the_model_is_a_fault_kind_with_its_modeled_status(imagebuilder_admin):
    kinds = imagebuilder_admin.fault_kinds()
    assert set(kinds) == set(FAULT_KINDS)
    for shape in MODEL.error_shapes:
        assert kinds[shape.name]["status"] == shape.metadata["error"]["httpStatusCode"], shape.name
    assert kinds["ThrottlingException"]["status"] == 400 and kinds["ExpiredTokenException"]["status"] == 403
    assert kinds["reset"]["status"] is None and kinds["delay"]["status"] is None


@pytest.mark.parametrize("kind", ["AccessDeniedException", "ForbiddenException"])
def test_non_transient_faults_make_delete_image_fail_during_a_replacement(client, imagebuilder_admin, kind):
    old = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                              infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
    assert wait_for(client, old, {"AVAILABLE"})["state"]["status"] == "AVAILABLE"
    imagebuilder_admin.inject_fault(kind, "DeleteImage", rate=1.0)
    new = client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN,
                              infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
    assert wait_for(client, new, {"AVAILABLE"})["state"]["status"] == "AVAILABLE"
    for _ in range(3):  # not transient: every attempt fails the same way
        with pytest.raises(ClientError) as info:
            client.delete_image(imageBuildVersionArn=old)
        assert info.value.response["Error"]["Code"] == kind
        assert info.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert client.get_image(imageBuildVersionArn=old)["image"]["arn"] == old  # nothing was deleted
    counters = imagebuilder_admin.counters()["DeleteImage"]
    assert counters["faultsByKind"] == {kind: 3} and counters["byCode"] == {kind: 3}
    imagebuilder_admin.clear_faults("DeleteImage")
    client.delete_image(imageBuildVersionArn=old)


def test_a_seeded_load_mix_of_throttling_5xx_resets_and_delays(imagebuilder_service, imagebuilder_admin):
    client = imagebuilder_service.client(connect_timeout=5, read_timeout=10)
    mix = {"CallRateLimitExceededException": 0.15, "ThrottlingException": 0.15,  # 30 % throttled
           "ServiceException": 0.1, "ServiceUnavailableException": 0.1,  # 20 % 5xx
           "reset": 0.05}
    imagebuilder_admin.inject_fault_mix(mix, "GetImage", seed=11)
    imagebuilder_admin.inject_fault("delay", "GetImage", rate=0.05, seed=13, delay=0.01)
    outcomes: collections.Counter[str] = collections.Counter()
    for _ in range(400):
        try:
            _get(client)
        except ClientError as exc:
            outcomes[exc.response["Error"]["Code"]] += 1
        except (ConnectionClosedError, EndpointConnectionError):
            outcomes["reset"] += 1
    counters = imagebuilder_admin.counters()["GetImage"]
    by_kind = counters["faultsByKind"]
    print("GetImage under the load mix:", counters)
    assert counters["calls"] == 400
    assert outcomes["reset"] == by_kind["reset"]
    for code in ("CallRateLimitExceededException", "ThrottlingException", "ServiceException",
                 "ServiceUnavailableException"):
        assert outcomes[code] == by_kind[code] == counters["byCode"][code]
    throttled = by_kind["CallRateLimitExceededException"] + by_kind["ThrottlingException"]
    assert 0.24 < throttled / 400 < 0.36
    assert 0.08 < by_kind["CallRateLimitExceededException"] / 400 < 0.22
    assert 0.14 < (by_kind["ServiceException"] + by_kind["ServiceUnavailableException"]) / 400 < 0.26
    assert 0.02 < by_kind["reset"] / 400 < 0.09
    assert 5 <= by_kind["delay"] <= 40
    (mix_rule, _) = imagebuilder_admin.faults()
    assert mix_rule["kind"] == "mix" and mix_rule["kinds"] == mix and mix_rule["rate"] == pytest.approx(0.55)
    assert mix_rule["hitsByKind"] == {k: by_kind[k] for k in mix}


def test_a_mix_is_reproducible_with_its_seed(client, imagebuilder_admin):
    def pattern():
        imagebuilder_admin.clear_faults()
        imagebuilder_admin.inject_fault_mix({"ThrottlingException": 0.3, "AccessDeniedException": 0.3}, seed=5)
        out = []
        for _ in range(20):
            try:
                _get(client)
            except ClientError as exc:
                out.append(exc.response["Error"]["Code"])
        return out

    first = pattern()
    assert first == pattern() and {"ThrottlingException", "AccessDeniedException", "ResourceNotFoundException"} \
        == set(first)


@pytest.mark.parametrize("body", [
    {"kinds": {"ThrottlingException": 0.6, "ServiceException": 0.6}},
    {"kinds": {"Explode": 0.1}},
    {"kinds": {}},
    {"kinds": {"ThrottlingException": 0.1}, "rate": 0.5},
    {"kind": "ThrottlingException", "kinds": {"ThrottlingException": 0.1}},
    {"kind": ["ThrottlingException"]},
    {"kind": "ThrottlingException", "seed": "x"},
    {"kind": "delay", "delay": 0},
])
def test_bad_fault_rules_are_refused(imagebuilder_service, body):
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(imagebuilder_service.endpoint_url + "/_emulator/faults",
                                     data=json.dumps(body).encode(), method="POST")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 400 and json.loads(info.value.read())["error"]
