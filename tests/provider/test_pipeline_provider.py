"""The PipelineBuild provider: check() and diff() alone, then each method against the local service."""

from __future__ import annotations

import json

import pytest
from pulumi.output import Unknown

from imagebuild_resource.inputs import pipeline_build as pipeline_inputs
from imagebuilder_local import (
    DEMO_DISABLED_PIPELINE_ARN,
    DEMO_HANGS_RECIPE_ARN,
    DEMO_INFRASTRUCTURE_ARN,
    DEMO_PIPELINE_ARN,
)
from imagebuilder_local import TEST_ACCESS_KEY, TEST_SECRET_KEY
from imagebuild_resource.inputs.table import with_defaults
from imagebuild_resource.providers import PipelineBuildProvider
from imagebuild_resource.providers import BuildFailed, Settings

FAST = {"pollMinSeconds": 0.05, "pollMaxSeconds": 0.2}


def problems(news: dict, region: str | None = "us-east-1") -> dict[str, str]:
    return {p.path: p.reason for p in pipeline_inputs.check(news, region)}


def test_check_accepts_a_pipeline_with_tags_triggers_and_options():
    assert problems({"imagePipelineArn": DEMO_PIPELINE_ARN, "tags": {"team": "a"},
                     "triggers": {"release": 3, "commit": "abc"}, "buildTimeoutMinutes": 30}) == {}


@pytest.mark.parametrize("news, path, words", [
    ({}, "imagePipelineArn", "is required: a string"),
    ({"imagePipelineArn": "my-pipeline"}, "imagePipelineArn", "my-pipeline"),
    ({"imagePipelineArn": DEMO_PIPELINE_ARN.replace("us-east-1", "eu-west-1")}, "imagePipelineArn",
     "expected an ARN in the build's region us-east-1"),
    ({"imagePipelineArn": DEMO_PIPELINE_ARN, "triggers": ["a"]}, "triggers", "expected a map of names to values"),
    ({"imagePipelineArn": DEMO_PIPELINE_ARN, "tags": {"": "x"}}, "tags", "tags"),
    ({"imagePipelineArn": DEMO_PIPELINE_ARN, "pollMinSeconds": 0}, "pollMinSeconds", "greater than 0"),
])
def test_check_names_the_property_and_the_expected_form(news, path, words):
    found = problems(news)
    assert path in found or any(p.startswith(path) for p in found), found
    assert any(words in reason or words in p for p, reason in found.items()), found


def test_values_not_known_yet_pass_check_and_diff_as_replacement():
    news = {"imagePipelineArn": Unknown(), "triggers": {"release": Unknown()}, "tags": Unknown()}
    assert problems(news) == {}
    old = {"imagePipelineArn": DEMO_PIPELINE_ARN, "triggers": {"release": "1"}, "tags": {"a": "b"}}
    found = pipeline_inputs.changes(old, news)
    assert found.replaces == ["imagePipelineArn", "triggers"] and found.updates == ["tags"]


def test_diff_a_trigger_change_replaces_a_tag_change_updates_options_change_nothing():
    old = {"imagePipelineArn": DEMO_PIPELINE_ARN, "triggers": {"release": "1"}, "tags": {"team": "a"}}
    found = pipeline_inputs.changes(old, {**old, "triggers": {"release": "2"}})
    assert found.replaces == ["triggers"] and found.updates == []
    assert found.paths["triggers.release"].replace
    found = pipeline_inputs.changes(old, {**old, "tags": {"team": "b"}})
    assert found.replaces == [] and found.updates == ["tags"] and not found.paths["tags.team"].replace
    found = pipeline_inputs.changes(old, {**old, "buildTimeoutMinutes": 5, "pollMaxSeconds": 1})
    assert found.replaces == found.updates == []
    found = pipeline_inputs.changes(old, {**old, "imagePipelineArn": DEMO_DISABLED_PIPELINE_ARN})
    assert found.replaces == ["imagePipelineArn"]


def test_no_triggers_and_empty_triggers_are_the_same():
    old = {"imagePipelineArn": DEMO_PIPELINE_ARN}
    assert pipeline_inputs.changes(old, {**old, "triggers": {}}).replaces == []
    assert pipeline_inputs.changes(old, {**old, "triggers": {"a": 1}}).replaces == ["triggers"]


def test_provider_diff_names_the_trigger_as_the_replace_reason():
    old = {"imagePipelineArn": DEMO_PIPELINE_ARN, "triggers": {"release": "1"},
           "imageBuildVersionArn": "arn:x", "finalStatus": "AVAILABLE"}
    result = PipelineBuildProvider().diff("arn:x", old, {**old, "triggers": {"release": "2"}})
    assert result.changes and result.replaces == ["triggers"] and result.delete_before_replace is False
    assert "imagePipelineArn" in result.stables


@pytest.fixture
def provider(imagebuilder_service, monkeypatch) -> PipelineBuildProvider:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", TEST_ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", TEST_SECRET_KEY)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    return PipelineBuildProvider(Settings(region="us-east-1", endpoint_url=imagebuilder_service.endpoint_url))


def props(**extra):
    return with_defaults({"imagePipelineArn": DEMO_PIPELINE_ARN, **FAST, **extra})


def test_create_runs_the_pipeline_and_returns_imagebuilds_outputs_and_the_pipeline(provider, imagebuilder_client,
                                                                                   imagebuilder_admin):
    result = provider.create(props(tags={"team": "platform"}, triggers={"release": "1"}))
    outs = result.outs
    assert result.id == outs["imageBuildVersionArn"] and outs["finalStatus"] == "AVAILABLE"
    assert outs["imagePipelineArn"] == DEMO_PIPELINE_ARN and outs["triggers"] == {"release": "1"}
    assert {a["region"] for a in outs["amis"]} == {"us-east-1", "eu-west-1"} and outs["amiId"].startswith("ami-")
    image = imagebuilder_client.get_image(imageBuildVersionArn=result.id)["image"]
    assert image["tags"] == {"team": "platform"} and image["sourcePipelineArn"] == DEMO_PIPELINE_ARN
    operations = [c["operation"] for c in imagebuilder_admin.calls()]
    assert operations[:2] == ["GetImagePipeline", "StartImagePipelineExecution"]
    assert operations.count("StartImagePipelineExecution") == 1


def test_a_disabled_pipeline_is_refused_naming_it_before_anything_starts(provider, imagebuilder_admin):
    with pytest.raises(BuildFailed) as failure:
        provider.create(props(imagePipelineArn=DEMO_DISABLED_PIPELINE_ARN))
    assert str(failure.value) == (f"Image pipeline {DEMO_DISABLED_PIPELINE_ARN} is DISABLED (enable it, or point "
                                  "image_pipeline_arn at another); no build was started.")
    assert "StartImagePipelineExecution" not in imagebuilder_admin.counters()
    assert imagebuilder_admin.builds() == []


def test_a_pipeline_that_does_not_exist_is_named(provider, imagebuilder_admin):
    missing = DEMO_PIPELINE_ARN + "-gone"
    with pytest.raises(BuildFailed, match=f"Image pipeline {missing} does not exist; no build was started"):
        provider.create(props(imagePipelineArn=missing))


def test_the_client_token_is_the_same_on_every_retry_of_one_start(provider, imagebuilder_admin, monkeypatch):
    tokens: list[str] = []
    make = Settings.client

    def recording(settings):
        client = make(settings)
        client.meta.events.register("before-send.imagebuilder.StartImagePipelineExecution",
                                    lambda request, **_: tokens.append(json.loads(request.body)["clientToken"]))
        return client

    monkeypatch.setattr(Settings, "client", recording)
    imagebuilder_admin.inject_fault("ServiceUnavailableException", "StartImagePipelineExecution", count=2)
    provider.create(props())
    assert len(tokens) == 3 and len(set(tokens)) == 1, tokens
    provider.create(props())
    assert len(set(tokens)) == 2  # a new run, a new token
    assert len(imagebuilder_admin.builds()) == 2


def test_the_deadline_cancels_the_pipelines_build(provider, imagebuilder_client, imagebuilder_admin):
    arn = imagebuilder_client.create_image_pipeline(
        name="hangs", imageRecipeArn=DEMO_HANGS_RECIPE_ARN, infrastructureConfigurationArn=DEMO_INFRASTRUCTURE_ARN,
        clientToken="hangs")["imagePipelineArn"]
    with pytest.raises(BuildFailed, match=r"The deadline passed before image build \S+demo-hangs/1.0.0/1 finished; "
                                          "it was cancelled"):
        provider.create(props(imagePipelineArn=arn, buildTimeoutMinutes=0.01))
    assert [b["status"] for b in imagebuilder_admin.builds()] == ["CANCELLED"]


def test_read_gives_the_pipeline_and_a_status_set_outside(provider, imagebuilder_admin):
    created = provider.create(props())
    imagebuilder_admin.set_build_status(created.id, "DEPRECATED", "superseded")
    read = provider.read(created.id, {"imageBuildVersionArn": created.id})
    assert read.id == created.id and read.outs["imagePipelineArn"] == DEMO_PIPELINE_ARN
    assert read.outs["finalStatus"] == "DEPRECATED" and read.outs["finalReason"] == "superseded"


def test_read_of_a_build_that_does_not_exist(provider):
    missing = "arn:aws:imagebuilder:us-east-1:123456789012:image/demo-al2023/1.0.0/9"
    assert provider.read(missing, {"imageBuildVersionArn": missing}).id is None  # refresh: it leaves the state
    with pytest.raises(BuildFailed, match=f"image build {missing} does not exist, so it cannot be read"):
        provider.read(missing, {})  # get(): nothing to read


def test_update_retags_and_delete_deletes(provider, imagebuilder_client):
    created = provider.create(props(tags={"team": "a"}))
    updated = provider.update(created.id, created.outs, {**created.outs, "tags": {"team": "b"}})
    assert updated.outs["imageBuildVersionArn"] == created.id and updated.outs["tags"] == {"team": "b"}
    assert imagebuilder_client.list_tags_for_resource(resourceArn=created.id)["tags"] == {"team": "b"}
    provider.delete(created.id, updated.outs)
    with pytest.raises(imagebuilder_client.exceptions.ResourceNotFoundException):
        imagebuilder_client.get_image(imageBuildVersionArn=created.id)
