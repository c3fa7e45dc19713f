"""The ImageBuild provider's module in release 0.1.0.

Pulumi pickled that release's providers into users' states by module path
(``imagebuild_resource.provider.ImageBuildProvider`` and ``...provider.Settings``); this
module keeps those paths loading. New code imports :mod:`imagebuild_resource.providers`.
"""

from .providers import BuildFailed, ImageBuildProvider, Settings

__all__ = ["BuildFailed", "ImageBuildProvider", "Settings"]
