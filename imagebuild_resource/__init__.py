"""imagebuild-resource: build an EC2 Image Builder image from ``pulumi up`` and wait for it."""

from .pipeline_resource import PipelineBuild, PipelineBuildArgs
from .resource import ImageBuild, ImageBuildArgs

__all__ = ["ImageBuild", "ImageBuildArgs", "PipelineBuild", "PipelineBuildArgs"]
