"""The facade: the seed run with a scripted client and a fake clock."""

import pytest

from imagebuild_resource.imagebuilder import (BuildCancelledError, DeadlineExceededError, UnexpectedStateError,
                                              WaitOptions)
from imagebuild_resource.arazzo import StepFailedError

from ..builds import image_build
from ..fakes import ARN, INFRA, RECIPE, FakeCancel, FakeClock, FakeImageBuilder, client_error

INPUTS = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA}
FAST = WaitOptions(min_poll_seconds=1, max_poll_seconds=4, fast_poll_seconds=2, retry_base_seconds=0.1,
                   retry_max_seconds=1, deadline_seconds=600, cancel_wait_seconds=60, random_seed=7)


def run(client, clock=None, **kwargs):
    kwargs.setdefault("options", FAST)
    return image_build(client, kwargs.pop("inputs", INPUTS), clock=clock or FakeClock(), **kwargs)


@pytest.mark.parametrize("final", ["AVAILABLE", "FAILED", "CANCELLED"])
def test_terminal_states_return_outputs_and_image(final):
    client = FakeImageBuilder(["PENDING", "BUILDING", "TESTING", "DISTRIBUTING", (final, "why")])
    transitions = []
    outcome = run(client, on_transition=lambda old, new, image: transitions.append((old, new)))
    assert outcome.outputs == {"imageBuildVersionArn": ARN, "finalStatus": final, "finalReason": "why"}
    assert outcome.image["state"]["status"] == final
    assert transitions == [(None, "PENDING"), ("PENDING", "BUILDING"), ("BUILDING", "TESTING"),
                           ("TESTING", "DISTRIBUTING"), ("DISTRIBUTING", final)]


def test_client_token_is_generated_once_and_absent_inputs_are_omitted():
    throttle = client_error("CallRateLimitExceededException", 429)
    client = FakeImageBuilder(["AVAILABLE"], create=[throttle, client_error("ServiceException", 500), None])
    run(client)
    creates = [kwargs for name, kwargs in client.calls if name == "CreateImage"]
    assert len(creates) == 3
    tokens = {c["clientToken"] for c in creates}
    assert len(tokens) == 1 and tokens != {"arazzo-create-image-0001"}
    assert set(creates[0]) == {"imageRecipeArn", "infrastructureConfigurationArn", "clientToken"}


def test_given_client_token_and_extra_arguments_are_sent():
    client = FakeImageBuilder(["AVAILABLE"])
    run(client, inputs={**INPUTS, "clientToken": "mine", "tags": {"k": "v"}, "enhancedImageMetadataEnabled": False})
    assert client.calls[0][1] == {**INPUTS, "clientToken": "mine", "tags": {"k": "v"}, "enhancedImageMetadataEnabled": False}


@pytest.mark.parametrize("stuck", ["DELETED", "DISABLED", "DEPRECATED"])
def test_states_that_cannot_end_raise_immediately(stuck):
    client = FakeImageBuilder(["BUILDING", (stuck, "gone")])
    with pytest.raises(UnexpectedStateError) as info:
        run(client)
    assert (info.value.image_build_version_arn, info.value.status) == (ARN, stuck)
    assert str(info.value) == f"Image build {ARN} is in state {stuck}, which can never become AVAILABLE: gone."
    assert client.count("GetImage") == 2


NOT_THERE = client_error("ResourceNotFoundException", 404, "not there")


def test_not_found_right_after_create_is_waited_out():
    client, clock = FakeImageBuilder([NOT_THERE, NOT_THERE, NOT_THERE, "AVAILABLE"]), FakeClock(start=1000)
    outcome = run(client, clock)
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    assert client.count("GetImage") == 4 and client.count("CreateImage") == 1
    assert clock.now() - 1000 < FAST.not_found_grace_seconds


def test_not_found_past_the_grace_raises():
    options = WaitOptions(**{**FAST.__dict__, "not_found_grace_seconds": 5})
    client, clock = FakeImageBuilder([NOT_THERE]), FakeClock(start=1000)
    with pytest.raises(UnexpectedStateError, match=f"Image build {ARN} does not exist: not there"):
        run(client, clock, options=options)
    assert 5 <= clock.now() - 1000 < 5 + FAST.retry_max_seconds + 0.01
    assert client.count("GetImage") > 2


def test_not_found_once_the_build_was_seen_raises_at_once():
    client = FakeImageBuilder(["BUILDING", NOT_THERE])
    with pytest.raises(UnexpectedStateError, match=f"Image build {ARN} does not exist: not there"):
        run(client)
    assert client.count("GetImage") == 2


def test_create_failure_carries_aws_code_and_message():
    client = FakeImageBuilder(["AVAILABLE"], create=[client_error("InvalidParameterValueException", 400, "bad arn")])
    with pytest.raises(StepFailedError) as info:
        run(client)
    error = info.value
    assert (error.code, error.message, error.status, error.step_id) == (
        "InvalidParameterValueException", "bad arn", 400, "createImage")
    assert error.image_build_version_arn is None
    assert str(error) == "Step 'createImage' failed with HTTP 400: InvalidParameterValueException: bad arn."


def test_get_failure_names_the_arn():
    client = FakeImageBuilder([client_error("ForbiddenException", 403, "no")])
    with pytest.raises(StepFailedError, match=f"image build version {ARN}") as info:
        run(client)
    assert info.value.image_build_version_arn == ARN


def test_throttling_storm_while_polling_does_not_fail_the_build():
    storm = [client_error("CallRateLimitExceededException", 429)] * 5
    client = FakeImageBuilder(["BUILDING", *storm, "DISTRIBUTING", *storm, "AVAILABLE"])
    assert run(client).outputs["finalStatus"] == "AVAILABLE"
    assert client.count("GetImage") == 13


def test_deadline_cancels_and_waits_for_cancelled():
    client = FakeImageBuilder(["BUILDING"])
    clock = FakeClock()
    with pytest.raises(DeadlineExceededError) as info:
        run(client, clock)
    assert info.value.cancelled and info.value.image_build_version_arn == ARN
    assert str(info.value) == f"The deadline passed before image build {ARN} finished; it was cancelled."
    assert client.count("CancelImageCreation") == 1
    assert 1600 <= clock.t < 1700


def test_deadline_without_cancel_leaves_it_running():
    client = FakeImageBuilder(["BUILDING"])
    options = WaitOptions(**{**FAST.__dict__, "cancel_on_deadline": False})
    with pytest.raises(DeadlineExceededError, match="it was left running"):
        run(client, options=options)
    assert client.count("CancelImageCreation") == 0


def test_cancel_that_never_takes_effect_is_reported_bounded():
    client = FakeImageBuilder(["BUILDING"], cancel_to=None)
    clock = FakeClock()
    with pytest.raises(DeadlineExceededError, match="left running") as info:
        run(client, clock)
    assert not info.value.cancelled
    assert clock.t <= 1000 + 600 + 60


def test_cancel_signal_cancels_the_build():
    cancel, clock = FakeCancel(), FakeClock()
    client = FakeImageBuilder(["BUILDING"])
    clock.on_wait = lambda t: cancel.set() if t > 1020 else None
    with pytest.raises(BuildCancelledError) as info:
        run(client, clock, cancel=cancel)
    assert info.value.cancelled and info.value.image_build_version_arn == ARN
    assert "the build was cancelled" in str(info.value)
    assert client.count("CancelImageCreation") == 1


def test_cancel_before_create_names_no_arn():
    cancel = FakeCancel()
    cancel.set()
    client = FakeImageBuilder(["BUILDING"])
    with pytest.raises(BuildCancelledError, match="before the image build was created") as info:
        run(client, cancel=cancel)
    assert info.value.image_build_version_arn is None and client.calls == []


def test_wait_options_are_validated():
    with pytest.raises(ValueError):
        WaitOptions(min_poll_seconds=0)
    with pytest.raises(ValueError):
        WaitOptions(deadline_seconds=0)


def test_a_failing_progress_callback_does_not_abandon_the_build(caplog):
    client = FakeImageBuilder(["PENDING", "BUILDING", ("AVAILABLE", None)])

    def broken(old, new, image):
        raise RuntimeError("display gone")

    assert run(client, on_transition=broken).outputs["finalStatus"] == "AVAILABLE"
    assert "the observer's observe failed" in caplog.text


def test_many_builds_starting_together_share_one_validated_document():
    """Eight creates start at once in one provider process: the document is read and compiled safely, once."""
    import threading

    from imagebuild_resource.arazzo import criteria
    from imagebuild_resource.imagebuilder import documents

    documents._load.cache_clear()
    criteria._compile_jsonpath.cache_clear()
    results, errors = [], []

    def build():
        try:
            results.append(run(FakeImageBuilder(["BUILDING", ("AVAILABLE", None)])).outputs["finalStatus"])
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == [] and results == ["AVAILABLE"] * 8
    assert documents.CREATE_IMAGE.workflow() is documents.CREATE_IMAGE.workflow()


def test_a_hard_error_after_the_build_ended_cancels_nothing():
    client = FakeImageBuilder(["BUILDING", client_error("ForbiddenException", 403, "no"), ("FAILED", "x")])
    with pytest.raises(StepFailedError) as info:
        run(client)
    assert str(info.value) == f"Step 'getImage' failed with HTTP 403 (image build version {ARN}): ForbiddenException: no."
    assert client.count("CancelImageCreation") == 0
