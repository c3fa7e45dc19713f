"""Validate values against botocore's ``imagebuilder`` shapes, one message per problem.

Each problem names the member path (``imageTestsConfiguration.timeoutMinutes``) and the
form AWS expects, taken from the service model itself (types, lengths, ranges, enums,
patterns), so the checks can never drift from what CreateImage accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from botocore.model import OperationModel, Shape, StructureShape

from . import servicemodel

# Friendly names for shapes whose regular expression says little to a person.
_ARN_FORMS = {
    "ImageRecipeArn": "an image recipe ARN, arn:aws:imagebuilder:REGION:ACCOUNT:image-recipe/NAME/X.Y.Z",
    "ContainerRecipeArn": "a container recipe ARN, arn:aws:imagebuilder:REGION:ACCOUNT:container-recipe/NAME/X.Y.Z",
    "InfrastructureConfigurationArn": (
        "an infrastructure configuration ARN, arn:aws:imagebuilder:REGION:ACCOUNT:infrastructure-configuration/NAME"
    ),
    "DistributionConfigurationArn": (
        "a distribution configuration ARN, arn:aws:imagebuilder:REGION:ACCOUNT:distribution-configuration/NAME"
    ),
    "WorkflowVersionArnOrBuildVersionArn": (
        "a workflow ARN, arn:aws:imagebuilder:REGION:ACCOUNT:workflow/build|test|distribution/NAME/X.Y.Z"
    ),
    "RoleNameOrArn": "an IAM role name or role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
    "TagKey": "a tag key of 1-128 characters that does not start with 'aws:'",
}


@dataclass(frozen=True)
class Problem:
    """One invalid value: where it is and what was expected instead."""

    path: str
    reason: str


def operation_model(name: str) -> OperationModel:
    """The botocore operation model of an Image Builder operation (read-only)."""
    return servicemodel.operation_model(name)


def describe(shape: Shape) -> str:
    """The expected form of a value of ``shape``, in words."""
    if shape.name in _ARN_FORMS:
        return _ARN_FORMS[shape.name]
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if "enum" in meta:
            return "one of " + ", ".join(repr(v) for v in shape.enum)
        return "a string" + _length_words(meta, "characters")
    if kind in ("integer", "long"):
        return "an integer" + _range_words(meta)
    if kind in ("double", "float"):
        return "a number" + _range_words(meta)
    if kind == "boolean":
        return "true or false"
    if kind == "list":
        return "a list" + _length_words(meta, "items")
    if kind == "map":
        return "a map of strings" + _length_words(meta, "entries")
    if kind == "structure":
        return "an object with keys " + ", ".join(shape.members)
    return kind


def _length_words(meta: dict, unit: str) -> str:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        return f" of {low} to {high} {unit}"
    if low:
        return f" of at least {low} {unit}"
    if high is not None:
        return f" of at most {high} {unit}"
    return ""


def _range_words(meta: dict) -> str:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    if high is not None:
        return f" of at most {high}"
    return ""


def validate(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool] = lambda _: False) -> list[Problem]:
    """Every problem with ``value`` as a ``shape``; values for which ``skip`` is true pass."""
    if skip(value):
        return []
    check = _CHECKS.get(shape.type_name)
    return check(value, shape, path, skip) if check else []


def _fail(value: Any, shape: Shape, path: str) -> list[Problem]:
    return [Problem(path, f"expected {describe(shape)}, got {value!r}")]


def _string(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool]) -> list[Problem]:
    meta = shape.metadata
    if not isinstance(value, str):
        return _fail(value, shape, path)
    if shape.enum and value not in shape.enum:
        return _fail(value, shape, path)
    if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
        return _fail(value, shape, path)
    pattern = meta.get("pattern")
    if pattern and not re.search(pattern, value):
        return _fail(value, shape, path)
    return []


def _number(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool]) -> list[Problem]:
    meta = shape.metadata
    integral = shape.type_name in ("integer", "long")
    if isinstance(value, float) and integral and value.is_integer():
        value = int(value)  # Pulumi sends every number as a float
    wanted = int if integral else (int, float)
    if isinstance(value, bool) or not isinstance(value, wanted):
        return _fail(value, shape, path)
    if value < meta.get("min", value) or value > meta.get("max", value):
        return _fail(value, shape, path)
    return []


def _boolean(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool]) -> list[Problem]:
    return [] if isinstance(value, bool) else _fail(value, shape, path)


def _list(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool]) -> list[Problem]:
    meta = shape.metadata
    if not isinstance(value, (list, tuple)):
        return _fail(value, shape, path)
    if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
        return _fail(value, shape, path)
    problems: list[Problem] = []
    for index, item in enumerate(value):
        problems += validate(item, shape.member, f"{path}[{index}]", skip)
    return problems


def _map(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool]) -> list[Problem]:
    meta = shape.metadata
    if not isinstance(value, dict):
        return _fail(value, shape, path)
    if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
        return _fail(value, shape, path)
    problems: list[Problem] = []
    for key, item in value.items():
        problems += [Problem(p.path, f"key {key!r}: {p.reason}") for p in validate(key, shape.key, path, skip)]
        problems += validate(item, shape.value, f"{path}.{key}", skip)
    return problems


def _structure(value: Any, shape: Shape, path: str, skip: Callable[[Any], bool]) -> list[Problem]:
    assert isinstance(shape, StructureShape)
    if not isinstance(value, dict):
        return _fail(value, shape, path)
    problems: list[Problem] = []
    for key in value:
        if key not in shape.members:
            problems.append(Problem(f"{path}.{key}", f"unknown key; expected one of {', '.join(shape.members)}"))
    for name in shape.required_members:
        if value.get(name) is None:
            member = shape.members[name]
            problems.append(Problem(f"{path}.{name}", f"is required: {describe(member)}"))
    for name, member in shape.members.items():
        if value.get(name) is not None:
            problems += validate(value[name], member, f"{path}.{name}", skip)
    return problems


_CHECKS: dict[str, Callable[[Any, Shape, str, Callable[[Any], bool]], list[Problem]]] = {
    "string": _string,
    "integer": _number,
    "long": _number,
    "double": _number,
    "float": _number,
    "boolean": _boolean,
    "list": _list,
    "map": _map,
    "structure": _structure,
}
