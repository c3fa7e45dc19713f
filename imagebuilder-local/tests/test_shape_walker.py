"""The one walker over botocore's shapes, read in both wordings: user-facing and AWS-style."""

from __future__ import annotations

from imagebuild_resource import servicemodel
from imagebuild_resource.shapes import Problem, aws_message, findings, validate

CREATE = servicemodel.operation_model("CreateImage").input_shape
RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"
LATER = object()


def later(value):
    return value is LATER


def test_one_finding_in_two_wordings():
    value = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA,
             "workflows": [{"workflowArn": "x", "onFailure": "STOP"}]}
    (finding,) = [f for f in findings(value, CREATE) if f.rule == "enum"]
    assert finding.path == ("workflows", 0, "onFailure")
    assert validate(value, CREATE, "")[-1] == Problem("workflows[0].onFailure", "expected one of 'CONTINUE', 'ABORT', got 'STOP'")
    assert aws_message(finding) == ("Value 'STOP' at 'workflows.1.onFailure' failed to satisfy constraint: "
                                    "Member must satisfy enum value set: [CONTINUE, ABORT]")


def test_skip_passes_values_not_known_yet_at_any_depth():
    value = {"imageRecipeArn": LATER, "infrastructureConfigurationArn": INFRA, "clientToken": "t",
             "tags": {LATER: "v", "team": LATER},
             "workflows": [LATER, {"workflowArn": LATER, "parameters": [{"name": "n", "value": [LATER]}]}],
             "imageTestsConfiguration": LATER}
    assert list(findings(value, CREATE, skip=later)) == []
    assert validate(value, CREATE, "", skip=later) == []
    assert {f.path for f in findings(value, CREATE)} >= {("imageRecipeArn",), ("workflows", 0), ("tags", "team")}


def test_user_wording_reports_a_value_wrong_as_a_whole_once():
    too_many = {f"k{i}": "x" * 300 for i in range(51)}
    assert validate(too_many, CREATE.members["tags"], "tags") == [
        Problem("tags", f"expected a map of strings of 1 to 50 entries, got {too_many!r}")]
    aws = [aws_message(f) for f in findings(too_many, CREATE.members["tags"], path=("tags",))]
    assert len(aws) == 52 and aws[0].endswith("Member must have length less than or equal to 50")


def test_whole_floats_pass_as_integers_only_when_asked():
    shape = servicemodel.shape("ImageTestsConfiguration")
    assert validate({"timeoutMinutes": 90.0}, shape, "t") == []
    (finding,) = findings({"timeoutMinutes": 90.0}, shape)
    assert finding.rule == "type"
    assert aws_message(finding) == ("Cannot deserialize the value at 'timeoutMinutes': expected an integer, "
                                    "found a number.")
