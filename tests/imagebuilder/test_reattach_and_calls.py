"""Identity tags, reattaching to a leftover build, credential renewal and the not-found grace, against the local service."""

import time

import boto3
import pytest
from botocore.config import Config

from imagebuild_resource.aws import make_client
from imagebuilder_local import DEMO_FAILS_AT_TEST_RECIPE_ARN, TEST_ACCESS_KEY, TEST_SECRET_KEY
from imagebuilder_local import DEMO_PIPELINE_ARN
from imagebuild_resource.imagebuilder import UnexpectedStateError, WaitOptions
from imagebuild_resource.imagebuilder.caller import AUTH_ERROR_CODES, Caller
from imagebuild_resource.imagebuilder.identity import (INPUTS_TAG, RECORDED_TAG, STACK_TAG, URN_TAG, Identity,
                                                       inputs_digest)
from imagebuild_resource.arazzo import StepFailedError

from imagebuild_resource.imagebuilder.reattach import MAX_BUILDS_READ, MAX_PAGES, find_leftover
from imagebuild_resource.providers.pipeline_build import PipelineBuildKind

from ..builds import Recorder, image_build, pipeline_build
from .test_against_service import FAST, INPUTS

URN = "urn:pulumi:dev::platform::imagebuild:index:ImageBuild::web"
OTHER_URN = "urn:pulumi:prod::platform::imagebuild:index:ImageBuild::web"


def leftover(client, urn=URN, inputs=INPUTS, tags=None, token="killed-run"):
    """What a deployment killed mid-wait leaves: a build with its identity tags, and no record of it."""
    identity = Identity.of(urn, inputs)
    return client.create_image(**inputs, clientToken=token, tags={**(tags or {}), **identity.tags()})[
        "imageBuildVersionArn"]


def run(client, urn=URN, inputs=INPUTS, **kwargs):
    kwargs.setdefault("options", FAST)
    return image_build(client, inputs, identity=Identity.of(urn, inputs), **kwargs)


def test_a_new_build_carries_its_identity_and_is_recorded_when_it_succeeds(imagebuilder_client):
    outcome = run(imagebuilder_client, inputs={**INPUTS, "tags": {"team": "web"}})
    assert not outcome.reattached
    tags = imagebuilder_client.get_image(imageBuildVersionArn=outcome.outputs["imageBuildVersionArn"])["image"]["tags"]
    assert tags == {"team": "web", STACK_TAG: "platform/dev", URN_TAG: URN, INPUTS_TAG: inputs_digest(INPUTS),
                    RECORDED_TAG: "true"}


def test_a_rerun_waits_on_the_build_it_left_instead_of_building_again(imagebuilder_client, imagebuilder_admin):
    arn = leftover(imagebuilder_client)
    said = []
    outcome = run(imagebuilder_client, say=said.append)
    assert outcome.reattached and outcome.outputs["imageBuildVersionArn"] == arn
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    assert [b["arn"] for b in imagebuilder_admin.builds()] == [arn]
    counters = imagebuilder_admin.counters()
    assert counters["CreateImage"]["calls"] == 1  # the killed run's only
    assert counters["ListImageBuildVersions"]["calls"] == 1
    assert said == [f"reattached to image build {arn} (PENDING), started by an earlier deployment of this resource "
                    "that was interrupted before it finished; no second build is started"]
    assert imagebuilder_client.get_image(imageBuildVersionArn=arn)["image"]["tags"][RECORDED_TAG] == "true"


def test_an_available_leftover_is_adopted_without_waiting(imagebuilder_client, imagebuilder_admin):
    arn = leftover(imagebuilder_client)
    imagebuilder_admin.set_build_status(arn, "AVAILABLE")
    outcome = run(imagebuilder_client)
    assert outcome.reattached
    assert (outcome.outputs["imageBuildVersionArn"], outcome.outputs["finalStatus"]) == (arn, "AVAILABLE")
    assert imagebuilder_admin.counters()["GetImage"]["calls"] == 1


@pytest.mark.parametrize("case", ["recorded", "other stack", "other inputs", "no identity"])
def test_builds_of_others_are_never_picked_up(imagebuilder_client, imagebuilder_admin, case):
    if case == "recorded":
        first = run(imagebuilder_client).outputs["imageBuildVersionArn"]  # the state holds it: a forced replace
    elif case == "other stack":
        first = leftover(imagebuilder_client, urn=OTHER_URN)
    elif case == "other inputs":
        first = leftover(imagebuilder_client, inputs={**INPUTS, "enhancedImageMetadataEnabled": False})
    else:
        first = imagebuilder_client.create_image(**INPUTS, clientToken="by-hand")["imageBuildVersionArn"]
    outcome = run(imagebuilder_client)
    assert not outcome.reattached and outcome.outputs["imageBuildVersionArn"] != first
    assert len(imagebuilder_admin.builds()) == 2


def test_a_failed_leftover_is_named_and_not_reused_without_resuming(imagebuilder_client, imagebuilder_admin):
    inputs = {**INPUTS, "imageRecipeArn": DEMO_FAILS_AT_TEST_RECIPE_ARN}
    arn = leftover(imagebuilder_client, inputs=inputs)
    while imagebuilder_client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] != "FAILED":
        time.sleep(0.05)
    said = []
    outcome = run(imagebuilder_client, inputs=inputs, say=said.append, resume=False)
    assert not outcome.reattached and outcome.outputs["imageBuildVersionArn"] != arn
    assert said == [f"an earlier deployment of this resource left image build {arn}, which ended FAILED; it is not "
                    "reused (`imagebuild orphans` lists and deletes such builds)"]


def test_a_wildcard_recipe_version_skips_the_lookup(imagebuilder_client, imagebuilder_admin):
    inputs = {**INPUTS, "imageRecipeArn": INPUTS["imageRecipeArn"].rsplit("/", 1)[0] + "/x.x.x"}
    outcome = run(imagebuilder_client, inputs=inputs)
    assert not outcome.reattached and outcome.outputs["finalStatus"] == "AVAILABLE"
    assert "ListImageBuildVersions" not in imagebuilder_admin.counters()


def bad_client(service):
    return boto3.client("imagebuilder", endpoint_url=service.endpoint_url, region_name="us-east-1",
                        aws_access_key_id="AKIAWRONGWRONGWRONG0", aws_secret_access_key="wrong",
                        config=Config(retries={"total_max_attempts": 1}))


def test_rejected_credentials_are_resolved_again_once(imagebuilder_service, imagebuilder_admin):
    outcome = image_build(bad_client(imagebuilder_service), INPUTS, options=FAST,
                              renew_client=lambda: imagebuilder_service.client())
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    assert imagebuilder_admin.counters()["CreateImage"]["calls"] == 2


def test_wrong_credentials_fail_after_two_calls(imagebuilder_service, imagebuilder_admin):
    with pytest.raises(StepFailedError) as info:
        image_build(bad_client(imagebuilder_service), INPUTS, options=FAST,
                        renew_client=lambda: bad_client(imagebuilder_service))
    assert info.value.code in AUTH_ERROR_CODES and info.value.status == 403
    assert sum(c["calls"] for c in imagebuilder_admin.counters().values()) == 2


def test_botocore_makes_each_call_once(imagebuilder_service, imagebuilder_admin):
    client = make_client(region="us-east-1", endpoint_url=imagebuilder_service.endpoint_url,
                         access_key=TEST_ACCESS_KEY, secret_key=TEST_SECRET_KEY)
    imagebuilder_admin.inject_fault("ServiceException", "GetImage", count=100)
    options = WaitOptions(**{**FAST.__dict__, "max_transient_retries": 3})
    with pytest.raises(StepFailedError, match="ServiceException"):
        image_build(client, INPUTS, options=options)
    # 1 + 3 retries, none of them botocore's; then one bounded attempt to see whether the build still runs
    assert imagebuilder_admin.counters()["GetImage"]["calls"] == 5


def test_a_build_that_never_appears_fails_after_the_grace(imagebuilder_client, imagebuilder_admin):
    options = WaitOptions(**{**FAST.__dict__, "not_found_grace_seconds": 0.3})

    def vanish(old, new, image):
        raise AssertionError("never seen")

    arn_holder = []
    original = imagebuilder_client.create_image

    def create_then_remove(**kwargs):
        answer = original(**kwargs)
        imagebuilder_admin.remove_build(answer["imageBuildVersionArn"])
        arn_holder.append(answer["imageBuildVersionArn"])
        return answer

    imagebuilder_client.create_image = create_then_remove
    with pytest.raises(UnexpectedStateError, match="does not exist"):
        image_build(imagebuilder_client, INPUTS, options=options, on_transition=vanish)
    assert imagebuilder_admin.counters()["GetImage"]["calls"] >= 2



def test_a_role_that_may_not_list_builds_loses_only_the_reattach(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.inject_fault("AccessDeniedException", "ListImageBuildVersions", rate=1.0)
    said = []
    outcome = run(imagebuilder_client, say=said.append)
    assert outcome.outputs["finalStatus"] == "AVAILABLE" and not outcome.reattached
    assert len(said) == 1 and said[0].startswith("could not look for a build left by an interrupted deployment "
                                                 "(ListImageBuildVersions failed: AccessDeniedException")
    assert said[0].endswith("grant imagebuilder:ListImageBuildVersions so that a rerun never pays for a second build")
    assert imagebuilder_admin.counters()["ListImageBuildVersions"]["calls"] == 1  # not retried: not transient


def test_a_pipeline_run_reattaches_too(imagebuilder_client, imagebuilder_admin):
    identity = Identity.of(URN.replace("ImageBuild", "PipelineBuild"), {"imagePipelineArn": DEMO_PIPELINE_ARN})
    arn = imagebuilder_client.start_image_pipeline_execution(
        imagePipelineArn=DEMO_PIPELINE_ARN, clientToken="killed-run", tags=identity.tags())["imageBuildVersionArn"]
    said = []
    outcome = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, {"team": "web"}, options=FAST,
                                 identity=identity, say=said.append)
    assert outcome.reattached and outcome.outputs["imageBuildVersionArn"] == arn
    assert outcome.outputs["finalStatus"] == "AVAILABLE" and said[0].startswith(f"reattached to image build {arn}")
    assert imagebuilder_admin.counters()["StartImagePipelineExecution"]["calls"] == 1
    again = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, identity=identity)
    assert not again.reattached and again.outputs["imageBuildVersionArn"] != arn  # the first one is recorded now


def test_a_build_hidden_right_after_create_is_waited_out(imagebuilder_client, imagebuilder_admin):
    imagebuilder_admin.set_not_found_after_create(calls=3)
    outcome = image_build(imagebuilder_client, INPUTS, options=FAST)
    assert outcome.outputs["finalStatus"] == "AVAILABLE"
    counters = imagebuilder_admin.counters()
    assert counters["GetImage"]["faultsByKind"] == {"notFoundAfterCreate": 3}
    assert counters["CreateImage"]["calls"] == 1


def others(client, count, inputs=INPUTS):
    """``count`` builds of the same image version that are not this resource's (no identity tags)."""
    return [client.create_image(**inputs)["imageBuildVersionArn"] for _ in range(count)]


def list_calls(client):
    """The parameters of every ListImageBuildVersions call ``client`` makes from now on."""
    seen = []
    client.meta.events.register("provide-client-params.imagebuilder.ListImageBuildVersions",
                                lambda params, **_: seen.append(dict(params)))
    return seen


def test_a_leftover_past_the_second_page_is_found_in_pages_of_100_whatever_their_order(imagebuilder_client,
                                                                                      imagebuilder_admin):
    """The issue's case: past 50 builds of one image version the lookup read two pages of 25 and missed the
    leftover. Now every page is read, as large as the model allows, in whatever order the service answers."""
    others(imagebuilder_client, 230)
    arn = leftover(imagebuilder_client)
    others(imagebuilder_client, 30)
    imagebuilder_admin.set_listing(shuffled=True, short_pages=True, seed=11)
    calls = list_calls(imagebuilder_client)
    outcome = run(imagebuilder_client)
    assert outcome.reattached and outcome.outputs["imageBuildVersionArn"] == arn
    assert imagebuilder_admin.counters()["CreateImage"]["calls"] == 261  # no second build for this resource
    assert {c["maxResults"] for c in calls} == {100} and len(calls) >= 3  # 261 builds, pages of 1 to 100


def test_of_several_reusable_leftovers_the_highest_build_number_is_taken_in_any_order(imagebuilder_client,
                                                                                       imagebuilder_admin):
    first = leftover(imagebuilder_client)
    others(imagebuilder_client, 120)
    newest = leftover(imagebuilder_client, token="killed-again")
    imagebuilder_admin.set_build_status(first, "AVAILABLE")
    for seed in (1, 2, 3):
        imagebuilder_admin.set_listing(shuffled=True, seed=seed)
        found = find_leftover(Caller(imagebuilder_client), Identity.of(URN, INPUTS), INPUTS["imageRecipeArn"])
        assert [(f.arn, f.number) for f in found.leftovers] == [(newest, 122), (first, 1)] and found.complete
    assert run(imagebuilder_client).outputs["imageBuildVersionArn"] == newest


def test_the_lookup_stops_at_its_bound_and_says_so_on_the_row(imagebuilder_client, imagebuilder_admin):
    others(imagebuilder_client, MAX_BUILDS_READ)
    beyond = leftover(imagebuilder_client)  # build 1001: on the eleventh page
    calls = list_calls(imagebuilder_client)
    recorder = Recorder()
    outcome = run(imagebuilder_client, observer=recorder)
    assert not outcome.reattached and outcome.outputs["imageBuildVersionArn"] != beyond
    assert len(calls) == MAX_PAGES == 10
    version = INPUTS["imageRecipeArn"].replace(":image-recipe/", ":image/")
    assert ("warning", f"looked for a build left by an interrupted deployment in the first 10 pages of builds of "
                       f"{version} only (the lookup's bound, 1000 builds at most) and found none: one left among the "
                       "others would not be reused (`imagebuild orphans` lists such builds)") in recorder.lines


def test_a_pipeline_run_left_with_other_triggers_is_not_reattached(imagebuilder_client, imagebuilder_admin):
    """The issue's case: triggers were not part of a PipelineBuild's identity, so after a killed run a trigger change
    reattached to the old run instead of running the pipeline again."""
    urn = URN.replace("ImageBuild", "PipelineBuild")
    kind = PipelineBuildKind()

    def identity(triggers):
        return Identity.of(urn, kind.identity_members({"imagePipelineArn": DEMO_PIPELINE_ARN, "triggers": triggers}))

    left = imagebuilder_client.start_image_pipeline_execution(
        imagePipelineArn=DEMO_PIPELINE_ARN, clientToken="killed-run",
        tags=identity({"release": 1.0}).tags())["imageBuildVersionArn"]
    changed = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, identity=identity({"release": 2}))
    assert not changed.reattached and changed.outputs["imageBuildVersionArn"] != left
    same = pipeline_build(imagebuilder_client, DEMO_PIPELINE_ARN, options=FAST, identity=identity({"release": 1}))
    assert same.reattached and same.outputs["imageBuildVersionArn"] == left  # 1.0 from the engine is 1
    assert imagebuilder_admin.counters()["StartImagePipelineExecution"]["calls"] == 2
