"""The PipelineBuild dynamic provider: ImageBuild's provider, with a pipeline run as the way to build.

Only two things differ: the table of inputs (:mod:`pipeline_inputs`) and how a build is
started (:func:`imagebuilder.pipelines.run_pipeline_build`). Waiting, failures, reading,
retagging and deleting are ImageBuild's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Mapping

from . import pipeline_inputs
from .imagebuilder import BuildOutcome, WaitOptions
from .imagebuilder.identity import Identity
from .imagebuilder.pipelines import run_pipeline_build
from .provider import BuildFailed, ImageBuildProvider, InputTable
from .arazzo import WorkflowError
from .arazzo.timing import CancelSignal

if TYPE_CHECKING:
    from .provider import _RowProgress

PIPELINE_OUTPUT = "imagePipelineArn"
"""The output PipelineBuild has beyond ImageBuild's: the pipeline that made the build."""


class PipelineBuildProvider(ImageBuildProvider):
    """Runs an existing image pipeline once per resource and waits for its build."""

    table: ClassVar[InputTable] = pipeline_inputs

    def _start_and_wait(self, client: Any, given: Mapping[str, Any], options: WaitOptions, cancel: CancelSignal,
                        progress: _RowProgress) -> BuildOutcome:
        arn, tags = pipeline_inputs.start_members(given)
        identity = Identity.of(progress.urn, {"imagePipelineArn": arn}) if progress.urn else None
        try:
            return run_pipeline_build(client, arn, tags, options=options, cancel=cancel, on_observe=progress.observe,
                                      on_step=progress.words.record_step, identity=identity, say=progress.say,
                                      renew_client=self._settings.client)
        except WorkflowError as error:
            raise BuildFailed(str(error)) from None

    def _image_outputs(self, image: Mapping[str, Any], region: str | None) -> dict[str, Any]:
        return {**super()._image_outputs(image, region), PIPELINE_OUTPUT: image.get("sourcePipelineArn")}
