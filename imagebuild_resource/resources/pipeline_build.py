"""The PipelineBuild resource, in both of pulumi-aws's constructor forms."""

from __future__ import annotations

from typing import Any, Mapping, Optional, overload

import pulumi
import pulumi.dynamic

from ..inputs.table import TAGS
from ..outputs import OUTPUT_NAMES
from ..providers import PIPELINE_OUTPUT, PipelineBuildProvider
from ..waves import count_build
from .common import BuildOutputs, adopt
from .construct import args_and_opts, input_props
from .pipeline_build_args import PipelineBuildArgs


class PipelineBuild(BuildOutputs, pulumi.dynamic.Resource, module="imagebuilder", name="PipelineBuild"):
    """One run of an existing EC2 Image Builder pipeline, started by ``pulumi up`` and waited for.

    Creating it checks that the pipeline is ENABLED, calls StartImagePipelineExecution and
    blocks until the build is terminal, exactly as an :class:`ImageBuild` waits. Its id is
    the image build version ARN; its outputs are ImageBuild's and ``image_pipeline_arn``.
    """

    @overload
    def __init__(self, resource_name: str, args: PipelineBuildArgs,
                 opts: Optional[pulumi.ResourceOptions] = None) -> None:
        """A pipeline run from a :class:`PipelineBuildArgs`."""
        ...

    @overload
    def __init__(self, resource_name: str, opts: Optional[pulumi.ResourceOptions] = None, *,
                 image_pipeline_arn: pulumi.Input[str],
                 tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
                 triggers: Optional[pulumi.Input[Mapping[str, Any]]] = None,
                 build_timeout_minutes: Optional[pulumi.Input[float]] = None,
                 poll_min_seconds: Optional[pulumi.Input[float]] = None,
                 poll_max_seconds: Optional[pulumi.Input[float]] = None,
                 cancel_on_timeout: Optional[pulumi.Input[bool]] = None,
                 resume_failed_builds: Optional[pulumi.Input[bool]] = None,
                 delete_output_resources: Optional[pulumi.Input[bool]] = None,
                 deletion_execution_role: Optional[pulumi.Input[str]] = None,
                 region: Optional[pulumi.Input[str]] = None,
                 profile: Optional[pulumi.Input[str]] = None) -> None:
        """A pipeline run from keyword arguments: those of :class:`PipelineBuildArgs`, documented there."""
        ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        given, opts = args_and_opts("PipelineBuild", PipelineBuildArgs, args, kwargs)
        props = {PIPELINE_OUTPUT: None, **input_props(given), **{name: None for name in OUTPUT_NAMES}}
        count_build()
        super().__init__(PipelineBuildProvider(), resource_name, props, opts)

    @classmethod
    def get(cls, resource_name: str, id: pulumi.Input[str],
            opts: Optional[pulumi.ResourceOptions] = None) -> "PipelineBuild":
        """Read an existing image build version, by its ARN, into the program with every output (and its tags).

        Nothing is run or changed; ``pulumi destroy`` leaves the build alone. A build that
        does not exist fails the deployment, naming the ARN.
        """
        return adopt(cls, PipelineBuildProvider(), resource_name, id, (*OUTPUT_NAMES, PIPELINE_OUTPUT, TAGS), opts)

    @property
    @pulumi.getter(name="imagePipelineArn")
    def image_pipeline_arn(self) -> pulumi.Output[Optional[str]]:
        """ARN of the image pipeline that made the build."""
        return self.__dict__["imagePipelineArn"]
