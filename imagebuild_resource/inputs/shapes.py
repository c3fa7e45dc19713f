"""Check input values against botocore's ``imagebuilder`` shapes, worded for the person who wrote them.

:func:`findings` walks a value along its shape and yields every way it breaks the model
(types, required members, lengths, ranges, enums, patterns), taken from the service model
itself, so the checks can never drift from what Image Builder accepts. :func:`validate`
words them for the provider's ``check()``: one :class:`Problem` per bad value, with paths
like ``workflows[0].workflowArn`` and the expected form in words. (The local service has a
walker of its own, worded as AWS words its errors: it must not share our beliefs.)
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Union, cast

from botocore.model import ListShape, MapShape, OperationModel, Shape, StructureShape

from .. import servicemodel

__all__ = ["Finding", "MapKey", "Problem", "StructureShape", "describe", "findings", "operation_model", "validate",
           "validate_member"]

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

Skip = Callable[[Any], bool]


@dataclass(frozen=True)
class MapKey:
    """A path step to a map's key itself (not to the value under it)."""

    key: str


Segment = Union[str, int, MapKey]
"""A path step: a member name or map key (str), a list index (int), or a map key itself."""


@dataclass(frozen=True)
class Finding:
    """One way a value breaks its shape.

    ``rule`` is ``type``, ``required``, ``unknown``, ``enum``, ``min``, ``max`` or ``pattern``;
    ``shape`` is the shape that was broken (for ``unknown``: the structure without that member);
    ``value`` is the value as checked (``None`` for a missing required member).
    """

    path: tuple[Segment, ...]
    rule: str
    value: Any
    shape: Shape


@dataclass(frozen=True)
class Problem:
    """One invalid value, user-facing: where it is and what was expected instead."""

    path: str
    reason: str


def operation_model(name: str) -> OperationModel:
    """The botocore operation model of an Image Builder operation (read-only)."""
    return servicemodel.operation_model(name)


# ----- the walker -------------------------------------------------------------------

def findings(value: Any, shape: Shape, *, skip: Skip = lambda _: False, whole_floats: bool = False,
             path: tuple[Segment, ...] = ()) -> Iterator[Finding]:
    """Every way ``value`` breaks ``shape``, outermost first; values for which ``skip`` is true pass.

    With ``whole_floats`` a float with no fraction passes as an integer (Pulumi sends every
    number as a float). A value of the wrong type is not looked into.
    """
    if skip(value):
        return
    kind = shape.type_name
    if kind in ("integer", "long") and whole_floats and isinstance(value, float) and value.is_integer():
        value = int(value)
    if not _is_type(value, kind):
        yield Finding(path, "type", value, shape)
        return
    if kind == "structure":
        yield from _structure(value, shape, path, skip, whole_floats)
        return
    yield from _bounds(value, shape, path)
    if kind == "string":
        if servicemodel.enum_of(shape) and value not in servicemodel.enum_of(shape):
            yield Finding(path, "enum", value, shape)
        pattern = shape.metadata.get("pattern")
        if pattern and not _compiled(pattern).search(value):
            yield Finding(path, "pattern", value, shape)
    elif kind == "list":
        for index, item in enumerate(value):
            yield from findings(item, cast(ListShape, shape).member, skip=skip, whole_floats=whole_floats, path=(*path, index))
    elif kind == "map":
        for key, item in value.items():
            yield from findings(key, cast(MapShape, shape).key, skip=skip, whole_floats=whole_floats, path=(*path, MapKey(key)))
            yield from findings(item, cast(MapShape, shape).value, skip=skip, whole_floats=whole_floats, path=(*path, key))


def _structure(value: dict[str, Any], shape: Shape, path: tuple[Segment, ...], skip: Skip,
               whole_floats: bool) -> Iterator[Finding]:
    assert isinstance(shape, StructureShape)
    for key in value:
        if key not in shape.members:
            yield Finding((*path, key), "unknown", value[key], shape)
    for name in shape.required_members:
        if value.get(name) is None:
            yield Finding((*path, name), "required", None, shape.members[name])
    for name, member in shape.members.items():
        if value.get(name) is not None:
            yield from findings(value[name], member, skip=skip, whole_floats=whole_floats, path=(*path, name))


def _bounds(value: Any, shape: Shape, path: tuple[Segment, ...]) -> Iterator[Finding]:
    measure = value if shape.type_name in ("integer", "long", "float", "double") else _size(value)
    if measure is None:
        return
    low, high = shape.metadata.get("min"), shape.metadata.get("max")
    if low is not None and measure < low:
        yield Finding(path, "min", value, shape)
    if high is not None and measure > high:
        yield Finding(path, "max", value, shape)


def _size(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, list, tuple, dict)) else None


def _is_type(value: Any, kind: str) -> bool:
    if kind == "boolean":
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if kind in ("integer", "long"):
        return isinstance(value, int)
    if kind in ("float", "double"):
        return isinstance(value, (int, float))
    if kind == "timestamp":
        return isinstance(value, (int, float, datetime.datetime))
    if kind == "blob":
        return isinstance(value, (str, bytes))
    wanted: dict[str, type | tuple[type, ...]] = {"string": str, "list": (list, tuple), "map": dict, "structure": dict}
    return kind not in wanted or isinstance(value, wanted[kind])


@functools.cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ----- the wording -------------------------------------------------------------------------

def validate(value: Any, shape: Shape, path: str, skip: Skip = lambda _: False) -> list[Problem]:
    """Every problem with ``value`` as a ``shape``, one per bad value; values for which ``skip`` is true pass.

    A value that is wrong as a whole (type, size) hides what is wrong inside it.
    """
    problems: list[Problem] = []
    reported: list[tuple[Segment, ...]] = []
    for finding in findings(value, shape, skip=skip, whole_floats=True):
        if any(finding.path[:len(done)] == done for done in reported):
            continue
        reported.append(finding.path)
        problems.append(Problem(_user_path(path, finding.path), _user_reason(finding)))
    return problems


def validate_member(value: Any, operation: str, member: str, path: str) -> list[Problem]:
    """:func:`validate` against the shape of one input ``member`` of ``operation`` (what the value is sent as)."""
    shape = operation_model(operation).input_shape
    assert isinstance(shape, StructureShape)
    return validate(value, shape.members[member], path)


def describe(shape: Shape) -> str:
    """The expected form of a value of ``shape``, in words."""
    if shape.name in _ARN_FORMS:
        return _ARN_FORMS[shape.name]
    meta = shape.metadata
    kind = shape.type_name
    if kind == "string":
        if "enum" in meta:
            return "one of " + ", ".join(repr(v) for v in servicemodel.enum_of(shape))
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
        return "an object with keys " + ", ".join(cast(StructureShape, shape).members)
    if kind == "timestamp":
        return "a timestamp"
    return kind


def _user_reason(finding: Finding) -> str:
    if finding.rule == "required":
        return f"is required: {describe(finding.shape)}"
    if finding.rule == "unknown":
        return f"unknown key; expected one of {', '.join(cast(StructureShape, finding.shape).members)}"
    reason = f"expected {describe(finding.shape)}, got {finding.value!r}"
    if finding.path and isinstance(finding.path[-1], MapKey):
        return f"key {finding.path[-1].key!r}: {reason}"
    return reason


def _user_path(base: str, path: tuple[Segment, ...]) -> str:
    out = base
    for step in path:
        if isinstance(step, int):
            out += f"[{step}]"
        elif isinstance(step, str):
            out += f".{step}" if out else step
    return out


def _length_words(meta: dict[str, Any], unit: str) -> str:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        return f" of {low} to {high} {unit}"
    if low:
        return f" of at least {low} {unit}"
    if high is not None:
        return f" of at most {high} {unit}"
    return ""


def _range_words(meta: dict[str, Any]) -> str:
    low, high = meta.get("min"), meta.get("max")
    if low is not None and high is not None:
        return f" from {low} to {high}"
    if low is not None:
        return f" of at least {low}"
    if high is not None:
        return f" of at most {high}"
    return ""
