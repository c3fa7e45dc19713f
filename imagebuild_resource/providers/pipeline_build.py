"""The PipelineBuild provider: a build from one run of an existing image pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..imagebuilder.request import BuildStart, PipelineStart
from ..inputs import pipeline_build
from .base import BuildProvider, InputTable

PIPELINE_OUTPUT = "imagePipelineArn"
"""The output PipelineBuild has beyond ImageBuild's: the pipeline that made the build."""


class PipelineBuildKind:
    """Inputs: the pipeline, the build's tags, the triggers and the options; a build starts with
    StartImagePipelineExecution; the pipeline that made the build is an output."""

    table: ClassVar[InputTable] = pipeline_build

    def start(self, given: Mapping[str, Any]) -> BuildStart:
        arn, tags = pipeline_build.start_members(given)
        return PipelineStart(arn, tags)

    def identity_members(self, given: Mapping[str, Any]) -> Mapping[str, Any]:
        return pipeline_build.identity_members(given)

    def outputs(self, image: Mapping[str, Any]) -> dict[str, Any]:
        return {PIPELINE_OUTPUT: image.get("sourcePipelineArn")}


class PipelineBuildProvider(BuildProvider):
    """Runs an existing image pipeline once per resource and waits for its build."""

    kind = PipelineBuildKind()
