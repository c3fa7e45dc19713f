"""The resources: one module per resource, on what every build resource shares (:mod:`.common`)."""

from .image_build import ImageBuild, ImageBuildArgs
from .image_distribution import ImageDistribution, ImageDistributionArgs, ImageDistributionArgsDict
from .pipeline_build import PipelineBuild, PipelineBuildArgs

__all__ = ["ImageBuild", "ImageBuildArgs", "ImageDistribution", "ImageDistributionArgs", "ImageDistributionArgsDict",
           "PipelineBuild", "PipelineBuildArgs"]
