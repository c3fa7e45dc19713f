"""Each provider method against the local Image Builder service."""

from __future__ import annotations

import pytest

from imagebuilder_local import (
    DEMO_CONTAINER_RECIPE_ARN,
    DEMO_FAILS_AT_TEST_RECIPE_ARN,
    DEMO_FAILS_DISTRIBUTION_RECIPE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_IMAGE_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_MULTI_REGION_DISTRIBUTION_ARN,
)
from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY, demo_arn_in
from imagebuild_resource.inputs.table import with_defaults
from imagebuild_resource.providers import BuildFailed, ImageBuildProvider, Settings

FAST = {"pollMinSeconds": 0.05, "pollMaxSeconds": 0.2}


@pytest.fixture
def provider(imagebuilder_service, monkeypatch) -> ImageBuildProvider:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return ImageBuildProvider(Settings(region="us-east-1", endpoint_url=imagebuilder_service.endpoint_url))


def props(**extra):
    return with_defaults({"imageRecipeArn": DEMO_IMAGE_RECIPE_ARN, "infrastructureConfigurationArn":
                          DEMO_INFRASTRUCTURE_ARN, **FAST, **extra})


def test_create_waits_for_available_and_returns_every_output(provider, imagebuilder_client, imagebuilder_admin):
    result = provider.create(props(distributionConfigurationArn=DEMO_MULTI_REGION_DISTRIBUTION_ARN,
                                   tags={"team": "platform"},
                                   imageTestsConfiguration={"imageTestsEnabled": True, "timeoutMinutes": 90.0}))
    outs = result.outs
    assert result.id == outs["imageBuildVersionArn"] and outs["finalStatus"] == "AVAILABLE"
    assert {a["region"] for a in outs["amis"]} == {"us-east-1", "eu-west-1"}
    assert outs["amiId"] == next(a["imageId"] for a in outs["amis"] if a["region"] == "us-east-1")
    assert outs["tags"] == {"team": "platform"} and outs["buildTimeoutMinutes"] == 240
    image = imagebuilder_client.get_image(imageBuildVersionArn=result.id)["image"]
    assert image["imageTestsConfiguration"]["timeoutMinutes"] == 90  # a member the seed does not list
    assert image["tags"] == {"team": "platform"}
    assert imagebuilder_admin.counters()["CreateImage"]["calls"] == 1


def test_create_from_a_container_recipe_gives_image_uris(provider):
    outs = provider.create(props(imageRecipeArn=None, containerRecipeArn=DEMO_CONTAINER_RECIPE_ARN)).outs
    assert outs["containerImageUris"] and outs["amiId"] is None


@pytest.mark.parametrize("recipe, words", [
    (DEMO_FAILS_AT_TEST_RECIPE_ARN, ["image build FAILED", "failed step", "component"]),
    (DEMO_FAILS_DISTRIBUTION_RECIPE_ARN, ["image build FAILED", "distribution", "eu-west-1"]),
])
def test_failed_build_fails_create_with_one_readable_message(provider, imagebuilder_admin, recipe, words):
    with pytest.raises(BuildFailed) as failure:
        provider.create(props(imageRecipeArn=recipe, distributionConfigurationArn=DEMO_MULTI_REGION_DISTRIBUTION_ARN))
    message = str(failure.value)
    for word in words + ["build version: arn:aws:imagebuilder:us-east-1:123456789012:image/", "logs: CloudWatch"]:
        assert word in message
    builds = imagebuilder_admin.builds()
    assert [b["status"] for b in builds] == ["FAILED"]  # only the failed build version AWS keeps


def test_deadline_cancels_the_build_and_says_so(provider, imagebuilder_admin):
    with pytest.raises(BuildFailed) as failure:
        provider.create(props(imageRecipeArn=DEMO_HANGS_RECIPE_ARN, buildTimeoutMinutes=0.01))
    assert "cancel" in str(failure.value) and "demo-hangs/1.0.0/1" in str(failure.value)
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["CANCELLED"]


def test_deadline_without_cancel_leaves_the_build_running_and_names_it(provider, imagebuilder_admin):
    with pytest.raises(BuildFailed) as failure:
        provider.create(props(imageRecipeArn=DEMO_HANGS_RECIPE_ARN, buildTimeoutMinutes=0.01, cancelOnTimeout=False))
    assert "left running" in str(failure.value)
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["BUILDING"]


def test_unknown_recipe_fails_with_aws_error(provider):
    with pytest.raises(BuildFailed) as failure:
        provider.create(props(imageRecipeArn=DEMO_IMAGE_RECIPE_ARN.replace("demo-al2023", "nope")))
    assert "ResourceNotFoundException" in str(failure.value) and "nope" in str(failure.value)


def test_read_refreshes_outputs_and_live_tags(provider, imagebuilder_client):
    created = provider.create(props(tags={"team": "a"}))
    imagebuilder_client.tag_resource(resourceArn=created.id, tags={"extra": "x"})
    result = provider.read(created.id, created.outs)
    assert result.id == created.id
    assert result.outs["amiId"] == created.outs["amiId"]
    assert result.outs["tags"] == {"team": "a", "extra": "x"}


def test_read_of_a_build_deleted_out_of_band_removes_it(provider, imagebuilder_client, imagebuilder_admin):
    created = provider.create(props())
    imagebuilder_admin.set_build_status(created.id, "DELETED")
    assert provider.read(created.id, created.outs).id is None
    imagebuilder_admin.remove_build(created.id)
    assert provider.read(created.id, created.outs).id is None


def test_update_changes_tags_in_place_and_keeps_every_output(provider, imagebuilder_client, imagebuilder_admin):
    created = provider.create(props(tags={"team": "a", "old": "1"}))
    news = props(tags={"team": "b", "new": "2"}, buildTimeoutMinutes=60)
    result = provider.update(created.id, {**created.outs, "__provider": "p"}, {**news, "__provider": "p"})
    assert imagebuilder_client.list_tags_for_resource(resourceArn=created.id)["tags"] == {"team": "b", "new": "2"}
    for name in ("imageBuildVersionArn", "amiId", "amis", "finalStatus", "version", "dateCreated"):
        assert result.outs[name] == created.outs[name]
    assert result.outs["tags"] == {"team": "b", "new": "2"} and result.outs["buildTimeoutMinutes"] == 60
    assert "__provider" not in result.outs
    assert imagebuilder_admin.counters()["CreateImage"]["calls"] == 1


def test_delete_removes_the_build_and_a_gone_build_is_success(provider, imagebuilder_client):
    created = provider.create(props())
    provider.delete(created.id, created.outs)
    with pytest.raises(imagebuilder_client.exceptions.ResourceNotFoundException):
        imagebuilder_client.get_image(imageBuildVersionArn=created.id)
    provider.delete(created.id, created.outs)  # already gone


def test_delete_cancels_a_running_build_first(provider, imagebuilder_client, imagebuilder_admin):
    arn = imagebuilder_client.create_image(imageRecipeArn=DEMO_HANGS_RECIPE_ARN,
                                           infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN)["imageBuildVersionArn"]
    provider.delete(arn, {})
    operations = [c["operation"] for c in imagebuilder_admin.calls()]
    assert operations.index("CancelImageCreation") < operations.index("DeleteImage")
    with pytest.raises(imagebuilder_client.exceptions.ResourceNotFoundException):
        imagebuilder_client.get_image(imageBuildVersionArn=arn)


def test_transient_throttling_during_the_wait_does_not_fail_create(provider, imagebuilder_admin):
    imagebuilder_admin.inject_fault("CallRateLimitExceededException", "GetImage", count=3)
    assert provider.create(props()).outs["finalStatus"] == "AVAILABLE"
    assert imagebuilder_admin.counters()["GetImage"]["byCode"]["CallRateLimitExceededException"] == 3



def test_an_unreachable_endpoint_fails_create_with_the_url(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    provider = ImageBuildProvider(Settings(region="us-east-1", endpoint_url="http://127.0.0.1:9"))
    with pytest.raises(BuildFailed) as failure:
        provider.create(props())
    assert "Could not connect to the endpoint URL" in str(failure.value) and "127.0.0.1:9" in str(failure.value)


def test_no_ami_in_the_provider_region_leaves_ami_id_empty_and_warns(imagebuilder_service, monkeypatch):
    warnings: list[str] = []
    monkeypatch.setattr("pulumi.log.warn", warnings.append)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    provider = ImageBuildProvider(Settings(region="ap-south-1", endpoint_url=imagebuilder_service.endpoint_url))
    # the service serves ap-south-1 from its first request, with the demo catalog there
    outs = provider.create(props(**{name: demo_arn_in(arn, "ap-south-1") for name, arn in (
        ("imageRecipeArn", DEMO_IMAGE_RECIPE_ARN), ("infrastructureConfigurationArn", DEMO_INFRASTRUCTURE_ARN),
        ("distributionConfigurationArn", DEMO_MULTI_REGION_DISTRIBUTION_ARN))})).outs
    assert outs["amiId"] is None and len(outs["amis"]) == 2
    (warning,) = warnings
    assert "distributed no AMI to the build's region ap-south-1 (only to eu-west-1, us-east-1)" in warning


LIFECYCLE_ROLE = "arn:aws:iam::123456789012:role/ImageBuilderLifecycleExecutionRole"


def sent(monkeypatch, operation: str) -> list[dict]:
    """The parameters of every ``operation`` call the provider's clients make from now on."""
    seen: list[dict] = []
    made = Settings.client

    def client(self):
        made_client = made(self)
        made_client.meta.events.register(f"provide-client-params.imagebuilder.{operation}",
                                         lambda params, **_: seen.append(dict(params)))
        return made_client

    monkeypatch.setattr(Settings, "client", client)
    return seen


def test_delete_can_also_remove_the_amis_snapshots_and_containers_as_the_deletion_role(provider, imagebuilder_admin,
                                                                                       monkeypatch):
    """StartResourceStateUpdate gets deletionExecutionRole as its executionRole, with includeResources (the service
    refuses either without the other, as botocore's model documents); the build's workflow role is never used."""
    created = provider.create(props(deleteOutputResources=True, deletionExecutionRole=LIFECYCLE_ROLE,
                                    executionRole="arn:aws:iam::123456789012:role/workflow-role",
                                    workflows=[{"workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/"
                                                               "build-image/x.x.x"}]))
    updates = sent(monkeypatch, "StartResourceStateUpdate")
    provider.delete(created.id, created.outs)
    operations = [c["operation"] for c in imagebuilder_admin.calls()]
    assert operations.index("StartResourceStateUpdate") < operations.index("DeleteImage")
    assert operations.count("GetLifecycleExecution") >= 1
    assert imagebuilder_admin.builds() == []
    (update,) = updates
    assert update["executionRole"] == LIFECYCLE_ROLE
    assert update["includeResources"] == {"amis": True, "snapshots": True, "containers": True}


def test_delete_of_a_state_asking_for_deleted_outputs_without_a_role_calls_nothing(provider, imagebuilder_admin):
    """A state recorded before deletionExecutionRole existed (deleteOutputResources alone) is refused before any call,
    naming both properties, so that the build is kept and the destroy can be retried once the role is set."""
    created = provider.create(props())
    before = imagebuilder_admin.counters()
    with pytest.raises(BuildFailed) as failure:
        provider.delete(created.id, {**created.outs, "deleteOutputResources": True})
    assert str(failure.value) == (
        f"image build {created.id} was not deleted: deletionExecutionRole is required when deleteOutputResources is "
        "true: expected an IAM role name or role ARN (arn:aws:iam::ACCOUNT:role/NAME) that Image Builder deletes the "
        "AMIs, snapshots and containers with; set it (or set deleteOutputResources to false to keep them), run "
        "`pulumi up`, then destroy again")
    assert imagebuilder_admin.counters() == before
    assert [b["arn"] for b in imagebuilder_admin.builds()] == [created.id]


OTHER_ACCOUNT = "210987654321"


def _shared_distribution(admin, name: str, accounts: list[str]) -> str:
    (arn,) = admin.add_catalog({"distributionConfigurations": [{"name": name, "timeoutMinutes": 360, "distributions": [
        {"region": "us-east-1", "amiDistributionConfiguration": {"targetAccountIds": accounts}}]}]})
    return arn


def test_ami_id_is_the_copy_in_the_builds_own_account(provider, imagebuilder_admin, monkeypatch):
    """A distribution to other accounts puts their copies in the build's region too: amiId is never theirs."""
    warnings: list[str] = []
    monkeypatch.setattr("pulumi.log.warn", warnings.append)
    both = _shared_distribution(imagebuilder_admin, "to-a-partner-too", [OTHER_ACCOUNT, "123456789012"])
    outs = provider.create(props(distributionConfigurationArn=both)).outs
    by_account = {ami["accountId"]: ami["imageId"] for ami in outs["amis"]}
    assert outs["amiId"] == by_account["123456789012"] != by_account[OTHER_ACCOUNT] and warnings == []
    partner_only = _shared_distribution(imagebuilder_admin, "to-a-partner-only", [OTHER_ACCOUNT])
    outs = provider.create(props(distributionConfigurationArn=partner_only)).outs
    assert outs["amiId"] is None and [ami["accountId"] for ami in outs["amis"]] == [OTHER_ACCOUNT]
    (warning,) = warnings
    assert (f"distributed no AMI of its own account to the build's region us-east-1 (only copies for "
            f"{OTHER_ACCOUNT}): amiId is empty; use amis instead") in warning


def test_delete_keeps_the_amis_by_default_whatever_the_roles(provider, imagebuilder_admin):
    created = provider.create(props(deletionExecutionRole=LIFECYCLE_ROLE))
    provider.delete(created.id, created.outs)
    assert "StartResourceStateUpdate" not in {c["operation"] for c in imagebuilder_admin.calls()}


def test_update_records_delete_output_resources_without_an_aws_call(provider, imagebuilder_admin):
    created = provider.create(props())
    before = imagebuilder_admin.counters()
    result = provider.update(created.id, created.outs, props(deleteOutputResources=True))
    assert result.outs["deleteOutputResources"] is True
    assert imagebuilder_admin.counters() == before


@pytest.mark.parametrize("method", ["read", "update", "delete"])
def test_keys_rotated_between_calls_are_read_again_by_read_update_and_delete(provider, imagebuilder_admin,
                                                                               monkeypatch, method):
    created = provider.create(props(tags={"team": "a"}))
    new_key, new_secret = "AKIAROTATEDROTATED01", "rotated/secret+" + "x" * 25
    imagebuilder_admin.rotate_credentials(new_key, new_secret)  # the provider's next client still has the old pair
    stale = provider._settings.client()
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", new_key)  # what a credential source hands out from now on
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", new_secret)
    clients = iter([stale])
    made = Settings.client
    monkeypatch.setattr(Settings, "client", lambda self: next(clients, None) or made(self))
    if method == "read":
        assert provider.read(created.id, created.outs).outs["finalStatus"] == "AVAILABLE"
    elif method == "update":
        provider.update(created.id, created.outs, {**created.outs, "tags": {"team": "b"}})
    else:
        provider.delete(created.id, created.outs)
    counters = imagebuilder_admin.counters()
    assert sum(c.get("authFailures", 0) for c in counters.values()) == 1, counters
