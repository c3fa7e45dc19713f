"""What the build resources share: their typed outputs and ``get()``.

The outputs' annotations are real objects, not strings: the SDK reads each getter's return
type (``pulumi.Output[list[Ami]]``) to hand the program ``amis`` entries as :class:`.Ami`.
"""

from typing import Optional, Sequence, TypeVar

import pulumi
import pulumi.dynamic

from .ami import Ami

R = TypeVar("R", bound=pulumi.dynamic.Resource)


def adopt(cls: type[R], provider: pulumi.dynamic.ResourceProvider, resource_name: str, id: pulumi.Input[str],
          names: Sequence[str], opts: Optional[pulumi.ResourceOptions]) -> R:
    """A ``cls`` read by the provider's read() from the build ``id``, declaring ``names`` as its outputs."""
    adopted = cls.__new__(cls)
    pulumi.dynamic.Resource.__init__(adopted, provider, resource_name, {name: None for name in names},
                                     pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))
    return adopted


class BuildOutputs:
    """The outputs of every build resource: the image build version and what it made."""

    @property
    @pulumi.getter(name="imageBuildVersionArn")
    def image_build_version_arn(self) -> pulumi.Output[str]:
        """ARN of the image build version (``arn:aws:imagebuilder:REGION:ACCOUNT:image/NAME/X.Y.Z/N``)."""
        return self.__dict__["imageBuildVersionArn"]

    @property
    @pulumi.getter(name="finalStatus")
    def final_status(self) -> pulumi.Output[str]:
        """The build's terminal status: ``AVAILABLE`` for every build that deployed."""
        return self.__dict__["finalStatus"]

    @property
    @pulumi.getter(name="finalReason")
    def final_reason(self) -> pulumi.Output[Optional[str]]:
        """The reason Image Builder gave with the final status, if any."""
        return self.__dict__["finalReason"]

    @property
    @pulumi.getter
    def amis(self) -> pulumi.Output[list[Ami]]:
        """Every AMI distributed, each an :class:`.Ami` (``ami.image_id``, ``ami.region``; as a dict, ``ami["imageId"]``)."""
        return self.__dict__["amis"]

    @property
    @pulumi.getter(name="amiId")
    def ami_id(self) -> pulumi.Output[Optional[str]]:
        """The AMI in the build's region (``region``, else ``aws:region``): the value for
        ``aws.ec2.LaunchTemplate(image_id=...)``."""
        return self.__dict__["amiId"]

    @property
    @pulumi.getter(name="containerImageUris")
    def container_image_uris(self) -> pulumi.Output[list[str]]:
        """URIs of the container images built from a container recipe."""
        return self.__dict__["containerImageUris"]

    @property
    @pulumi.getter
    def version(self) -> pulumi.Output[str]:
        """Semantic version of the image (the recipe's version)."""
        return self.__dict__["version"]

    @property
    @pulumi.getter
    def platform(self) -> pulumi.Output[str]:
        """Operating system platform: ``Linux``, ``Windows`` or ``macOS``."""
        return self.__dict__["platform"]

    @property
    @pulumi.getter(name="osVersion")
    def os_version(self) -> pulumi.Output[str]:
        """Operating system version of the image, e.g. ``Amazon Linux 2023``."""
        return self.__dict__["osVersion"]

    @property
    @pulumi.getter(name="dateCreated")
    def date_created(self) -> pulumi.Output[str]:
        """When the build version was created."""
        return self.__dict__["dateCreated"]
