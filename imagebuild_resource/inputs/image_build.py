"""The one table of ImageBuild inputs: what each is, how it is checked, and what changing it does.

Build inputs are exactly the members of Image Builder's CreateImage request, read from
botocore's model, so every member is covered and validated the way AWS validates it.
Changing ``tags`` retags the build in place; changing any other member is a new build;
the options (:mod:`.table`) never change anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.model import StructureShape

from . import shapes
from ..engine.values import contains_unknown, is_unknown
from ..imagebuilder import identity
from .table import (TAGS, Changes, Role, normalized, option_problems, option_role, region_problems, tag_problems,
                    unique_by_path)
from .table import changes as compare

CLIENT_TOKEN = "clientToken"
RECIPE_INPUTS = identity.RECIPE_MEMBERS
REGIONAL_ARN_INPUTS = (*RECIPE_INPUTS, "infrastructureConfigurationArn", "distributionConfigurationArn")


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
    return option_role(name)


def check(news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]:
    """Every problem with the inputs, one per bad property; unknown values pass."""
    shape = _create_image_shape()
    problems: list[shapes.Problem] = []
    recipes = [n for n in RECIPE_INPUTS if news.get(n) is not None]
    if not recipes:
        problems.append(shapes.Problem(
            "imageRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is required; got neither"))
    elif len(recipes) == 2 and not any(contains_unknown(news[n]) for n in recipes):
        problems.append(shapes.Problem(
            "containerRecipeArn", "exactly one of imageRecipeArn or containerRecipeArn is allowed; got both"))
    for name, member in shape.members.items():
        value = news.get(name)
        if value is None:
            if name in shape.required_members and name != CLIENT_TOKEN:
                problems.append(shapes.Problem(name, f"is required: {shapes.describe(member)}"))
            continue
        problems += shapes.validate(value, member, name, skip=is_unknown)
    problems += tag_problems(news.get(TAGS))
    if region:
        problems += region_problems(news, region, REGIONAL_ARN_INPUTS)
    return unique_by_path(problems + option_problems(news))


def changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Compare old and new inputs: tags change in place, every other member is a new build."""
    return compare(olds, news, build_input_names(), role)


def create_members(props: Mapping[str, Any]) -> dict[str, Any]:
    """The CreateImage members set in ``props``, numbers made integral where the model wants it."""
    members = {}
    for name in build_input_names():
        value = props.get(name)
        if value is not None and not (name == TAGS and not value):
            members[name] = normalized(name, value)
    return members
