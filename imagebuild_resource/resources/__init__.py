"""The resources: one module per resource and one per resource's typed arguments, on what they share."""

from .ami import Ami
from .image_build import ImageBuild
from .image_build_args import (
    ImageBuildArgs,
    ImageBuildImageScanningConfigurationArgs,
    ImageBuildImageScanningConfigurationArgsDict,
    ImageBuildImageScanningConfigurationEcrConfigurationArgs,
    ImageBuildImageScanningConfigurationEcrConfigurationArgsDict,
    ImageBuildImageScanningConfigurationScanResultConditionArgs,
    ImageBuildImageScanningConfigurationScanResultConditionArgsDict,
    ImageBuildImageTestsConfigurationArgs,
    ImageBuildImageTestsConfigurationArgsDict,
    ImageBuildLoggingConfigurationArgs,
    ImageBuildLoggingConfigurationArgsDict,
    ImageBuildWorkflowArgs,
    ImageBuildWorkflowArgsDict,
    ImageBuildWorkflowParameterArgs,
    ImageBuildWorkflowParameterArgsDict,
)
from .image_distribution import ImageDistribution, ImageDistributionArgs, ImageDistributionArgsDict
from .pipeline_build import PipelineBuild
from .pipeline_build_args import PipelineBuildArgs

__all__ = [
    "Ami",
    "ImageBuild",
    "ImageBuildArgs",
    "ImageBuildImageScanningConfigurationArgs",
    "ImageBuildImageScanningConfigurationArgsDict",
    "ImageBuildImageScanningConfigurationEcrConfigurationArgs",
    "ImageBuildImageScanningConfigurationEcrConfigurationArgsDict",
    "ImageBuildImageScanningConfigurationScanResultConditionArgs",
    "ImageBuildImageScanningConfigurationScanResultConditionArgsDict",
    "ImageBuildImageTestsConfigurationArgs",
    "ImageBuildImageTestsConfigurationArgsDict",
    "ImageBuildLoggingConfigurationArgs",
    "ImageBuildLoggingConfigurationArgsDict",
    "ImageBuildWorkflowArgs",
    "ImageBuildWorkflowArgsDict",
    "ImageBuildWorkflowParameterArgs",
    "ImageBuildWorkflowParameterArgsDict",
    "ImageDistribution",
    "ImageDistributionArgs",
    "ImageDistributionArgsDict",
    "PipelineBuild",
    "PipelineBuildArgs",
]
