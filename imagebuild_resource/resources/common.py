"""What the build resources share: their outputs, their arguments as properties, and ``get()``."""

from __future__ import annotations

import dataclasses
from typing import Any, Optional, Sequence, TypeVar

import pulumi
import pulumi.dynamic

R = TypeVar("R", bound=pulumi.dynamic.Resource)


def camel_props(args: Any) -> dict[str, Any]:
    """A dataclass of arguments as the provider's camelCase properties, unset ones omitted."""
    return {
        _camel(field.name): getattr(args, field.name)
        for field in dataclasses.fields(args)
        if getattr(args, field.name) is not None
    }


def adopt(cls: type[R], provider: pulumi.dynamic.ResourceProvider, resource_name: str, id: pulumi.Input[str],
          names: Sequence[str], opts: Optional[pulumi.ResourceOptions]) -> R:
    """A ``cls`` read by the provider's read() from the build ``id``, declaring ``names`` as its outputs."""
    adopted = cls.__new__(cls)
    pulumi.dynamic.Resource.__init__(adopted, provider, resource_name, {name: None for name in names},
                                     pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(id=id)))
    return adopted


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


class BuildOutputs:
    """The outputs of every build resource: the image build version and what it made."""

    @property
    def image_build_version_arn(self) -> pulumi.Output[str]:
        """ARN of the image build version (``arn:aws:imagebuilder:REGION:ACCOUNT:image/NAME/X.Y.Z/N``)."""
        return self.__dict__["imageBuildVersionArn"]

    @property
    def final_status(self) -> pulumi.Output[str]:
        """The build's terminal status: ``AVAILABLE`` for every build that deployed."""
        return self.__dict__["finalStatus"]

    @property
    def final_reason(self) -> pulumi.Output[Optional[str]]:
        """The reason Image Builder gave with the final status, if any."""
        return self.__dict__["finalReason"]

    @property
    def amis(self) -> pulumi.Output[list[dict[str, str]]]:
        """Every AMI distributed: ``[{"region", "imageId", "name", "accountId"}]``."""
        return self.__dict__["amis"]

    @property
    def ami_id(self) -> pulumi.Output[Optional[str]]:
        """The AMI in the build's region (``region``, else ``aws:region``): the value for
        ``aws.ec2.LaunchTemplate(image_id=...)``."""
        return self.__dict__["amiId"]

    @property
    def container_image_uris(self) -> pulumi.Output[list[str]]:
        """URIs of the container images built from a container recipe."""
        return self.__dict__["containerImageUris"]

    @property
    def version(self) -> pulumi.Output[str]:
        """Semantic version of the image (the recipe's version)."""
        return self.__dict__["version"]

    @property
    def platform(self) -> pulumi.Output[str]:
        """Operating system platform: ``Linux``, ``Windows`` or ``macOS``."""
        return self.__dict__["platform"]

    @property
    def os_version(self) -> pulumi.Output[str]:
        """Operating system version of the image, e.g. ``Amazon Linux 2023``."""
        return self.__dict__["osVersion"]

    @property
    def date_created(self) -> pulumi.Output[str]:
        """When the build version was created."""
        return self.__dict__["dateCreated"]
