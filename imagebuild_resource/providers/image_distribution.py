"""The ImageDistribution provider: an existing AMI distributed with DistributeImage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..imagebuilder.request import BuildStart, DistributeImageStart
from ..inputs import image_distribution
from ..inputs.table import TAGS
from .base import BuildProvider, InputTable


class ImageDistributionKind:
    """Inputs: the source image, the distribution configuration, the role, tags, region and the options; a
    distribution starts with DistributeImage; no outputs of its own."""

    table: ClassVar[InputTable] = image_distribution

    def start(self, given: Mapping[str, Any]) -> BuildStart:
        members = image_distribution.distribute_members(given)
        return DistributeImageStart(str(members[image_distribution.SOURCE_IMAGE]),
                                    str(members[image_distribution.DISTRIBUTION]),
                                    str(members[image_distribution.EXECUTION_ROLE]), dict(members.get(TAGS) or {}))

    def identity_members(self, given: Mapping[str, Any]) -> Mapping[str, Any]:
        return image_distribution.distribute_members(given)

    def outputs(self, image: Mapping[str, Any]) -> dict[str, Any]:
        return {}


class ImageDistributionProvider(BuildProvider):
    """Distributes one existing AMI per resource with DistributeImage and waits for the distribution."""

    kind = ImageDistributionKind()
