"""The one table of ImageBuild inputs: what each is, how it is checked, and what changing it does.

Build inputs are exactly the members of Image Builder's CreateImage request, read from
botocore's model, so every member is covered and validated the way AWS validates it.
``check()`` and ``diff()`` both read this table; nothing else decides replacement.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any, Mapping

from botocore.model import StructureShape

from . import shapes

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
"""The value Pulumi sends for inputs not yet known during a preview."""


class Role(enum.Enum):
    """What changing an input does to an existing build."""

    REPLACE = "replace"  # a new image build version is needed (create before delete)
    UPDATE = "update"  # changed in place: tags with TagResource/UntagResource, others only recorded
    NONE = "none"  # only changes how create() waits; never a diff


@dataclass(frozen=True)
class Option:
    """An input that changes how the provider waits or deletes, never what is built."""

    name: str
    default: Any
    expected: str
    role: Role = Role.NONE

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable, or None."""
        if isinstance(self.default, bool):
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0
        return None if ok else f"expected {self.expected}, got {value!r}"


OPTIONS: tuple[Option, ...] = (
    Option("buildTimeoutMinutes", 240, "a number of minutes greater than 0"),
    Option("pollMinSeconds", 5, "a number of seconds greater than 0"),
    Option("pollMaxSeconds", 60, "a number of seconds greater than 0"),
    Option("cancelOnTimeout", True, "true or false"),
    # Recorded in place, so that a later destroy reads the current choice.
    Option("deleteOutputResources", False, "true or false", Role.UPDATE),
)

TAGS = "tags"
CLIENT_TOKEN = "clientToken"
RECIPE_INPUTS = ("imageRecipeArn", "containerRecipeArn")
REGIONAL_ARN_INPUTS = (*RECIPE_INPUTS, "infrastructureConfigurationArn", "distributionConfigurationArn")
_ARN_REGION = re.compile(r"^arn:aws[^:]*:[^:]+:([^:]*):")


def _create_image_shape() -> StructureShape:
    shape = shapes.operation_model("CreateImage").input_shape
    assert isinstance(shape, StructureShape)
    return shape


def build_input_names() -> tuple[str, ...]:
    """Every CreateImage member, in model order (tags included)."""
    return tuple(_create_image_shape().members)


def role(name: str) -> Role | None:
    """The role of an input, or None for names that are not inputs (outputs, ``__provider``)."""
    if name == TAGS:
        return Role.UPDATE
    if name in _create_image_shape().members:
        return Role.REPLACE
    return next((option.role for option in OPTIONS if option.name == name), None)


def is_unknown(value: Any) -> bool:
    """True for a value, or a collection holding a value, not known until deployment."""
    if value == UNKNOWN:
        return True
    if isinstance(value, dict):
        return any(is_unknown(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(is_unknown(v) for v in value)
    return False


def check(news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]:
    """Every problem with the inputs, one per bad property; unknown values pass."""
    shape = _create_image_shape()
    problems: list[shapes.Problem] = []
    recipes = [n for n in RECIPE_INPUTS if news.get(n) is not None]
    if not recipes:
        problems.append(shapes.Problem(
            "imageRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is required; got neither"))
    elif len(recipes) == 2 and not any(is_unknown(news[n]) for n in recipes):
        problems.append(shapes.Problem(
            "containerRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is allowed; got both"))
    for name, member in shape.members.items():
        value = news.get(name)
        if value is None:
            if name in shape.required_members and name != CLIENT_TOKEN:
                problems.append(shapes.Problem(name, f"is required: {shapes.describe(member)}"))
            continue
        problems += shapes.validate(value, member, name, skip=lambda v: isinstance(v, str) and v == UNKNOWN)
    if region:
        problems += _region_problems(news, region)
    for option in OPTIONS:
        value = news.get(option.name)
        reason = None if value is None or is_unknown(value) else option.problem(value)
        if reason:
            problems.append(shapes.Problem(option.name, reason))
    low, high = news.get("pollMinSeconds"), news.get("pollMaxSeconds")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        problems.append(shapes.Problem("pollMaxSeconds", f"expected at least pollMinSeconds ({low}), got {high}"))
    return _unique_by_path(problems)


def _region_problems(news: Mapping[str, Any], region: str) -> list[shapes.Problem]:
    problems = []
    for name in REGIONAL_ARN_INPUTS:
        value = news.get(name)
        match = _ARN_REGION.match(value) if isinstance(value, str) else None
        if match and match.group(1) != region:
            problems.append(shapes.Problem(
                name, f"expected an ARN in the provider's region {region}, got one in {match.group(1)}: {value}"))
    return problems


def _unique_by_path(problems: list[shapes.Problem]) -> list[shapes.Problem]:
    seen: dict[str, shapes.Problem] = {}
    for problem in problems:
        seen.setdefault(problem.path, problem)
    return list(seen.values())


def with_defaults(news: Mapping[str, Any]) -> dict[str, Any]:
    """The inputs with every waiting option filled in (numbers from Pulumi arrive as floats)."""
    filled = dict(news)
    for option in OPTIONS:
        if filled.get(option.name) is None:
            filled[option.name] = option.default
    return filled


def replacement_changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> tuple[list[str], list[str]]:
    """``(replaces, updates)``: changed inputs that force a new build, and those changed in place."""
    replaces: list[str] = []
    updates: list[str] = []
    defaults = {option.name: option.default for option in OPTIONS}
    for name in (*build_input_names(), *defaults):
        kind = role(name)
        old, new = (_normalized(name, defaults.get(name) if side.get(name) is None else side[name])
                    for side in (olds, news))
        if kind is Role.NONE or old == new:
            continue
        (replaces if kind is Role.REPLACE else updates).append(name)
    return replaces, updates


def _normalized(name: str, value: Any) -> Any:
    if name == TAGS and not value:
        return {}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _normalized(k, v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_normalized(name, v) for v in value]
    return value


def create_members(props: Mapping[str, Any]) -> dict[str, Any]:
    """The CreateImage members set in ``props``, numbers made integral where the model wants it."""
    members = {}
    for name in build_input_names():
        value = props.get(name)
        if value is not None and not (name == TAGS and not value):
            members[name] = _normalized(name, value)
    return members
