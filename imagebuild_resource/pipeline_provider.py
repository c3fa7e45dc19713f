"""The PipelineBuild provider's module in release 0.1.0.

Pulumi pickled that release's providers into users' states by module path
(``imagebuild_resource.pipeline_provider.PipelineBuildProvider``); this module keeps that
path loading. New code imports :mod:`imagebuild_resource.providers`.
"""

from .providers import PipelineBuildProvider

__all__ = ["PipelineBuildProvider"]
