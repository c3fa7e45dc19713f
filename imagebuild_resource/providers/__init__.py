"""The dynamic providers, one module per resource, on what every build provider shares (:mod:`.base`)."""

from .base import BuildFailed, BuildProvider
from .image_build import ImageBuildProvider
from .pipeline_build import PIPELINE_OUTPUT, PipelineBuildProvider
from .settings import Settings

__all__ = ["BuildFailed", "BuildProvider", "ImageBuildProvider", "PIPELINE_OUTPUT", "PipelineBuildProvider",
           "Settings"]
