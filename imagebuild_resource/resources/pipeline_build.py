"""The PipelineBuild resource and its typed arguments."""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping, Optional

import pulumi
import pulumi.dynamic

from ..inputs.table import TAGS
from ..outputs import OUTPUT_NAMES
from ..providers import PIPELINE_OUTPUT, PipelineBuildProvider
from ..waves import count_build
from .common import BuildOutputs, adopt, camel_props


@dataclasses.dataclass
class PipelineBuildArgs:
    """The arguments of a :class:`PipelineBuild`: the pipeline to run, the build's tags, what forces a new run,
    and how to wait.

    Changing ``image_pipeline_arn`` or ``triggers`` runs the pipeline again (the new build
    is created before the old one is deleted); changing ``tags`` retags the build in
    place; changing an option never causes a change.
    """

    image_pipeline_arn: pulumi.Input[str]
    """ARN of the image pipeline to run (``arn:aws:imagebuilder:REGION:ACCOUNT:image-pipeline/NAME``). It must be
    ENABLED: a DISABLED pipeline is refused before anything starts. Changing it runs the new pipeline."""

    tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None
    """Tags on the image build version the run creates (1-50; keys 1-128 characters, values up to 256).
    Changed in place."""

    triggers: Optional[pulumi.Input[Mapping[str, Any]]] = None
    """Any values of your choosing (a recipe version, a date, a commit): any change to them runs the pipeline
    again, replacing the build. Never sent to AWS."""

    build_timeout_minutes: Optional[pulumi.Input[float]] = None
    """How long to wait for the build before giving up (default 240 minutes). Never forces a new run."""

    poll_min_seconds: Optional[pulumi.Input[float]] = None
    """Shortest pause between status reads (default 5 seconds). Never forces a new run."""

    poll_max_seconds: Optional[pulumi.Input[float]] = None
    """Longest pause between status reads (default 60 seconds). Never forces a new run."""

    cancel_on_timeout: Optional[pulumi.Input[bool]] = None
    """Cancel the build when the timeout expires (default true); otherwise it is left running."""

    delete_output_resources: Optional[pulumi.Input[bool]] = None
    """On destroy or replacement, also delete the build's AMIs, snapshots and container images (default false:
    DeleteImage alone keeps them, as AWS does). Needs ``deletion_execution_role``. Never forces a new run."""

    deletion_execution_role: Optional[pulumi.Input[str]] = None
    """The IAM role (name or ARN) Image Builder deletes the AMIs, snapshots and container images with, as
    StartResourceStateUpdate's ``executionRole``; required with ``delete_output_resources``. Changed in place:
    a later destroy uses the current one. Never forces a new run."""

    region: Optional[pulumi.Input[str]] = None
    """The region to build in, e.g. ``eu-west-1`` (default: the stack's ``aws:region``). Every later call (refresh,
    retag, destroy) goes there too, and ``ami_id`` is the AMI there. Changing it builds anew in the new region."""

    profile: Optional[pulumi.Input[str]] = None
    """The AWS profile to sign every call with (default: the stack's ``aws:profile``). Never forces a new run."""

    def to_props(self) -> dict[str, Any]:
        """The arguments as the provider's camelCase properties, unset ones omitted."""
        return camel_props(self)


class PipelineBuild(BuildOutputs, pulumi.dynamic.Resource, module="imagebuilder", name="PipelineBuild"):
    """One run of an existing EC2 Image Builder pipeline, started by ``pulumi up`` and waited for.

    Creating it checks that the pipeline is ENABLED, calls StartImagePipelineExecution and
    blocks until the build is terminal, exactly as an :class:`ImageBuild` waits. Its id is
    the image build version ARN; its outputs are ImageBuild's and ``image_pipeline_arn``.
    """

    def __init__(
        self, resource_name: str, args: PipelineBuildArgs, opts: Optional[pulumi.ResourceOptions] = None
    ) -> None:
        props = {PIPELINE_OUTPUT: None, **args.to_props(), **{name: None for name in OUTPUT_NAMES}}
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
    def image_pipeline_arn(self) -> pulumi.Output[Optional[str]]:
        """ARN of the image pipeline that made the build."""
        return self.__dict__["imagePipelineArn"]
