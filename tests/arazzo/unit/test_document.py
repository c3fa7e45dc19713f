"""The document validator: the seed loads, and each kind of mistake gets its own message."""

import copy

import pytest
import yaml

from imagebuild_resource.arazzo.document import load_document, parse_document
from imagebuild_resource.arazzo.errors import DocumentError
from imagebuild_resource.imagebuilder.documents import CREATE_IMAGE

from ...fakes import SERVICE_MODEL

OPS = SERVICE_MODEL.operation_names


@pytest.fixture()
def seed():
    from importlib import resources
    path = resources.files("imagebuild_resource") / "arazzo" / "documents" / "amazon-ec2-image-builder-create-image-and-poll-workflow.yml"
    return yaml.safe_load(path.read_text())


def test_seed_loads_and_validates_against_the_botocore_model():
    workflow = CREATE_IMAGE.workflow()
    assert [s.step_id for s in workflow.steps] == ["createImage", "getImage"]
    assert [a.type for a in workflow.steps[1].on_success] == ["end", "end", "end", "goto"]
    assert workflow.steps[1].on_success[3].step_id == "getImage"
    assert set(workflow.outputs) == {"imageBuildVersionArn", "finalStatus", "finalReason"}


def break_(seed, path, value):
    doc = copy.deepcopy(seed)
    target = doc
    for key in path[:-1]:
        target = target[key]
    if value is KeyError:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return doc


GETIMAGE = ["workflows", 0, "steps", 1]


@pytest.mark.parametrize("path, value, message", [
    (["arazzo"], "1.1.0", "arazzo: version '1.1.0' is not supported"),
    (["arazzo"], KeyError, "arazzo: version '(missing)'"),
    (["workflows"], [], "workflows: must be a non-empty list"),
    (GETIMAGE + ["stepId"], "createImage", "workflows[0].steps[1].stepId: 'createImage' is not unique"),
    (GETIMAGE + ["onSuccess", 3, "stepId"], "nowhere",
     "workflows[0].steps[1].onSuccess[3].stepId: goto target 'nowhere' is not a step of workflow 'create-image-and-poll'"),
    (GETIMAGE + ["operationId"], "GetImages", "workflows[0].steps[1].operationId: 'GetImages' is not an operation"),
    (GETIMAGE + ["parameters", 0, "value"], "$steps.createImage.output.arn", "$steps.<stepId>.outputs.<name>"),
    (GETIMAGE + ["parameters", 0, "in"], "cookie", "parameters[0].in: must be one of path, query, header"),
    (GETIMAGE + ["outputs", "status"], "$response.body#image", "invalid JSON Pointer"),
    (GETIMAGE + ["successCriteria", 0, "condition"], "$statusCode === 200", "successCriteria[0]: Condition"),
    (GETIMAGE + ["onSuccess", 0, "criteria", 0, "condition"], "$.image.state.status = 'X'", "does not parse as RFC 9535"),
    (GETIMAGE + ["onSuccess", 0, "criteria", 0, "type"], "xpath", "criterion type 'xpath' is not supported"),
    (GETIMAGE + ["onSuccess", 0, "criteria", 0, "type"], {"type": "jsonpath", "version": "v9"}, "jsonpath version 'v9'"),
    (GETIMAGE + ["onSuccess", 0, "criteria", 0, "context"], KeyError, "context: is required for a jsonpath criterion"),
    (GETIMAGE + ["onSuccess", 0, "type"], "retry", "onSuccess[0].type: must be one of end, goto, not 'retry'"),
    (GETIMAGE + ["onSuccess", 3, "stepId"], KeyError, "stepId: is required for a goto action"),
    (GETIMAGE + ["operationPath"], "{$sourceDescriptions.api.url}#/paths", "operationPath: is not supported"),
    (["workflows", 0, "steps", 0, "requestBody", "payload", "clientToken"], "id-{$inputs.clientToken",
     "without its closing"),
    (["workflows", 0, "outputs", "finalStatus"], "getImage.status", "must be a runtime expression"),
])
def test_each_mistake_has_a_clear_message(seed, path, value, message):
    with pytest.raises(DocumentError) as info:
        parse_document(break_(seed, path, value), operation_ids=OPS)
    assert message in str(info.value)


def test_jsonpath_type_object_with_the_schema_version_is_accepted(seed):
    doc = break_(seed, GETIMAGE + ["onSuccess", 0, "criteria", 0, "type"],
                 {"type": "jsonpath", "version": "draft-goessner-dispatch-jsonpath-00"})
    parse_document(doc, operation_ids=OPS)


def test_qualified_operation_id_is_accepted(seed):
    doc = break_(seed, GETIMAGE + ["operationId"], "$sourceDescriptions.imageBuilderApi.GetImage")
    assert parse_document(doc, operation_ids=OPS).workflow("create-image-and-poll").steps[1].operation_id == "GetImage"


def test_retry_action_fields(seed):
    doc = break_(seed, GETIMAGE + ["onFailure"], [{"name": "again", "type": "retry", "retryAfter": 2, "retryLimit": 3}])
    action = parse_document(doc).workflow("create-image-and-poll").steps[1].on_failure[0]
    assert (action.retry_after, action.retry_limit) == (2.0, 3)
    with pytest.raises(DocumentError, match="retryAfter: must be a non-negative"):
        parse_document(break_(seed, GETIMAGE + ["onFailure"], [{"name": "a", "type": "retry", "retryAfter": -1}]))


def test_unknown_workflow_and_unreadable_files(tmp_path, seed):
    with pytest.raises(DocumentError, match="no workflow 'x'"):
        parse_document(seed).workflow("x")
    bad = tmp_path / "bad.yml"
    bad.write_text("arazzo: [unclosed")
    with pytest.raises(DocumentError, match="Cannot read Arazzo document bad.yml"):
        load_document(bad)
    with pytest.raises(DocumentError, match="Cannot read"):
        load_document(tmp_path / "missing.yml")


def test_the_shipped_seed_is_byte_identical_to_the_published_one():
    """The package runs the seed exactly as published (``../shared/seed`` beside the checkout)."""
    import pathlib
    from importlib import resources

    name = "amazon-ec2-image-builder-create-image-and-poll-workflow.yml"
    published = pathlib.Path(__file__).resolve().parents[3].parent / "shared" / "seed" / name
    assert published.is_file(), f"the published seed is expected at {published} (../shared beside the checkout)"
    shipped = resources.files("imagebuild_resource") / "arazzo" / "documents" / name
    assert shipped.read_bytes() == published.read_bytes()
