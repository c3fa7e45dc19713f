"""imagebuild-resource: build an EC2 Image Builder image from ``pulumi up`` and wait for it."""

from .resources import (ImageBuild, ImageBuildArgs, ImageDistribution, ImageDistributionArgs, ImageDistributionArgsDict,
                        PipelineBuild, PipelineBuildArgs)

__all__ = ["ImageBuild", "ImageBuildArgs", "ImageDistribution", "ImageDistributionArgs", "ImageDistributionArgsDict",
           "PipelineBuild", "PipelineBuildArgs"]
