"""The ImageDistribution resource, its typed arguments (``ImageDistributionArgs``) and their dict form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NotRequired, Optional, TypedDict, overload

import pulumi
import pulumi.dynamic

from ..inputs.table import TAGS
from ..outputs import OUTPUT_NAMES
from ..providers.image_distribution import ImageDistributionProvider
from ..waves import count_build
from .common import BuildOutputs, adopt
from .construct import args_and_opts, input_props


class ImageDistributionArgsDict(TypedDict):
    """The arguments of an :class:`ImageDistribution` as a dict, with the keys of :class:`ImageDistributionArgs`."""

    source_image: pulumi.Input[str]
    """The AMI to distribute: an AMI ID (``image.ami_id``), ``ssm:`` and a parameter, or an image ARN."""
    distribution_configuration_arn: pulumi.Input[str]
    """ARN of the distribution configuration: the regions and accounts to copy the AMI to."""
    execution_role: pulumi.Input[str]
    """IAM role name or ARN that Image Builder assumes to distribute the image."""
    tags: NotRequired[Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]]
    """Tags on the image build version the distribution creates. Changed in place."""
    region: NotRequired[Optional[pulumi.Input[str]]]
    """The region to distribute from (the provider's ``aws:region`` when unset)."""
    profile: NotRequired[Optional[pulumi.Input[str]]]
    """The AWS profile for this resource's calls (``aws:profile`` when unset)."""
    build_timeout_minutes: NotRequired[Optional[pulumi.Input[float]]]
    """How long to wait for the distribution (default 240 minutes). Never forces a new distribution."""
    poll_min_seconds: NotRequired[Optional[pulumi.Input[float]]]
    """Shortest pause between status reads (default 5 seconds)."""
    poll_max_seconds: NotRequired[Optional[pulumi.Input[float]]]
    """Longest pause between status reads (default 60 seconds)."""
    cancel_on_timeout: NotRequired[Optional[pulumi.Input[bool]]]
    """Cancel the distribution when the timeout expires (default true)."""
    delete_output_resources: NotRequired[Optional[pulumi.Input[bool]]]
    """On destroy, also delete the distributed AMIs and snapshots (default false); needs ``deletion_execution_role``."""
    deletion_execution_role: NotRequired[Optional[pulumi.Input[str]]]
    """The IAM role (name or ARN) Image Builder deletes the AMIs and snapshots with."""


@pulumi.input_type
class ImageDistributionArgs:
    """The arguments of an :class:`ImageDistribution`: DistributeImage's members, the region, and how to wait.

    Changing ``tags`` updates the distribution's build version in place; changing any other
    argument but an option distributes anew (the new one is created before the old one is deleted).
    """

    def __init__(__self__, *, source_image: pulumi.Input[str], distribution_configuration_arn: pulumi.Input[str],
                 execution_role: pulumi.Input[str],
                 tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
                 region: Optional[pulumi.Input[str]] = None,
                 profile: Optional[pulumi.Input[str]] = None,
                 build_timeout_minutes: Optional[pulumi.Input[float]] = None,
                 poll_min_seconds: Optional[pulumi.Input[float]] = None,
                 poll_max_seconds: Optional[pulumi.Input[float]] = None,
                 cancel_on_timeout: Optional[pulumi.Input[bool]] = None,
                 delete_output_resources: Optional[pulumi.Input[bool]] = None,
                 deletion_execution_role: Optional[pulumi.Input[str]] = None) -> None:
        for name, value in dict(locals()).items():
            if name != "__self__" and value is not None:
                pulumi.set(__self__, name, value)

    @property
    @pulumi.getter(name="sourceImage")
    def source_image(self) -> pulumi.Input[str]:
        """The AMI to distribute: an AMI ID (``image.ami_id``), ``ssm:`` and a parameter, or an image ARN. The source
        must resolve to an AMI in the region the distribution runs in."""
        return pulumi.get(self, "source_image")

    @source_image.setter
    def source_image(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "source_image", value)

    @property
    @pulumi.getter(name="distributionConfigurationArn")
    def distribution_configuration_arn(self) -> pulumi.Input[str]:
        """ARN of the distribution configuration: the regions and accounts to copy the AMI to. It must be in the
        region the distribution runs in."""
        return pulumi.get(self, "distribution_configuration_arn")

    @distribution_configuration_arn.setter
    def distribution_configuration_arn(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "distribution_configuration_arn", value)

    @property
    @pulumi.getter(name="executionRole")
    def execution_role(self) -> pulumi.Input[str]:
        """IAM role name or ARN that Image Builder assumes to distribute the image."""
        return pulumi.get(self, "execution_role")

    @execution_role.setter
    def execution_role(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "execution_role", value)

    @property
    @pulumi.getter
    def tags(self) -> Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]:
        """Tags on the image build version the distribution creates (at most 46). Changed in place."""
        return pulumi.get(self, "tags")

    @tags.setter
    def tags(self, value: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]) -> None:
        pulumi.set(self, "tags", value)

    @property
    @pulumi.getter
    def region(self) -> Optional[pulumi.Input[str]]:
        """The region to distribute from (the provider's ``aws:region`` when unset). A change distributes anew."""
        return pulumi.get(self, "region")

    @region.setter
    def region(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "region", value)

    @property
    @pulumi.getter
    def profile(self) -> Optional[pulumi.Input[str]]:
        """The AWS profile for this resource's calls (``aws:profile`` when unset). Changed in place."""
        return pulumi.get(self, "profile")

    @profile.setter
    def profile(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "profile", value)

    @property
    @pulumi.getter(name="buildTimeoutMinutes")
    def build_timeout_minutes(self) -> Optional[pulumi.Input[float]]:
        """How long to wait for the distribution before giving up (default 240 minutes). Never forces a change."""
        return pulumi.get(self, "build_timeout_minutes")

    @build_timeout_minutes.setter
    def build_timeout_minutes(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "build_timeout_minutes", value)

    @property
    @pulumi.getter(name="pollMinSeconds")
    def poll_min_seconds(self) -> Optional[pulumi.Input[float]]:
        """Shortest pause between status reads (default 5 seconds). Never forces a change."""
        return pulumi.get(self, "poll_min_seconds")

    @poll_min_seconds.setter
    def poll_min_seconds(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "poll_min_seconds", value)

    @property
    @pulumi.getter(name="pollMaxSeconds")
    def poll_max_seconds(self) -> Optional[pulumi.Input[float]]:
        """Longest pause between status reads (default 60 seconds). Never forces a change."""
        return pulumi.get(self, "poll_max_seconds")

    @poll_max_seconds.setter
    def poll_max_seconds(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "poll_max_seconds", value)

    @property
    @pulumi.getter(name="cancelOnTimeout")
    def cancel_on_timeout(self) -> Optional[pulumi.Input[bool]]:
        """Cancel the distribution when the timeout expires (default true); otherwise it is left running."""
        return pulumi.get(self, "cancel_on_timeout")

    @cancel_on_timeout.setter
    def cancel_on_timeout(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "cancel_on_timeout", value)

    @property
    @pulumi.getter(name="deleteOutputResources")
    def delete_output_resources(self) -> Optional[pulumi.Input[bool]]:
        """On destroy or replacement, also delete the distributed AMIs and snapshots (default false: DeleteImage
        alone keeps them). Needs ``deletion_execution_role``. Never forces a change."""
        return pulumi.get(self, "delete_output_resources")

    @delete_output_resources.setter
    def delete_output_resources(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "delete_output_resources", value)

    @property
    @pulumi.getter(name="deletionExecutionRole")
    def deletion_execution_role(self) -> Optional[pulumi.Input[str]]:
        """The IAM role (name or ARN) Image Builder deletes the AMIs and snapshots with; required with
        ``delete_output_resources``. Changed in place."""
        return pulumi.get(self, "deletion_execution_role")

    @deletion_execution_role.setter
    def deletion_execution_role(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "deletion_execution_role", value)


class ImageDistribution(BuildOutputs, pulumi.dynamic.Resource, module="imagebuilder", name="ImageDistribution"):
    """An existing AMI distributed to more regions and accounts with DistributeImage, waited for by ``pulumi up``.

    Creating it runs DistributeImage, which makes a new image build version that runs only the
    distribution phase, and blocks until it ends: AVAILABLE gives the outputs (those of
    :class:`ImageBuild`), FAILED or CANCELLED fails the deployment with the reason. Its id is the
    new image build version ARN; destroy deletes it as :class:`ImageBuild`'s destroy does.
    """

    @overload
    def __init__(self, resource_name: str, args: ImageDistributionArgs,
                 opts: Optional[pulumi.ResourceOptions] = None) -> None: ...

    @overload
    def __init__(self, resource_name: str, opts: Optional[pulumi.ResourceOptions] = None, *,
                 source_image: pulumi.Input[str], distribution_configuration_arn: pulumi.Input[str],
                 execution_role: pulumi.Input[str],
                 tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
                 region: Optional[pulumi.Input[str]] = None,
                 profile: Optional[pulumi.Input[str]] = None,
                 build_timeout_minutes: Optional[pulumi.Input[float]] = None,
                 poll_min_seconds: Optional[pulumi.Input[float]] = None,
                 poll_max_seconds: Optional[pulumi.Input[float]] = None,
                 cancel_on_timeout: Optional[pulumi.Input[bool]] = None,
                 delete_output_resources: Optional[pulumi.Input[bool]] = None,
                 deletion_execution_role: Optional[pulumi.Input[str]] = None) -> None: ...

    def __init__(self, resource_name: str, *args: Any, **kwargs: Any) -> None:
        given, opts = args_and_opts("ImageDistribution", ImageDistributionArgs, args, kwargs)
        props = {**input_props(given), **{name: None for name in OUTPUT_NAMES}}
        count_build()
        super().__init__(ImageDistributionProvider(), resource_name, props, opts)

    @classmethod
    def get(cls, resource_name: str, id: pulumi.Input[str],
            opts: Optional[pulumi.ResourceOptions] = None) -> "ImageDistribution":
        """Read an existing distribution's image build version, by its ARN, with every output (and its tags)."""
        return adopt(cls, ImageDistributionProvider(), resource_name, id, (*OUTPUT_NAMES, TAGS), opts)
