"""The one table of PipelineBuild inputs: what each is, how it is checked, and what changing it does.

A run is StartImagePipelineExecution: ``imagePipelineArn`` and ``tags`` are its members,
checked against botocore's model. ``triggers`` is ours: never sent, any change of it is a
new run (as ``command.local.Command``'s ``triggers`` replace the command). The options
(how to wait, what destroy deletes) are every resource's, from :mod:`.table`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.model import StructureShape

from . import shapes
from ..engine.values import contains_unknown, is_unknown
from .table import (TAGS, Changes, Role, normalized, option_problems, option_role, region_problems, tag_problems,
                    unique_by_path)
from .table import changes as compare

IMAGE_PIPELINE_ARN = "imagePipelineArn"
TRIGGERS = "triggers"


def _start_shape() -> StructureShape:
    shape = shapes.operation_model("StartImagePipelineExecution").input_shape
    assert isinstance(shape, StructureShape)
    return shape


def request_shape() -> StructureShape:
    """StartImagePipelineExecution's request: the shape of the pipeline and the tags (no nested members)."""
    return _start_shape()


def build_input_names() -> tuple[str, ...]:
    """The inputs that are not options: the pipeline, the build's tags and the triggers."""
    return (IMAGE_PIPELINE_ARN, TAGS, TRIGGERS)


def role(name: str) -> Role | None:
    """The role of an input, or None for names that are not inputs (outputs, ``__provider``)."""
    if name == TAGS:
        return Role.UPDATE
    if name in (IMAGE_PIPELINE_ARN, TRIGGERS):
        return Role.REPLACE
    return option_role(name)


def check(news: Mapping[str, Any], region: str | None) -> list[shapes.Problem]:
    """Every problem with the inputs, one per bad property; unknown values pass."""
    members = _start_shape().members
    problems: list[shapes.Problem] = []
    for name in (IMAGE_PIPELINE_ARN, TAGS):
        value = news.get(name)
        if value is None:
            if name == IMAGE_PIPELINE_ARN:
                problems.append(shapes.Problem(name, f"is required: {shapes.describe(members[name])}"))
            continue
        problems += shapes.validate(value, members[name], name, skip=is_unknown)
    problems += tag_problems(news.get(TAGS))
    triggers = news.get(TRIGGERS)
    if triggers is not None and not contains_unknown(triggers) and not isinstance(triggers, Mapping):
        problems.append(shapes.Problem(TRIGGERS, f"expected a map of names to values, got {triggers!r}"))
    if region:
        problems += region_problems(news, region, (IMAGE_PIPELINE_ARN,))
    return unique_by_path(problems + option_problems(news))


def changes(olds: Mapping[str, Any], news: Mapping[str, Any]) -> Changes:
    """Compare old and new inputs: a new pipeline or any trigger change is a new run; tags change in place.

    No triggers and an empty map are the same.
    """
    def plain(side: Mapping[str, Any]) -> dict[str, Any]:
        return {**side, TRIGGERS: side.get(TRIGGERS) or None}

    return compare(plain(olds), plain(news), build_input_names(), role, by_key=(TAGS, TRIGGERS))


def identity_members(props: Mapping[str, Any]) -> dict[str, Any]:
    """What decides a run, for its identity digest: the pipeline and the triggers (a change of either is a new run).

    No triggers and an empty map are the same, and leave the digest as 0.1.0 made it (the pipeline
    alone), so that a run 0.1.0 left without triggers is still found; a run 0.1.0 left with
    triggers, whose digest did not hold them, is never reattached: its triggers cannot be known.
    """
    members: dict[str, Any] = {IMAGE_PIPELINE_ARN: str(props[IMAGE_PIPELINE_ARN])}
    if props.get(TRIGGERS):
        members[TRIGGERS] = normalized(TRIGGERS, props[TRIGGERS])
    return members


def start_members(props: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """The pipeline ARN and the tags for its build."""
    return str(props[IMAGE_PIPELINE_ARN]), dict(props.get(TAGS) or {})
