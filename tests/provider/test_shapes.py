"""The product's walker over botocore's shapes, as check() words it (the local service has a walker of its own)."""

from __future__ import annotations

from imagebuild_resource import servicemodel
from imagebuild_resource.engine.values import is_unknown, unknown
from imagebuild_resource.inputs import shapes

CREATE_IMAGE = servicemodel.input_shape(servicemodel.operation_model("CreateImage"))


def problems(value, member):
    return shapes.validate(value, CREATE_IMAGE.members[member], member, skip=is_unknown)


def test_a_whole_float_passes_as_an_integer_and_a_fraction_does_not():
    assert problems({"imageTestsEnabled": True, "timeoutMinutes": 90.0}, "imageTestsConfiguration") == []
    (found,) = problems({"timeoutMinutes": 90.5}, "imageTestsConfiguration")
    assert found.path == "imageTestsConfiguration.timeoutMinutes"
    assert found.reason == "expected an integer from 60 to 1440, got 90.5"


def test_values_not_known_yet_pass_wherever_they_are():
    assert problems(unknown(), "imageRecipeArn") == []
    assert problems([{"workflowArn": unknown(), "onFailure": unknown()}], "workflows") == []


def test_a_wrong_whole_hides_what_is_wrong_inside_it_and_paths_name_list_items():
    (found,) = problems("not a list", "workflows")
    assert found.path == "workflows" and found.reason.startswith("expected a list")
    (found,) = problems([{"workflowArn": "arn:aws:imagebuilder:us-east-1:aws:workflow/build/x/1.0.0",
                          "onFailure": "MAYBE"}], "workflows")
    assert found.path == "workflows[0].onFailure" and found.reason == "expected one of 'CONTINUE', 'ABORT', got 'MAYBE'"


def test_unknown_keys_and_missing_required_members_are_named():
    (unknown_key,) = problems({"imageScanningEnabled": True, "repositoryName": "r"}, "imageScanningConfiguration")
    assert unknown_key.path == "imageScanningConfiguration.repositoryName"
    assert unknown_key.reason.startswith("unknown key; expected one of imageScanningEnabled, ecrConfiguration")
    (missing,) = problems([{"onFailure": "ABORT"}], "workflows")
    assert missing.path == "workflows[0].workflowArn" and missing.reason.startswith("is required: a workflow ARN")
