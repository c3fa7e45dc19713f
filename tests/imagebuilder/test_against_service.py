"""The seed workflow run against the local Image Builder service (real HTTP, SigV4, botocore)."""

import threading

import pytest

from imagebuilder_local import (DEMO_CONTAINER_RECIPE_ARN, DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_HANGS_RECIPE_ARN,
                                          DEMO_IMAGE_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN,
                                          DEMO_MULTI_REGION_DISTRIBUTION_ARN)
from imagebuild_resource.imagebuilder import (BuildCancelledError, DeadlineExceededError, UnexpectedStateError,
                                              WaitOptions)

from ..builds import image_build

# The service runs a 45-minute build in about a second; poll on the same scale.
FAST = WaitOptions(min_poll_seconds=0.01, max_poll_seconds=0.05, fast_poll_seconds=0.02, retry_base_seconds=0.01,
                   retry_max_seconds=0.05, deadline_seconds=20, cancel_wait_seconds=5)
INPUTS = {"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN,
          "distributionConfigurationArn": DEMO_MULTI_REGION_DISTRIBUTION_ARN}


def build(client, inputs=INPUTS, **kwargs):
    kwargs.setdefault("options", FAST)
    return image_build(client, inputs, **kwargs)


def test_image_becomes_available(imagebuilder_client, imagebuilder_admin):
    transitions = []
    outcome = build(imagebuilder_client, {**INPUTS, "tags": {"team": "x"}, "enhancedImageMetadataEnabled": True},
                    on_transition=lambda old, new, image: transitions.append(new))
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    assert outcome.outputs["imageBuildVersionArn"] == outcome.image["arn"]
    assert outcome.image["outputResources"]["amis"]
    assert transitions[-1] == "AVAILABLE" and len(transitions) >= 3
    counters = imagebuilder_admin.counters()
    assert counters["CreateImage"]["calls"] == 1
    assert counters["GetImage"]["calls"] >= len(transitions)
    create = imagebuilder_admin.calls("CreateImage")[0]
    assert "containerRecipeArn" not in str(create)


def test_container_image_becomes_available(imagebuilder_client):
    inputs = {"containerRecipeArn": DEMO_CONTAINER_RECIPE_ARN, "infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN}
    assert build(imagebuilder_client, inputs).outputs["finalStatus"] == "AVAILABLE"


def test_failed_build_returns_failed_with_reason(imagebuilder_client):
    outcome = build(imagebuilder_client, {**INPUTS, "imageRecipeArn": DEMO_FAILS_AT_TEST_RECIPE_ARN})
    assert outcome.outputs["finalStatus"] == "FAILED"
    assert outcome.outputs["finalReason"]


def test_cancelled_build_returns_cancelled(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.set_scenario({"outcome": "cancel", "stage": "TESTING"})
    assert build(imagebuilder_client).outputs["finalStatus"] == "CANCELLED"


def test_hanging_build_is_cancelled_at_the_deadline(imagebuilder_client, imagebuilder_admin):
    options = WaitOptions(**{**FAST.__dict__, "deadline_seconds": 1.5})
    with pytest.raises(DeadlineExceededError, match="it was cancelled") as info:
        build(imagebuilder_client, {**INPUTS, "imageRecipeArn": DEMO_HANGS_RECIPE_ARN}, options=options)
    arn = info.value.image_build_version_arn
    assert info.value.cancelled
    assert [b["status"] for b in imagebuilder_admin.builds() if b["arn"] == arn] == ["CANCELLED"]
    assert imagebuilder_admin.counters()["CancelImageCreation"]["calls"] == 1


def test_build_deleted_mid_build_stops_the_run(imagebuilder_client, imagebuilder_admin):
    def delete_when_building(old, new, image):
        if new == "BUILDING":
            imagebuilder_admin.set_build_status(image["arn"], "DELETED")

    with pytest.raises(UnexpectedStateError, match="is in state DELETED") as info:
        build(imagebuilder_client, on_transition=delete_when_building)
    assert info.value.status == "DELETED"


def test_build_vanishing_stops_the_run(imagebuilder_client, imagebuilder_admin):
    def remove(old, new, image):
        if new == "BUILDING":
            imagebuilder_admin.remove_build(image["arn"])

    with pytest.raises(UnexpectedStateError, match="does not exist"):
        build(imagebuilder_client, on_transition=remove)


def test_throttling_storm_does_not_fail_the_build(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.inject_fault("CallRateLimitExceededException", "GetImage", count=12)
    imagebuilder_admin.inject_fault("ServiceUnavailableException", "CreateImage", count=2)
    outcome = build(imagebuilder_client)
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    counters = imagebuilder_admin.counters()
    assert counters["GetImage"]["faults"] == 12
    assert counters["GetImage"]["calls"] >= 13
    assert counters["CreateImage"]["calls"] == 3
    assert len({b["arn"] for b in imagebuilder_admin.builds()}) == 1


def test_cancel_signal_cancels_the_build(imagebuilder_client, imagebuilder_admin):
    cancel = threading.Event()
    with pytest.raises(BuildCancelledError, match="the build was cancelled") as info:
        build(imagebuilder_client, cancel=cancel,
              on_transition=lambda old, new, image: cancel.set() if new == "BUILDING" else None)
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["CANCELLED"]
    assert info.value.image_build_version_arn


def test_a_hard_error_mid_wait_cancels_the_build_it_leaves_running(imagebuilder_client, imagebuilder_admin):
    """GetImage failing beyond the retry budget ends the run; the build must not be left running unknown."""
    from imagebuild_resource.arazzo import StepFailedError

    imagebuilder_admin.inject_fault("ServiceException", "GetImage", count=FAST.max_transient_retries + 1)
    with pytest.raises(StepFailedError) as info:
        build(imagebuilder_client, {**INPUTS, "imageRecipeArn": DEMO_HANGS_RECIPE_ARN})
    arn = info.value.image_build_version_arn
    assert str(info.value).endswith(f"(image build version {arn}): ServiceException: An internal error occurred. "
                                    "Try again later; the build was cancelled.")
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["CANCELLED"]
