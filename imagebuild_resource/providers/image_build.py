"""The ImageBuild provider: a build from CreateImage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from ..imagebuilder.request import BuildStart, CreateImageStart
from ..inputs import image_build
from .base import BuildProvider, InputTable


class ImageBuildKind:
    """Inputs: CreateImage's members and the options; a build starts with CreateImage; no outputs of its own."""

    table: ClassVar[InputTable] = image_build

    def start(self, given: Mapping[str, Any]) -> BuildStart:
        return CreateImageStart(image_build.create_members(given))

    def identity_members(self, given: Mapping[str, Any]) -> Mapping[str, Any]:
        return image_build.create_members(given)

    def outputs(self, image: Mapping[str, Any]) -> dict[str, Any]:
        return {}


class ImageBuildProvider(BuildProvider):
    """Builds one Image Builder image version per resource with CreateImage and waits for it."""

    kind = ImageBuildKind()
