"""The pipeline workflow run against the local Image Builder service: the seed's policy on a pipeline's build."""

import threading

import pytest

from imagebuilder_local import DEMO_FAILS_AT_TEST_RECIPE_ARN, DEMO_HANGS_RECIPE_ARN, DEMO_INFRASTRUCTURE_ARN
from imagebuilder_local import DEMO_DISABLED_PIPELINE_ARN, DEMO_PIPELINE_ARN
from imagebuild_resource.imagebuilder import (BuildCancelledError, BuildStepFailedError, DeadlineExceededError,
                                              UnexpectedStateError, WaitOptions)
from imagebuild_resource.imagebuilder import PipelineNotRunnableError

from ..builds import pipeline_build
from .test_against_service import FAST


def pipeline(client, name, recipe):
    return client.create_image_pipeline(name=name, imageRecipeArn=recipe, clientToken=name,
                                        infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imagePipelineArn"]


def test_the_pipelines_build_becomes_available_with_each_transition(imagebuilder_client, imagebuilder_admin):
    transitions = []
    outcome = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, {"team": "x"}, options=FAST,
                                 on_transition=lambda old, new, image: transitions.append(new))
    assert outcome.outputs["finalStatus"] == "AVAILABLE" and outcome.image["sourcePipelineArn"] == DEMO_PIPELINE_ARN
    assert outcome.outputs["imageBuildVersionArn"] == outcome.image["arn"] and outcome.image["tags"] == {"team": "x"}
    assert transitions[0] == "PENDING" and transitions[-1] == "AVAILABLE" and len(transitions) >= 3
    assert imagebuilder_admin.counters()["StartImagePipelineExecution"]["calls"] == 1


def test_a_failed_build_returns_failed_with_its_reason(imagebuilder_client):
    arn = pipeline(imagebuilder_client, "fails", DEMO_FAILS_AT_TEST_RECIPE_ARN)
    outcome = pipeline_build(imagebuilder_client, arn, options=FAST)
    assert outcome.outputs["finalStatus"] == "FAILED" and outcome.outputs["finalReason"]


def test_a_disabled_pipeline_raises_before_any_start(imagebuilder_client, imagebuilder_admin):
    with pytest.raises(PipelineNotRunnableError, match="is DISABLED"):
        pipeline_build(imagebuilder_client, DEMO_DISABLED_PIPELINE_ARN, options=FAST)
    assert "StartImagePipelineExecution" not in imagebuilder_admin.counters()


def test_the_deadline_cancels_the_build(imagebuilder_client, imagebuilder_admin):
    arn = pipeline(imagebuilder_client, "hangs", DEMO_HANGS_RECIPE_ARN)
    options = WaitOptions(**{**FAST.__dict__, "deadline_seconds": 1.5})
    with pytest.raises(DeadlineExceededError, match="it was cancelled") as info:
        pipeline_build(imagebuilder_client, arn, options=options)
    assert info.value.image_build_version_arn.endswith("demo-hangs/1.0.0/1")
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["CANCELLED"]


def test_the_cancel_signal_cancels_the_build(imagebuilder_client, imagebuilder_admin):
    arn = pipeline(imagebuilder_client, "hangs", DEMO_HANGS_RECIPE_ARN)
    cancel = threading.Event()

    def stop_when_building(old, new, image):
        if new == "BUILDING":
            cancel.set()

    with pytest.raises(BuildCancelledError, match="the build was cancelled"):
        pipeline_build(imagebuilder_client, arn, options=FAST, cancel=cancel, on_transition=stop_when_building)
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["CANCELLED"]


def test_a_build_deleted_mid_build_stops_the_run(imagebuilder_client, imagebuilder_admin):
    def delete_when_building(old, new, image):
        if new == "BUILDING":
            imagebuilder_admin.set_build_status(image["arn"], "DELETED")

    with pytest.raises(UnexpectedStateError, match="is in state DELETED"):
        pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, on_transition=delete_when_building)


def test_a_start_that_keeps_failing_is_a_step_failure_naming_the_step(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.inject_fault("ServiceException", "StartImagePipelineExecution", count=5)
    options = WaitOptions(**{**FAST.__dict__, "max_transient_retries": 2})
    with pytest.raises(BuildStepFailedError, match="startPipelineExecution") as info:
        pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=options)
    assert info.value.image_build_version_arn is None and imagebuilder_admin.builds() == []
    assert imagebuilder_admin.counters()["StartImagePipelineExecution"]["calls"] == 3
