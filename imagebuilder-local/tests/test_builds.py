"""Builds through boto3: every operation and scenario, responses checked against the model."""

from __future__ import annotations

import re
import time
import uuid

import pytest

from imagebuilder_local import (
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_FAILS_DISTRIBUTION_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
    DEMO_SINGLE_REGION_DISTRIBUTION_ARN,
)

from imagebuilder_local.models.builds import CANCEL_SECONDS

from .helpers import raw_request, statuses_seen, wait_for

FINAL = {"AVAILABLE", "FAILED", "CANCELLED"}
AMI_ID = re.compile(r"^ami-[0-9a-f]{17}$")
LIFECYCLE_ROLE = "arn:aws:iam::123456789012:role/ImageBuilderLifecycleExecutionRole"


def create(client, recipe=DEMO_IMAGE_RECIPE_ARN, dist=None, **extra):
    params = {"infrastructureConfigurationArn": DEMO_INFRASTRUCTURE_ARN, **extra}
    params["containerRecipeArn" if ":container-recipe/" in recipe else "imageRecipeArn"] = recipe
    if dist:
        params["distributionConfigurationArn"] = dist
    return client.create_image(**params)


def test_a_build_walks_every_stage_to_available_with_an_ami_per_region(client):
    created = create(client, dist=DEMO_MULTI_REGION_DISTRIBUTION_ARN, tags={"team": "platform"})
    arn = created["imageBuildVersionArn"]
    assert arn == "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/1"
    assert created["requestId"] and created["clientToken"]
    seen = statuses_seen(client, arn, FINAL)
    assert seen[-1] == "AVAILABLE"
    order = ["PENDING", "CREATING", "BUILDING", "TESTING", "DISTRIBUTING", "INTEGRATING", "AVAILABLE"]
    assert seen == [s for s in order if s in seen] and {"BUILDING", "TESTING", "DISTRIBUTING"} <= set(seen)
    image = client.get_image(imageBuildVersionArn=arn)["image"]
    amis = image["outputResources"]["amis"]
    assert [a["region"] for a in amis] == ["us-east-1", "eu-west-1"]
    assert all(AMI_ID.match(a["image"]) and a["accountId"] == "123456789012" and a["name"] for a in amis)
    assert len({a["image"] for a in amis}) == 2
    assert image["type"] == "AMI" and image["version"] == "1.0.0/1" and image["name"] == "demo-al2023"
    assert image["imageRecipe"]["arn"] == DEMO_IMAGE_RECIPE_ARN
    assert image["infrastructureConfiguration"]["arn"] == DEMO_INFRASTRUCTURE_ARN
    assert image["distributionConfiguration"]["arn"] == DEMO_MULTI_REGION_DISTRIBUTION_ARN
    assert image["buildType"] == "USER_INITIATED" and image["tags"] == {"team": "platform"}
    assert image["platform"] == "Linux" and image["osVersion"] == "Amazon Linux 2023"


@pytest.mark.parametrize("dist, regions", [(DEMO_SINGLE_REGION_DISTRIBUTION_ARN, ["us-east-1"]), (None, ["us-east-1"])])
def test_single_region_and_no_distribution_give_one_ami(client, dist, regions):
    """distributionConfigurationArn: "If you don't specify a distribution configuration, Image Builder creates the
    output image only in the account and Amazon Web Services Region where the build runs."
    """
    arn = create(client, dist=dist)["imageBuildVersionArn"]
    image = wait_for(client, arn, FINAL)
    assert [a["region"] for a in image["outputResources"]["amis"]] == regions
    assert {a["accountId"] for a in image["outputResources"]["amis"]} == {"123456789012"}
    assert ("distributionConfiguration" in image) == bool(dist)


def test_enhanced_image_metadata_is_on_unless_turned_off(client):
    """enhancedImageMetadataEnabled: defaults to true ("Defaults to true.")."""
    default = client.get_image(imageBuildVersionArn=create(client)["imageBuildVersionArn"])["image"]
    off = client.get_image(imageBuildVersionArn=create(client, enhancedImageMetadataEnabled=False)[
        "imageBuildVersionArn"])["image"]
    assert (default["enhancedImageMetadataEnabled"], off["enhancedImageMetadataEnabled"]) == (True, False)


def test_build_numbers_increment_per_recipe_version(client):
    arns = [create(client)["imageBuildVersionArn"] for _ in range(3)]
    assert [a.rsplit("/", 1)[1] for a in arns] == ["1", "2", "3"]
    other = create(client, DEMO_HANGS_RECIPE_ARN)["imageBuildVersionArn"]
    assert other.endswith("image/demo-hangs/1.0.0/1")


def test_container_recipe_outputs_image_uris(client):
    arn = create(client, DEMO_CONTAINER_RECIPE_ARN)["imageBuildVersionArn"]
    image = wait_for(client, arn, FINAL)
    assert image["state"]["status"] == "AVAILABLE" and image["type"] == "DOCKER"
    (container,) = image["outputResources"]["containers"]
    assert container["region"] == "us-east-1"
    assert container["imageUris"] == ["123456789012.dkr.ecr.us-east-1.amazonaws.com/demo-container:1.0.0-1"]
    assert image["containerRecipe"]["arn"] == DEMO_CONTAINER_RECIPE_ARN


def test_fails_at_test_with_reason_and_failure_context(client):
    arn = create(client, DEMO_FAILS_AT_TEST_RECIPE_ARN)["imageBuildVersionArn"]
    seen = statuses_seen(client, arn, FINAL)
    assert seen[-2:] == ["TESTING", "FAILED"]
    image = client.get_image(imageBuildVersionArn=arn)["image"]
    state = image["state"]
    assert "Image Tests Failure" in state["reason"]
    context = state["failureContext"]
    assert context["imageStatus"] == "TESTING" and context["failedStep"]
    assert context["workflowArn"].startswith("arn:aws:imagebuilder:us-east-1:aws:workflow/test/")
    assert context["componentFailure"]["phaseName"] == "test"
    assert image["outputResources"] == {"amis": []}


def test_fails_in_distribution_with_region_failures(client):
    arn = create(client, DEMO_FAILS_DISTRIBUTION_RECIPE_ARN, DEMO_MULTI_REGION_DISTRIBUTION_ARN)["imageBuildVersionArn"]
    image = wait_for(client, arn, FINAL)
    assert image["state"]["status"] == "FAILED"
    failure = image["state"]["failureContext"]["distributionFailure"]
    assert failure["regionFailures"][0]["region"] == "eu-west-1"
    assert failure["regionFailures"][0]["status"] == "FAILED"


def test_hanging_build_stays_building_and_can_be_cancelled(client, imagebuilder_admin):
    arn = create(client, DEMO_HANGS_RECIPE_ARN)["imageBuildVersionArn"]
    imagebuilder_admin.set_time_scale(0.0001)  # 45 modeled minutes pass in 0.27 s
    time.sleep(0.6)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] == "BUILDING"
    with pytest.raises(client.exceptions.ResourceDependencyException, match="being created"):
        client.delete_image(imageBuildVersionArn=arn)
    client.cancel_image_creation(imageBuildVersionArn=arn)
    state = wait_for(client, arn, FINAL)["state"]
    assert state["status"] == "CANCELLED" and "cancelled" in state["reason"]
    with pytest.raises(client.exceptions.InvalidRequestException, match="CANCELLED"):
        client.cancel_image_creation(imageBuildVersionArn=arn)
    assert client.delete_image(imageBuildVersionArn=arn)["imageBuildVersionArn"] == arn
    with pytest.raises(client.exceptions.ResourceNotFoundException, match=re.escape(arn)):
        client.get_image(imageBuildVersionArn=arn)


def test_a_cancel_is_asynchronous_and_a_build_that_ends_first_keeps_its_end(client, imagebuilder_admin):
    """CancelImageCreation: "Cancellation is asynchronous: the request returns immediately, then Image Builder stops
    the running build and moves the image to the CANCELLED state." Here 30 s of modeled time later."""
    imagebuilder_admin.set_time_scale(1.0)  # a modeled second is a real one: the build does not move meanwhile
    arn = create(client, DEMO_HANGS_RECIPE_ARN)["imageBuildVersionArn"]
    client.cancel_image_creation(imageBuildVersionArn=arn)
    assert client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"] == "PENDING"
    client.cancel_image_creation(imageBuildVersionArn=arn)  # still running: a second request is accepted
    imagebuilder_admin.set_time_scale(0.0004)
    assert wait_for(client, arn, FINAL)["state"]["status"] == "CANCELLED"
    imagebuilder_admin.set_time_scale(0.01)
    imagebuilder_admin.set_scenario({"outcome": "succeed", "buildMinutes": CANCEL_SECONDS / 2 / 60})
    ending = create(client)["imageBuildVersionArn"]  # 15 modeled seconds long: it ends before the cancel lands
    client.cancel_image_creation(imageBuildVersionArn=ending)
    assert wait_for(client, ending, FINAL)["state"]["status"] == "AVAILABLE"


def test_cancel_after_available_is_refused(client):
    arn = create(client)["imageBuildVersionArn"]
    wait_for(client, arn, FINAL)
    with pytest.raises(client.exceptions.InvalidRequestException, match="AVAILABLE"):
        client.cancel_image_creation(imageBuildVersionArn=arn)


def test_unknown_arns_are_not_found_and_name_the_arn(client):
    missing = "arn:aws:imagebuilder:us-east-1:123456789012:image/nope/1.0.0/1"
    for call in (lambda: client.get_image(imageBuildVersionArn=missing),
                 lambda: client.delete_image(imageBuildVersionArn=missing),
                 lambda: client.cancel_image_creation(imageBuildVersionArn=missing),
                 lambda: client.list_tags_for_resource(resourceArn=missing)):
        with pytest.raises(client.exceptions.ResourceNotFoundException, match=re.escape(missing)):
            call()
    recipe = DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023", "no-such-recipe")
    with pytest.raises(client.exceptions.ResourceNotFoundException, match=re.escape(recipe)):
        create(client, recipe)
    infra = DEMO_INFRASTRUCTURE_ARN + "-x"
    with pytest.raises(client.exceptions.ResourceNotFoundException, match=re.escape(infra)):
        client.create_image(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN, infrastructureConfigurationArn=infra)


def test_create_needs_exactly_one_recipe(client):
    with pytest.raises(client.exceptions.InvalidRequestException, match="exactly one"):
        client.create_image(infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)


def test_wildcard_recipe_version_resolves_to_the_newest(client, imagebuilder_admin):
    imagebuilder_admin.add_catalog({"imageRecipes": [
        {"name": "demo-al2023", "version": "1.2.0", "parentImage": "x",
         "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}]}]})
    arn = create(client, DEMO_IMAGE_RECIPE_ARN.replace("1.0.0", "1.x.x"))["imageBuildVersionArn"]
    assert arn.endswith("image/demo-al2023/1.2.0/1")


def test_client_token_idempotency(client, imagebuilder_admin):
    token = str(uuid.uuid4())
    first = create(client, clientToken=token)
    again = create(client, clientToken=token)
    assert again["imageBuildVersionArn"] == first["imageBuildVersionArn"] and again["clientToken"] == token
    assert len(imagebuilder_admin.builds()) == 1
    with pytest.raises(client.exceptions.IdempotentParameterMismatchException):
        create(client, dist=DEMO_SINGLE_REGION_DISTRIBUTION_ARN, clientToken=token)
    cancel_token = str(uuid.uuid4())
    arn = first["imageBuildVersionArn"]
    client.cancel_image_creation(imageBuildVersionArn=arn, clientToken=cancel_token)
    assert client.cancel_image_creation(imageBuildVersionArn=arn, clientToken=cancel_token)["imageBuildVersionArn"] == arn


def test_list_image_build_versions_filters_and_pages(client):
    for _ in range(3):
        create(client)
    create(client, DEMO_CONTAINER_RECIPE_ARN)
    version = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0"
    page = client.list_image_build_versions(imageVersionArn=version, maxResults=2)
    assert [s["arn"].rsplit("/", 1)[1] for s in page["imageSummaryList"]] == ["1", "2"]
    rest = client.list_image_build_versions(imageVersionArn=version, maxResults=2, nextToken=page["nextToken"])
    assert [s["arn"].rsplit("/", 1)[1] for s in rest["imageSummaryList"]] == ["3"] and "nextToken" not in rest
    docker = client.list_image_build_versions(filters=[{"name": "type", "values": ["DOCKER"]}])
    assert [s["name"] for s in docker["imageSummaryList"]] == ["demo-container"]
    assert client.list_image_build_versions()["imageSummaryList"][0]["owner"] == "123456789012"
    with pytest.raises(client.exceptions.InvalidPaginationTokenException):
        client.list_image_build_versions(imageVersionArn=version, nextToken="garbage")
    with pytest.raises(client.exceptions.InvalidRequestException, match="filter"):
        client.list_image_build_versions(filters=[{"name": "colour", "values": ["red"]}])


def test_tags_on_builds_and_catalog_resources(client):
    arn = create(client, tags={"a": "1"})["imageBuildVersionArn"]
    client.tag_resource(resourceArn=arn, tags={"b": "2"})
    assert client.list_tags_for_resource(resourceArn=arn)["tags"] == {"a": "1", "b": "2"}
    client.untag_resource(resourceArn=arn, tagKeys=["a", "b"])
    assert client.list_tags_for_resource(resourceArn=arn).get("tags", {}) == {}
    client.tag_resource(resourceArn=DEMO_INFRASTRUCTURE_ARN, tags={"env": "test"})
    infra = client.get_infrastructure_configuration(infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)
    assert infra["infrastructureConfiguration"]["tags"] == {"env": "test"}


def test_catalog_getters(client):
    recipe = client.get_image_recipe(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN)["imageRecipe"]
    assert recipe["name"] == "demo-al2023" and recipe["owner"] == "123456789012"
    container = client.get_container_recipe(containerRecipeArn=DEMO_CONTAINER_RECIPE_ARN)["containerRecipe"]
    assert container["targetRepository"]["repositoryName"] == "demo-container"
    dist = client.get_distribution_configuration(distributionConfigurationArn=DEMO_MULTI_REGION_DISTRIBUTION_ARN)
    assert [d["region"] for d in dist["distributionConfiguration"]["distributions"]] == ["us-east-1", "eu-west-1"]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image_recipe(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN.replace("1.0.0", "9.9.9"))


def test_resource_state_update_deletes_amis_through_a_lifecycle_execution(client, imagebuilder_admin):
    arn = create(client, dist=DEMO_MULTI_REGION_DISTRIBUTION_ARN)["imageBuildVersionArn"]
    wait_for(client, arn, FINAL)
    started = client.start_resource_state_update(
        resourceArn=arn, state={"status": "DELETED"}, includeResources={"amis": True, "snapshots": True},
        executionRole=LIFECYCLE_ROLE)
    execution_id = started["lifecycleExecutionId"]
    assert started["resourceArn"] == arn and execution_id.startswith("lce-")
    first = client.get_lifecycle_execution(lifecycleExecutionId=execution_id)["lifecycleExecution"]
    assert first["state"]["status"] == "IN_PROGRESS"
    imagebuilder_admin.set_time_scale(0.0001)
    deadline = time.monotonic() + 5
    while client.get_lifecycle_execution(lifecycleExecutionId=execution_id)[
            "lifecycleExecution"]["state"]["status"] != "SUCCESS":
        assert time.monotonic() < deadline
        time.sleep(0.02)
    done = client.get_lifecycle_execution(lifecycleExecutionId=execution_id)["lifecycleExecution"]
    assert done["resourcesImpactedSummary"]["hasImpactedResources"] is True and "endTime" in done
    image = client.get_image(imageBuildVersionArn=arn)["image"]
    assert image["state"]["status"] == "DELETED" and image["lifecycleExecutionId"] == execution_id
    assert {a["state"]["status"] for a in image["outputResources"]["amis"]} == {"DELETED"}
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_lifecycle_execution(lifecycleExecutionId="lce-00000000-0000-0000-0000-000000000000")


def test_resource_state_update_refuses_a_running_build(client):
    arn = create(client, DEMO_HANGS_RECIPE_ARN)["imageBuildVersionArn"]
    with pytest.raises(client.exceptions.ResourceInUseException):
        client.start_resource_state_update(resourceArn=arn, state={"status": "DISABLED"})


def test_admin_scenarios_for_a_recipe_and_for_the_next_build(client, imagebuilder_admin):
    context = {"imageStatus": "BUILDING", "failedStep": "ApplyBuildComponents"}
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "BUILDING", "reason": "disk full",
                                     "failureContext": context}, DEMO_IMAGE_RECIPE_ARN)
    imagebuilder_admin.set_scenario({"outcome": "cancel", "stage": "CREATING"})
    cancelled = create(client)["imageBuildVersionArn"]
    failed = create(client)["imageBuildVersionArn"]
    assert wait_for(client, cancelled, FINAL)["state"]["status"] == "CANCELLED"
    state = wait_for(client, failed, FINAL)["state"]
    assert state == {"status": "FAILED", "reason": "disk full", "failureContext": context}
    imagebuilder_admin.set_scenario(None, DEMO_IMAGE_RECIPE_ARN)
    assert wait_for(client, create(client)["imageBuildVersionArn"], FINAL)["state"]["status"] == "AVAILABLE"


def test_out_of_band_status_changes_and_removal(client, imagebuilder_admin):
    arns = [create(client)["imageBuildVersionArn"] for _ in range(3)]
    wait_for(client, arns[-1], FINAL)
    imagebuilder_admin.set_build_status(arns[0], "DELETED")
    imagebuilder_admin.set_build_status(arns[1], "DISABLED", "disabled by an administrator")
    imagebuilder_admin.remove_build(arns[2])
    assert client.get_image(imageBuildVersionArn=arns[0])["image"]["state"]["status"] == "DELETED"
    assert client.get_image(imageBuildVersionArn=arns[1])["image"]["state"] == {
        "status": "DISABLED", "reason": "disabled by an administrator"}
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_image(imageBuildVersionArn=arns[2])


def test_tests_disabled_skips_testing(client):
    arn = create(client, imageTestsConfiguration={"imageTestsEnabled": False})["imageBuildVersionArn"]
    seen = statuses_seen(client, arn, FINAL)
    assert "TESTING" not in seen and seen[-1] == "AVAILABLE"


@pytest.mark.parametrize("given, stored", [
    ({"imageTestsEnabled": False}, {"imageTestsEnabled": False, "timeoutMinutes": 720}),
    ({"timeoutMinutes": 90}, {"imageTestsEnabled": True, "timeoutMinutes": 90}),
    (None, {"imageTestsEnabled": True, "timeoutMinutes": 720}),
])
def test_image_tests_configuration_is_stored_with_its_documented_defaults(client, given, stored):
    arn = create(client, **({"imageTestsConfiguration": given} if given else {}))["imageBuildVersionArn"]
    assert client.get_image(imageBuildVersionArn=arn)["image"]["imageTestsConfiguration"] == stored


def test_list_filters_are_exactly_the_documented_ones(client, imagebuilder_admin):
    imagebuilder_admin.add_catalog({"imageRecipes": [
        {"name": "demo-al2023", "version": "2.0.0", "parentImage": "x",
         "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}]}]})
    create(client)
    create(client)
    newer = create(client, DEMO_IMAGE_RECIPE_ARN.replace("1.0.0", "2.0.0"))["imageBuildVersionArn"]
    create(client, DEMO_CONTAINER_RECIPE_ARN)

    def listed(name, *values):
        found = client.list_image_build_versions(filters=[{"name": name, "values": list(values)}])
        return [s["arn"].split("/", 1)[1] for s in found["imageSummaryList"]]

    assert listed("version", "2.0.0") == [newer.split("/", 1)[1]]
    assert listed("version", "1.0.0/2") == ["demo-al2023/1.0.0/2"]
    assert listed("name", "demo-container") == ["demo-container/1.0.0/1"]
    assert len(listed("platform", "Linux")) == 4 and len(listed("osVersion", "Amazon Linux 2023")) == 4
    assert listed("type", "AMI") == ["demo-al2023/1.0.0/1", "demo-al2023/1.0.0/2", "demo-al2023/2.0.0/1"]
    for undocumented in ("buildType", "imageSource", "colour"):
        with pytest.raises(client.exceptions.InvalidRequestException,
                           match=f"filter name '{undocumented}' is not supported; use one of name, osVersion, "
                                 "platform, type, version"):
            listed(undocumented, "x")


def test_get_image_resolves_version_and_wildcard_arns_to_the_latest_available_build(client, imagebuilder_admin):
    imagebuilder_admin.add_catalog({"imageRecipes": [
        {"name": "demo-al2023", "version": "1.2.0", "parentImage": "x",
         "components": [{"componentArn": "arn:aws:imagebuilder:${region}:aws:component/update-linux/x.x.x"}]}]})
    newer_recipe = DEMO_IMAGE_RECIPE_ARN.replace("1.0.0", "1.2.0")
    first = create(client)["imageBuildVersionArn"]
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "BUILDING"})
    failed = create(client)["imageBuildVersionArn"]
    newest_available = create(client, newer_recipe)["imageBuildVersionArn"]
    disabled = create(client, newer_recipe)["imageBuildVersionArn"]
    for arn in (first, failed, newest_available, disabled):
        wait_for(client, arn, FINAL)
    imagebuilder_admin.set_build_status(disabled, "DISABLED")
    image = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023"

    def resolved(version):
        return client.get_image(imageBuildVersionArn=f"{image}/{version}")["image"]["arn"]

    assert resolved("1.0.0") == resolved("1.0.x") == first
    assert resolved("x.x.x") == resolved("1.x.x") == resolved("1.2.0") == newest_available
    assert client.get_image(imageBuildVersionArn=failed)["image"]["state"]["status"] == "FAILED"
    with pytest.raises(client.exceptions.ResourceNotFoundException, match=re.escape(f"{image}/2.x.x")):
        resolved("2.x.x")


def _status(client, arn):
    return client.get_image(imageBuildVersionArn=arn)["image"]["state"]["status"]


def test_state_updates_without_underlying_resources_apply_at_once(client):
    arn = create(client)["imageBuildVersionArn"]
    wait_for(client, arn, FINAL)
    for target in ("DEPRECATED", "AVAILABLE", "DISABLED"):
        response = client.start_resource_state_update(resourceArn=arn, state={"status": target})
        assert response["resourceArn"] == arn and "lifecycleExecutionId" not in response
        assert _status(client, arn) == target


def test_state_updates_the_documentation_does_not_allow_are_refused(client, imagebuilder_admin):
    available = create(client)["imageBuildVersionArn"]
    imagebuilder_admin.set_scenario({"outcome": "fail", "stage": "CREATING"})
    failed = create(client)["imageBuildVersionArn"]
    container = create(client, DEMO_CONTAINER_RECIPE_ARN)["imageBuildVersionArn"]
    for arn in (available, failed, container):
        wait_for(client, arn, FINAL)
    refused = [
        (failed, {"state": {"status": "DISABLED"}}, "can only be set to DELETED"),
        (container, {"state": {"status": "DEPRECATED"}}, "only DELETED is supported"),
        (available, {"state": {"status": "DELETED"}}, "use DeleteImage"),
        (available, {"state": {"status": "DISABLED"}, "includeResources": {"snapshots": True},
                     "executionRole": LIFECYCLE_ROLE}, "only be included for DELETED"),
        (available, {"state": {"status": "DISABLED"}, "updateAt": time.time() + 3600}, "only for DEPRECATED"),
        (available, {"state": {"status": "DEPRECATED"}, "updateAt": time.time() - 60}, "in the future"),
    ]
    for arn, request, why in refused:
        with pytest.raises(client.exceptions.InvalidRequestException, match=why):
            client.start_resource_state_update(resourceArn=arn, **request)
    assert [_status(client, a) for a in (available, failed, container)] == ["AVAILABLE", "FAILED", "AVAILABLE"]
    started = client.start_resource_state_update(resourceArn=failed, state={"status": "DELETED"},
                                                 includeResources={"amis": True}, executionRole=LIFECYCLE_ROLE)
    assert started["lifecycleExecutionId"].startswith("lce-")
    with pytest.raises(client.exceptions.ResourceInUseException, match="lifecycle execution in progress"):
        client.start_resource_state_update(resourceArn=failed, state={"status": "DELETED"},
                                           includeResources={"amis": True, "snapshots": True},
                                           executionRole=LIFECYCLE_ROLE)


def test_execution_role_and_include_resources_come_together_or_not_at_all(client):
    """executionRole: "You must provide this property together with includeResources. Neither is valid without
    the other." Refused before the image is looked at, and nothing changes."""
    arn = create(client)["imageBuildVersionArn"]
    wait_for(client, arn, FINAL)
    for request, why in (({"includeResources": {"amis": True}}, "includeResources is not valid without executionRole"),
                         ({"executionRole": LIFECYCLE_ROLE}, "executionRole is not valid without includeResources")):
        with pytest.raises(client.exceptions.InvalidRequestException, match=why):
            client.start_resource_state_update(resourceArn=arn, state={"status": "DELETED"}, **request)
    with pytest.raises(client.exceptions.InvalidRequestException, match="executionRole is not valid without"):
        client.start_resource_state_update(resourceArn=arn.replace("/1.0.0/", "/9.9.9/"), state={"status": "DISABLED"},
                                           executionRole="ImageBuilderLifecycleExecutionRole")
    assert _status(client, arn) == "AVAILABLE"
    started = client.start_resource_state_update(resourceArn=arn, state={"status": "DELETED"},
                                                 includeResources={"amis": True}, executionRole=LIFECYCLE_ROLE)
    assert started["lifecycleExecutionId"].startswith("lce-")


def test_a_scheduled_deprecation_runs_as_a_lifecycle_execution(client, imagebuilder_admin):
    arn = create(client)["imageBuildVersionArn"]
    wait_for(client, arn, FINAL)
    started = client.start_resource_state_update(resourceArn=arn, state={"status": "DEPRECATED"},
                                                 updateAt=time.time() + 0.5)
    execution = client.get_lifecycle_execution(lifecycleExecutionId=started["lifecycleExecutionId"])
    assert execution["lifecycleExecution"]["state"]["status"] == "IN_PROGRESS"
    assert _status(client, arn) == "AVAILABLE"
    time.sleep(0.7)
    assert _status(client, arn) == "DEPRECATED"
    execution = client.get_lifecycle_execution(lifecycleExecutionId=started["lifecycleExecutionId"])
    assert execution["lifecycleExecution"]["state"]["status"] == "SUCCESS"


WORKFLOW = "arn:aws:imagebuilder:us-east-1:aws:workflow/{}/x.x.x"
ROLE = "arn:aws:iam::123456789012:role/ImageBuilderWorkflowRole"


@pytest.mark.parametrize("request_members, why", [
    ({"workflows": [{"workflowArn": WORKFLOW.format("build/build-image")}]},
     "executionRole is required when workflows are given"),
    ({"workflows": [{"workflowArn": WORKFLOW.format("build/build-image"), "parallelGroup": "a"}], "executionRole": ROLE},
     "workflows.1.parallelGroup can only be set for test workflows"),
    ({"workflows": [{"workflowArn": WORKFLOW.format("test/test-image")},
                    {"workflowArn": WORKFLOW.format("distribution/distribute-image"), "onFailure": "CONTINUE"}],
      "executionRole": ROLE}, "workflows.2.onFailure can only be set for test workflows"),
    ({"imageTestsConfiguration": {"imageTestsEnabled": False}, "imageScanningConfiguration": {"imageScanningEnabled": True}},
     "imageScanningEnabled requires image tests"),
    ({"imageScanningConfiguration": {"imageScanningEnabled": True, "scanResultCondition": {"maximumSeverityLabel": "HIGH"}}},
     "scanResultCondition can only be set when imageScanningTypes is ON_DEMAND_AMI_CVE"),
    ({"imageScanningConfiguration": {"imageScanningTypes": ["TEST_INSTANCE_CVE"],
                                     "scanResultCondition": {"maximumSeverityLabel": "LOW"}}},
     "scanResultCondition can only be set"),
    ({"imageScanningConfiguration": {"imageScanningEnabled": True, "ecrConfiguration": {
        "repositoryName": "123456789012.dkr.ecr.us-east-1.amazonaws.com/scans"}}}, "without the registry hostname"),
    ({"loggingConfiguration": {"logGroupName": "/team/builds"}}, "outside the /aws/imagebuilder/ namespace"),
])
def test_create_image_refuses_what_the_model_documents_as_invalid(client, request_members, why):
    with pytest.raises(client.exceptions.InvalidRequestException, match=re.escape(why)):
        create(client, **request_members)
    assert client.list_image_build_versions()["imageSummaryList"] == []


def test_an_on_demand_ami_scan_needs_an_image_recipe(client):
    scanning = {"imageScanningEnabled": True, "imageScanningTypes": ["ON_DEMAND_AMI_CVE"]}
    with pytest.raises(client.exceptions.InvalidRequestException, match="ON_DEMAND_AMI_CVE requires an imageRecipeArn"):
        create(client, DEMO_CONTAINER_RECIPE_ARN, imageScanningConfiguration=scanning)
    create(client, imageScanningConfiguration={**scanning, "scanResultCondition": {"maximumSeverityLabel": "HIGH"}})


def test_create_image_accepts_what_the_documented_rules_allow(client):
    """The other side of each rule: a test workflow's parallelGroup and onFailure, a namespaced log group without a
    role, one outside it with one, a repository path with a namespace."""
    create(client, workflows=[{"workflowArn": WORKFLOW.format("build/build-image")},
                              {"workflowArn": WORKFLOW.format("test/test-image"), "parallelGroup": "a",
                               "onFailure": "CONTINUE"}], executionRole=ROLE)
    create(client, loggingConfiguration={"logGroupName": "/aws/imagebuilder/demo"})
    create(client, loggingConfiguration={"logGroupName": "/team/builds"}, executionRole=ROLE)
    create(client, imageScanningConfiguration={"imageScanningEnabled": True,
                                               "ecrConfiguration": {"repositoryName": "team/scans"}})
    assert len(client.list_image_build_versions()["imageSummaryList"]) == 4


def test_the_name_filter_takes_a_wildcard_at_the_end_or_at_both_ends_only(client):
    """Filter values: "The name filter can use a wildcard: web* matches names that begin with web, and *web* matches
    names that contain web. The wildcard isn't supported in other positions or in other filters."
    """
    create(client)
    create(client, DEMO_CONTAINER_RECIPE_ARN)

    def names(value: str, name: str = "name") -> list[str]:
        found = client.list_image_build_versions(filters=[{"name": name, "values": [value]}])["imageSummaryList"]
        return sorted(s["name"] for s in found)

    assert names("demo-*") == ["demo-al2023", "demo-container"]
    assert names("*contain*") == ["demo-container"]
    assert names("demo") == [] and names("DEMO-*") == []  # exact and case-sensitive otherwise
    for value, name in (("*demo", "name"), ("de*mo", "name"), ("Lin*", "platform")):
        with pytest.raises(client.exceptions.InvalidRequestException, match="wildcard"):
            names(value, name)


def test_pages_can_come_shuffled_and_short_and_still_list_every_build_once(client, imagebuilder_admin):
    """maxResults: "A page can contain fewer items than the maximum, with a nextToken to continue paging."; no order
    is documented. Under the admin API's listing every build still comes exactly once."""
    arns = [create(client)["imageBuildVersionArn"] for _ in range(12)]
    imagebuilder_admin.set_listing(shuffled=True, short_pages=True, seed=3)
    assert imagebuilder_admin.listing() == {"shuffled": True, "shortPages": True, "seed": 3}
    seen, sizes, token = [], [], None
    while True:
        page = client.list_image_build_versions(maxResults=5, **({"nextToken": token} if token else {}))
        seen += [s["arn"] for s in page["imageSummaryList"]]
        sizes.append(len(page["imageSummaryList"]))
        token = page.get("nextToken")
        if not token:
            break
    assert sorted(seen) == sorted(arns) and seen != arns
    assert max(sizes) <= 5 and min(sizes[:-1]) < 5
    imagebuilder_admin.reset()
    assert imagebuilder_admin.listing() == {"shuffled": False, "shortPages": False, "seed": 0}


def test_a_wildcard_needs_wildcards_to_its_right(client):
    """ListImages' imageVersionList: "When you use a wildcard in any node, all nodes to the right of the first wildcard
    must also be wildcards." For GetImage's version ARNs, CreateImage's recipe and workflow ARNs alike."""
    arn = create(client)["imageBuildVersionArn"]
    wait_for(client, arn, FINAL)
    image = arn.rsplit("/", 2)[0]
    for refused in (lambda: client.get_image(imageBuildVersionArn=f"{image}/1.x.0"),
                    lambda: create(client, DEMO_IMAGE_RECIPE_ARN.replace("1.0.0", "x.0.x")),
                    lambda: create(client, workflows=[{"workflowArn": WORKFLOW.format("build/build-image").replace(
                        "x.x.x", "1.x.2")}], executionRole=ROLE)):
        with pytest.raises(client.exceptions.InvalidRequestException, match="to the right of a wildcard"):
            refused()
    assert client.get_image(imageBuildVersionArn=f"{image}/1.x.x")["image"]["arn"] == arn


def test_a_list_without_max_results_returns_up_to_25_and_at_most_100_can_be_asked(client):
    """maxResults: "If you don't specify a value, Image Builder returns up to 25 items. The largest page size that you
    can request is 100 items." (the shape RestrictedInteger: 1 to 100; 26 is a valid page size)."""
    for _ in range(27):
        create(client)
    first = client.list_image_build_versions()
    assert len(first["imageSummaryList"]) == 25 and first["nextToken"]
    assert len(client.list_image_build_versions(maxResults=26)["imageSummaryList"]) == 26
    assert len(client.list_image_build_versions(maxResults=100)["imageSummaryList"]) == 27
    for refused, bound in ((0, "greater than or equal to 1"), (101, "less than or equal to 100")):
        status, _, body = raw_request(client.meta.endpoint_url, "POST", "/ListImageBuildVersions",
                                      body={"maxResults": refused})
        assert status == 400 and f"at 'maxResults' failed to satisfy constraint: Member must have value {bound}" \
            in body["message"]
    with pytest.raises(client.exceptions.ClientError, match="pattern"):
        client.list_image_build_versions(imageVersionArn=DEMO_IMAGE_RECIPE_ARN.replace(
            ":image-recipe/", ":image/").replace("1.0.0", "1.x.x"))  # "wildcards aren't allowed"


def test_an_arn_holds_the_name_in_lower_case_with_hyphens_and_the_name_filter_the_name_as_given(client,
                                                                                               imagebuilder_admin):
    """Filter name: "It doesn't match the name segment of the resource ARN, which Image Builder converts to lowercase
    with hyphens in place of spaces and underscores. For example, a resource named My Image has an ARN that contains
    my-image - filter on My Image to find it."
    """
    (recipe,) = imagebuilder_admin.add_catalog({"imageRecipes": [{"name": "My Image_1", "version": "1.0.0"}]})
    assert recipe == "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-image-1/1.0.0"
    arn = create(client, recipe)["imageBuildVersionArn"]
    assert arn == "arn:aws:imagebuilder:us-east-1:123456789012:image/my-image-1/1.0.0/1"
    found = client.list_image_build_versions(filters=[{"name": "name", "values": ["My Image_1"]}])
    assert [s["arn"] for s in found["imageSummaryList"]] == [arn]
    assert client.list_image_build_versions(filters=[{"name": "name", "values": ["my-image-1"]}])[
        "imageSummaryList"] == []
