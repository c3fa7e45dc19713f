"""Resuming a build this resource left FAILED or CANCELLED with RetryImage, and DistributeImage, against the local
service."""

import time

from imagebuilder_local import (
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_FAILS_DISTRIBUTION_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
    DEMO_PIPELINE_ARN,
)

from imagebuild_resource.imagebuilder import BuildRequest, Caller, run_build
from imagebuild_resource.imagebuilder.identity import RECORDED_TAG, RESUMES_TAG, Identity
from imagebuild_resource.imagebuilder.request import DistributeImageStart
from imagebuild_resource.imagebuilder.resume import MAX_RESUMES, kept, next_up_hint

from ..builds import Recorder, pipeline_build
from .test_against_service import FAST, INPUTS
from .test_reattach_and_calls import URN, leftover, run

FAILS_AT_DISTRIBUTION = {**INPUTS, "imageRecipeArn": DEMO_FAILS_DISTRIBUTION_RECIPE_ARN}
ROLE = "arn:aws:iam::123456789012:role/ImageBuilderDistributionRole"


def ended(client, arn):
    while True:
        image = client.get_image(imageBuildVersionArn=arn)["image"]
        if image["state"]["status"] in ("AVAILABLE", "FAILED", "CANCELLED"):
            return image
        time.sleep(0.05)


def test_a_build_failed_in_distribution_is_resumed_in_place(imagebuilder_client, imagebuilder_admin):
    arn = leftover(imagebuilder_client, inputs=FAILS_AT_DISTRIBUTION)
    failed = ended(imagebuilder_client, arn)
    assert next_up_hint(failed, True).startswith("resume: the next `pulumi up` with the same inputs resumes this "
                                                 "build at DISTRIBUTING with RetryImage")
    assert next_up_hint(failed, False) == ""
    imagebuilder_admin.set_scenario({"outcome": "succeed"}, recipe_arn=DEMO_FAILS_DISTRIBUTION_RECIPE_ARN)
    said = []
    observer = Recorder(on_say=said.append)
    outcome = run(imagebuilder_client, inputs=FAILS_AT_DISTRIBUTION, observer=observer)
    assert outcome.resumed and not outcome.reattached
    assert outcome.outputs["imageBuildVersionArn"] == arn and outcome.outputs["finalStatus"] == "AVAILABLE"
    # the workflow executions' times are real ones: on the service's fast clock the kept phases took under a minute
    assert said == [f"resuming image build {arn} at DISTRIBUTING (RetryImage, resume 1 of at most {MAX_RESUMES}): the "
                    "BUILDING and TESTING phases (under a minute) are kept, and no new build is started"]
    assert imagebuilder_admin.counters()["ListWorkflowExecutions"]["calls"] == 1
    assert [new for _, new in observer.transitions][0] == "DISTRIBUTING"
    counters = imagebuilder_admin.counters()
    assert counters["CreateImage"]["calls"] == 1 and counters["RetryImage"]["calls"] == 1
    tags = imagebuilder_client.get_image(imageBuildVersionArn=arn)["image"]["tags"]
    assert tags[RECORDED_TAG] == "true" and RESUMES_TAG not in tags


def test_resumes_are_bounded_and_counted_on_the_build(imagebuilder_client, imagebuilder_admin):
    arn = leftover(imagebuilder_client, inputs=FAILS_AT_DISTRIBUTION)
    ended(imagebuilder_client, arn)
    for count in range(1, MAX_RESUMES + 1):  # the cause is never fixed: each resume fails again
        outcome = run(imagebuilder_client, inputs=FAILS_AT_DISTRIBUTION)
        assert outcome.resumed and outcome.outputs["imageBuildVersionArn"] == arn
        assert outcome.outputs["finalStatus"] == "FAILED"
        assert outcome.image["tags"][RESUMES_TAG] == str(count)
    assert next_up_hint(outcome.image, True) == (f"resume: resumed {MAX_RESUMES} times already, the bound: the next "
                                                 "`pulumi up` builds anew.")
    outcome = run(imagebuilder_client, inputs=FAILS_AT_DISTRIBUTION)
    assert not outcome.resumed and outcome.outputs["imageBuildVersionArn"] != arn
    assert imagebuilder_admin.counters()["RetryImage"]["calls"] == MAX_RESUMES


def test_a_build_failed_in_building_or_a_container_build_is_built_anew(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "BUILDING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    arn = leftover(imagebuilder_client)
    assert next_up_hint(ended(imagebuilder_client, arn), True) == ""
    imagebuilder_admin.set_scenario(None, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    outcome = run(imagebuilder_client)
    assert not outcome.resumed and outcome.outputs["imageBuildVersionArn"] != arn
    container = {"containerRecipeArn": DEMO_CONTAINER_RECIPE_ARN, "infrastructureConfigurationArn":
                 DEMO_INFRASTRUCTURE_ARN}
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "DISTRIBUTING"}, recipe_arn=DEMO_CONTAINER_RECIPE_ARN)
    arn = leftover(imagebuilder_client, inputs=container, token="killed-container-run")
    ended(imagebuilder_client, arn)
    imagebuilder_admin.set_scenario(None, recipe_arn=DEMO_CONTAINER_RECIPE_ARN)
    outcome = run(imagebuilder_client, inputs=container)
    assert not outcome.resumed and outcome.outputs["imageBuildVersionArn"] != arn
    assert "RetryImage" not in imagebuilder_admin.counters()


def test_a_cancelled_build_is_resumed_or_built_anew_as_retry_image_says(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.set_scenario({"outcome": "cancel", "stage": "TESTING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    arn = leftover(imagebuilder_client)
    ended(imagebuilder_client, arn)
    imagebuilder_admin.set_scenario(None, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    said = []
    outcome = run(imagebuilder_client, say=said.append)
    assert outcome.resumed and outcome.outputs["imageBuildVersionArn"] == arn
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    assert said[0].startswith(f"resuming image build {arn} where it was cancelled (RetryImage")
    imagebuilder_admin.set_scenario({"outcome": "cancel", "stage": "BUILDING"}, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    inputs = {**INPUTS, "enhancedImageMetadataEnabled": False}
    cancelled = leftover(imagebuilder_client, inputs=inputs, token="killed-second-run")
    ended(imagebuilder_client, cancelled)
    imagebuilder_admin.set_scenario(None, recipe_arn=DEMO_IMAGE_RECIPE_ARN)
    said.clear()
    outcome = run(imagebuilder_client, inputs=inputs, say=said.append)
    assert not outcome.resumed and outcome.outputs["imageBuildVersionArn"] != cancelled
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    assert any(line.startswith(f"RetryImage did not resume image build {cancelled} (The image") for line in said)


def test_distribute_image_start_distributes_an_existing_ami(imagebuilder_client, imagebuilder_admin):
    source = run(imagebuilder_client, inputs={k: v for k, v in INPUTS.items() if k != "distributionConfigurationArn"})
    ami = source.image["outputResources"]["amis"][0]["image"]
    start = DistributeImageStart(ami, DEMO_MULTI_REGION_DISTRIBUTION_ARN, ROLE, {"team": "web"})
    observer = Recorder()
    outcome = run_build(Caller(imagebuilder_client, options=FAST), BuildRequest(start, read_steps=False), observer)
    arn = outcome.outputs["imageBuildVersionArn"]
    assert arn != source.outputs["imageBuildVersionArn"] and outcome.outputs["finalStatus"] == "AVAILABLE"
    assert "BUILDING" not in [new for _, new in observer.transitions]
    image = outcome.image
    assert [a["region"] for a in image["outputResources"]["amis"]] == ["us-east-1", "eu-west-1"]
    assert image["tags"] == {"team": "web"}
    assert imagebuilder_admin.counters()["DistributeImage"]["calls"] == 1


def test_what_a_resume_keeps_is_said_with_the_minutes_the_kept_phases_took():
    failed = {"state": {"status": "FAILED", "failureContext": {"imageStatus": "DISTRIBUTING"}}}
    assert kept(failed, 38.4) == "the 38 minutes of BUILDING and TESTING are kept"
    assert kept(failed) == "the BUILDING and TESTING phases are kept"  # the executions could not be read
    assert kept({"state": {"status": "FAILED", "failureContext": {"imageStatus": "TESTING"}}}, 0.2) == \
        "the BUILDING phase (under a minute) is kept"
    assert kept({"state": {"status": "CANCELLED"}}) == "the phases it completed are kept"


def test_a_pipeline_build_failed_in_distribution_is_resumed_in_place(imagebuilder_client, imagebuilder_admin):
    """PipelineBuild's builds are image build versions too: its rerun resumes one, not the pipeline."""
    recipe = imagebuilder_client.get_image_pipeline(imagePipelineArn=DEMO_PIPELINE_ARN)["imagePipeline"]["imageRecipeArn"]
    identity = Identity.of(URN.replace("ImageBuild", "PipelineBuild"), {"imagePipelineArn": DEMO_PIPELINE_ARN})
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "DISTRIBUTING"}, recipe_arn=recipe)
    failed = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, identity=identity)
    assert failed.outputs["finalStatus"] == "FAILED" and not failed.resumed
    imagebuilder_admin.set_scenario({"outcome": "succeed"}, recipe_arn=recipe)
    said = []
    outcome = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, identity=identity, say=said.append)
    assert outcome.resumed and outcome.outputs["imageBuildVersionArn"] == failed.outputs["imageBuildVersionArn"]
    assert outcome.outputs["finalStatus"] == "AVAILABLE" and said[0].startswith("resuming image build")
    counters = imagebuilder_admin.counters()
    assert counters["StartImagePipelineExecution"]["calls"] == 1 and counters["RetryImage"]["calls"] == 1
    off = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, identity=identity, resume=False)
    assert not off.resumed and off.outputs["imageBuildVersionArn"] != failed.outputs["imageBuildVersionArn"]
