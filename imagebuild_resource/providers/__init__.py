"""The dynamic providers, one module per resource, on what every build provider shares (:mod:`.base`)."""

from .base import BuildFailed, BuildProvider
from .image_build import ImageBuildProvider
from .image_distribution import ImageDistributionProvider
from .pipeline_build import PIPELINE_OUTPUT, PipelineBuildProvider
from .settings import Settings

__all__ = ["BuildFailed", "BuildProvider", "ImageBuildProvider", "ImageDistributionProvider", "PIPELINE_OUTPUT",
           "PipelineBuildProvider", "Settings"]
