"""imagebuild-resource: build an EC2 Image Builder image from ``pulumi up`` and wait for it."""

from .resources import ImageBuild, ImageBuildArgs, PipelineBuild, PipelineBuildArgs

__all__ = ["ImageBuild", "ImageBuildArgs", "PipelineBuild", "PipelineBuildArgs"]
