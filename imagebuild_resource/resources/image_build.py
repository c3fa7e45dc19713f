"""The ImageBuild resource, in both of pulumi-aws's constructor forms."""

from __future__ import annotations

from typing import Any, Mapping, Optional, Sequence, overload

import pulumi
import pulumi.dynamic

from ..inputs.table import TAGS
from ..outputs import OUTPUT_NAMES
from ..providers import ImageBuildProvider
from ..waves import count_build
from .common import BuildOutputs, adopt
from .construct import args_and_opts, input_props
from .image_build_args import (NESTED_ARGS, ImageBuildArgs, ImageScanningConfigurationInput,
                               ImageTestsConfigurationInput, LoggingConfigurationInput, WorkflowInput)


class ImageBuild(BuildOutputs, pulumi.dynamic.Resource, module="imagebuilder", name="ImageBuild"):
    """An EC2 Image Builder image build version, built by ``pulumi up`` and waited for.

    Creating it starts CreateImage and blocks until the build is terminal: AVAILABLE gives
    the outputs; FAILED or CANCELLED fails the deployment with the reason, the failing
    step and where the logs are. Its id is the image build version ARN.
    """

    @overload
    def __init__(self, resource_name: str, args: ImageBuildArgs,
                 opts: Optional[pulumi.ResourceOptions] = None) -> None:
        """An image build from an :class:`ImageBuildArgs`."""
        ...

    @overload
    def __init__(self, resource_name: str, opts: Optional[pulumi.ResourceOptions] = None, *,
                 infrastructure_configuration_arn: pulumi.Input[str],
                 image_recipe_arn: Optional[pulumi.Input[str]] = None,
                 container_recipe_arn: Optional[pulumi.Input[str]] = None,
                 distribution_configuration_arn: Optional[pulumi.Input[str]] = None,
                 image_tests_configuration: Optional[ImageTestsConfigurationInput] = None,
                 enhanced_image_metadata_enabled: Optional[pulumi.Input[bool]] = None,
                 image_scanning_configuration: Optional[ImageScanningConfigurationInput] = None,
                 workflows: Optional[pulumi.Input[Sequence[WorkflowInput]]] = None,
                 execution_role: Optional[pulumi.Input[str]] = None,
                 logging_configuration: Optional[LoggingConfigurationInput] = None,
                 tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
                 client_token: Optional[pulumi.Input[str]] = None,
                 build_timeout_minutes: Optional[pulumi.Input[float]] = None,
                 poll_min_seconds: Optional[pulumi.Input[float]] = None,
                 poll_max_seconds: Optional[pulumi.Input[float]] = None,
                 cancel_on_timeout: Optional[pulumi.Input[bool]] = None,
                 resume_failed_builds: Optional[pulumi.Input[bool]] = None,
                 delete_output_resources: Optional[pulumi.Input[bool]] = None,
                 deletion_execution_role: Optional[pulumi.Input[str]] = None,
                 region: Optional[pulumi.Input[str]] = None,
                 profile: Optional[pulumi.Input[str]] = None) -> None:
        """An image build from keyword arguments: those of :class:`ImageBuildArgs`, documented there."""
        ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        given, opts = args_and_opts("ImageBuild", ImageBuildArgs, args, kwargs)
        props = {**input_props(given, NESTED_ARGS), **{name: None for name in OUTPUT_NAMES}}
        count_build()
        super().__init__(ImageBuildProvider(), resource_name, props, opts)

    @classmethod
    def get(cls, resource_name: str, id: pulumi.Input[str],
            opts: Optional[pulumi.ResourceOptions] = None) -> "ImageBuild":
        """Read an existing image build version, by its ARN, into the program with every output (and its tags).

        Nothing is built or changed; ``pulumi destroy`` leaves the build alone. A build that
        does not exist fails the deployment, naming the ARN.
        """
        return adopt(cls, ImageBuildProvider(), resource_name, id, (*OUTPUT_NAMES, TAGS), opts)
