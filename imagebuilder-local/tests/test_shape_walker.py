"""The service's walker over botocore's shapes, and its AWS-style wording."""

from __future__ import annotations

from imagebuilder_local.validation import Violation, validation_message, violations

from .helpers import MODEL

CREATE = MODEL.operation_model("CreateImage").input_shape
RECIPE = "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/demo-al2023/1.0.0"
INFRA = "arn:aws:imagebuilder:us-east-1:123456789012:infrastructure-configuration/demo-infra"


def test_a_violation_names_its_member_with_list_positions_counted_from_one():
    value = {"imageRecipeArn": RECIPE, "infrastructureConfigurationArn": INFRA, "clientToken": "t",
             "workflows": [{"workflowArn": "x", "onFailure": "STOP"}]}
    (found,) = [v for v in violations(value, CREATE) if v.constraint == "enum"]
    assert found.path == ("workflows", 0, "onFailure") and found.where == "workflows.1.onFailure"
    assert found.message() == ("Value 'STOP' at 'workflows.1.onFailure' failed to satisfy constraint: "
                               "Member must satisfy enum value set: [CONTINUE, ABORT]")


def test_every_violation_is_reported_even_inside_a_value_wrong_as_a_whole():
    too_many = {f"k{i}": "x" * 300 for i in range(51)}
    found = violations(too_many, CREATE.members["tags"], ("tags",))
    assert len(found) == 52
    assert found[0].message().endswith("at 'tags' failed to satisfy constraint: "
                                       "Member must have length less than or equal to 50")
    assert found[1].where == "tags.k0" and found[1].constraint == "max"


def test_a_float_is_not_an_integer():
    shape = MODEL.shape_for("ImageTestsConfiguration")
    (found,) = violations({"timeoutMinutes": 90.0}, shape)
    assert found.constraint == "type"
    assert found.message() == "Cannot deserialize the value at 'timeoutMinutes': expected an integer, found a number."
    assert violations({"timeoutMinutes": 90}, shape) == []


def test_a_map_key_is_checked_against_the_key_shape_and_reported_at_its_map():
    (found,) = violations({"aws:owner": "me"}, CREATE.members["tags"], ("tags",))
    assert found.in_key and found.where == "tags"
    assert found.message().startswith("Value 'aws:owner' at 'tags' failed to satisfy constraint: Map keys must "
                                      "satisfy constraint: [Member must satisfy regular expression pattern: ")


def test_missing_and_unknown_members_in_the_models_order_then_the_unknown_ones():
    found = violations({"clientToken": "t", "colour": "blue", "imageTestsConfiguration": {"timeout": 5}}, CREATE)
    assert [(v.where, v.constraint) for v in found] == [
        ("infrastructureConfigurationArn", "required"), ("imageTestsConfiguration.timeout", "unknown"),
        ("colour", "unknown")]
    assert found[0].message() == ("Value null at 'infrastructureConfigurationArn' failed to satisfy constraint: "
                                  "Member must not be null")
    assert found[1].message() == ("'imageTestsConfiguration.timeout' is not a member of imageTestsConfiguration; "
                                  "its members are imageTestsEnabled, timeoutMinutes.")
    assert found[2].message().startswith("'colour' is not a member of the request; its members are imageRecipeArn, ")


def test_messages_count_their_violations_and_show_values_as_aws_does():
    found = [Violation(("tags",), "max", {"k": [True, "v"]}, CREATE.members["tags"])]
    assert validation_message(found) == ("1 validation error detected: Value '{k=[true, v]}' at 'tags' failed to "
                                         "satisfy constraint: Member must have length less than or equal to 50")
    assert validation_message(found * 2).startswith("2 validation errors detected: ")
