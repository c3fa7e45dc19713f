"""The one table of ImageDistribution inputs: what each is, how it is checked, and what changing it does.

A distribution is DistributeImage: ``sourceImage``, ``distributionConfigurationArn``,
``executionRole`` and ``tags`` are its members, checked against botocore's model. ``region`` is
ours: the region the distribution runs in (the provider's, ``aws:region``, when unset); the
model says of the distribution configuration: "The distribution configuration must be in the
same Region as this operation." Changing ``tags`` retags the build in place; changing any other
input distributes anew; the options (:mod:`.table`) never change anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.model import StructureShape

from . import shapes
from ..engine.values import is_unknown
from .table import TAGS, Changes, Role, option_problems, option_role, region_problems, tag_problems, unique_by_path
from .table import changes as compare

SOURCE_IMAGE = "sourceImage"
DISTRIBUTION = "distributionConfigurationArn"
EXECUTION_ROLE = "executionRole"
MEMBERS = (SOURCE_IMAGE, DISTRIBUTION, EXECUTION_ROLE, TAGS)
"""The DistributeImage members the resource sends (``clientToken`` is made per distribution)."""


def _distribute_shape() -> StructureShape:
    shape = shapes.operation_model("DistributeImage").input_shape
    assert isinstance(shape, StructureShape)
    return shape


def request_shape() -> StructureShape:
    """DistributeImage's request: the shape of the distribution's inputs (no nested members)."""
    return _distribute_shape()


def build_input_names() -> tuple[str, ...]:
    """The inputs that are not options: the DistributeImage members."""
    return MEMBERS


def role(name: str) -> Role | None:
    """The role of an input, or None for names that are not inputs (outputs, ``__provider``)."""
    if name == TAGS:
        return Role.UPDATE
    if name in (SOURCE_IMAGE, DISTRIBUTION, EXECUTION_ROLE):
        return Role.REPLACE
    return option_role(name)


def check(news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]:
    """Every problem with the inputs, one per bad property; unknown values pass."""
    members = _distribute_shape().members
    problems: list[shapes.Problem] = []
    for name in MEMBERS:
        value = news.get(name)
        if value is None:
            if name != TAGS:
                problems.append(shapes.Problem(name, f"is required: {shapes.describe(members[name])}"))
            continue
        problems += shapes.validate(value, members[name], name, skip=is_unknown)
    problems += tag_problems(news.get(TAGS))
    if region:
        problems += region_problems(news, region, (DISTRIBUTION,))
    return unique_by_path(problems + option_problems(news))


def changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Compare old and new inputs: any change but of ``tags`` distributes anew."""
    return compare(olds, news, build_input_names(), role)


def distribute_members(props: Mapping[str, Any]) -> dict[str, Any]:
    """The DistributeImage members of the inputs (tags included)."""
    return {name: props[name] for name in MEMBERS if props.get(name) is not None}

