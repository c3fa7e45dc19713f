"""The ImageBuild resource and its typed arguments."""

from __future__ import annotations

import dataclasses
from typing import Any, Mapping, Optional, Sequence

import pulumi
import pulumi.dynamic

from ..inputs.table import TAGS
from ..outputs import OUTPUT_NAMES
from ..providers import ImageBuildProvider
from ..waves import count_build
from .common import BuildOutputs, adopt, camel_props


@dataclasses.dataclass
class ImageBuildArgs:
    """The arguments of an :class:`ImageBuild`: every CreateImage member, plus how to wait.

    Nested values use the CreateImage API's own camelCase keys, as boto3 does.
    Changing ``tags`` updates the build in place; changing any other build argument
    builds a new image version (the new one is created before the old one is deleted);
    changing an option (how to wait, what destroy deletes) never causes a change.
    """

    infrastructure_configuration_arn: pulumi.Input[str]
    """ARN of the infrastructure configuration (instance type, subnet, instance profile) used to build and test."""

    image_recipe_arn: Optional[pulumi.Input[str]] = None
    """ARN of the image recipe to build an AMI from. Exactly one of this and ``container_recipe_arn``."""

    container_recipe_arn: Optional[pulumi.Input[str]] = None
    """ARN of the container recipe to build a container image from. Exactly one of this and ``image_recipe_arn``."""

    distribution_configuration_arn: Optional[pulumi.Input[str]] = None
    """ARN of the distribution configuration: the regions and accounts the output is copied to."""

    image_tests_configuration: Optional[pulumi.Input[Mapping[str, Any]]] = None
    """``{"imageTestsEnabled": bool, "timeoutMinutes": 60..1440}``: whether and how long to run image tests."""

    enhanced_image_metadata_enabled: Optional[pulumi.Input[bool]] = None
    """Collect OS and package inventory metadata during the build."""

    image_scanning_configuration: Optional[pulumi.Input[Mapping[str, Any]]] = None
    """``{"imageScanningEnabled": bool, "ecrConfiguration": {"repositoryName": str, "containerTags": [str]}}``."""

    workflows: Optional[pulumi.Input[Sequence[Mapping[str, Any]]]] = None
    """Image Builder workflows to run: ``[{"workflowArn": str, "parameters": [...], "onFailure": "ABORT"}]``."""

    execution_role: Optional[pulumi.Input[str]] = None
    """IAM role name or ARN that Image Builder assumes to run the workflows."""

    logging_configuration: Optional[pulumi.Input[Mapping[str, Any]]] = None
    """``{"logGroupName": str}``: the CloudWatch Logs group for the build's logs."""

    tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None
    """Tags on the image build version (1-50; keys 1-128 characters, values up to 256). Changed in place."""

    client_token: Optional[pulumi.Input[str]] = None
    """Idempotency token for CreateImage (1-64 characters). A fresh one is generated per build when omitted,
    which is what you want: a fixed token makes a later replacement with other inputs fail with
    IdempotentParameterMismatchException, since AWS remembers the token with its first request."""

    build_timeout_minutes: Optional[pulumi.Input[float]] = None
    """How long to wait for the build before giving up (default 240 minutes). Never forces a new build."""

    poll_min_seconds: Optional[pulumi.Input[float]] = None
    """Shortest pause between status reads (default 5 seconds). Never forces a new build."""

    poll_max_seconds: Optional[pulumi.Input[float]] = None
    """Longest pause between status reads (default 60 seconds). Never forces a new build."""

    cancel_on_timeout: Optional[pulumi.Input[bool]] = None
    """Cancel the build when the timeout expires (default true); otherwise it is left running."""

    delete_output_resources: Optional[pulumi.Input[bool]] = None
    """On destroy or replacement, also delete the build's AMIs, snapshots and container images (default false:
    DeleteImage alone keeps them, as AWS does). Needs ``deletion_execution_role``. Never forces a new build."""

    deletion_execution_role: Optional[pulumi.Input[str]] = None
    """The IAM role (name or ARN) Image Builder deletes the AMIs, snapshots and container images with, as
    StartResourceStateUpdate's ``executionRole``; required with ``delete_output_resources``. Changed in place:
    a later destroy uses the current one. Never forces a new build."""

    region: Optional[pulumi.Input[str]] = None
    """The region to build in, e.g. ``eu-west-1`` (default: the stack's ``aws:region``). Every later call (refresh,
    retag, destroy) goes there too, and ``ami_id`` is the AMI there. Changing it builds anew in the new region."""

    profile: Optional[pulumi.Input[str]] = None
    """The AWS profile to sign every call with (default: the stack's ``aws:profile``). Never forces a new build."""

    def to_props(self) -> dict[str, Any]:
        """The arguments as the provider's camelCase properties, unset ones omitted."""
        return camel_props(self)


class ImageBuild(BuildOutputs, pulumi.dynamic.Resource, module="imagebuilder", name="ImageBuild"):
    """An EC2 Image Builder image build version, built by ``pulumi up`` and waited for.

    Creating it starts CreateImage and blocks until the build is terminal: AVAILABLE gives
    the outputs; FAILED or CANCELLED fails the deployment with the reason, the failing
    step and where the logs are. Its id is the image build version ARN.
    """

    def __init__(
        self, resource_name: str, args: ImageBuildArgs, opts: Optional[pulumi.ResourceOptions] = None
    ) -> None:
        props = {**args.to_props(), **{name: None for name in OUTPUT_NAMES}}
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
