"""ImageBuild's typed arguments: :class:`ImageBuildArgs` and an Args class and snake_case ArgsDict per nested member.

Named as pulumi-aws names its ``aws.imagebuilder.Image`` types (``ImageImageTestsConfigurationArgs``
and ``...ArgsDict``), after the resource; the members are CreateImage's, in botocore's model.
"""

from __future__ import annotations

from typing import Any, Mapping, NotRequired, Optional, Sequence, TypedDict, Union

import pulumi

__all__ = [
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
]


class ImageBuildImageTestsConfigurationArgsDict(TypedDict):
    """Whether and how long Image Builder runs tests on the image after building it (CreateImage's
    ``imageTestsConfiguration``). The snake_case dict form of :class:`ImageBuildImageTestsConfigurationArgs`."""

    image_tests_enabled: NotRequired[pulumi.Input[bool]]
    """Run the tests after building the image, before distributing it (Image Builder's default: true)."""
    timeout_minutes: NotRequired[pulumi.Input[int]]
    """The most minutes the tests may run, 60 to 1440 (Image Builder's default: 720)."""


@pulumi.input_type
class ImageBuildImageTestsConfigurationArgs:
    """Whether and how long Image Builder runs tests on the image after building it (CreateImage's
    ``imageTestsConfiguration``)."""

    def __init__(__self__, *,
                 image_tests_enabled: Optional[pulumi.Input[bool]] = None,
                 timeout_minutes: Optional[pulumi.Input[int]] = None) -> None:
        if image_tests_enabled is not None:
            pulumi.set(__self__, "image_tests_enabled", image_tests_enabled)
        if timeout_minutes is not None:
            pulumi.set(__self__, "timeout_minutes", timeout_minutes)

    @property
    @pulumi.getter(name="imageTestsEnabled")
    def image_tests_enabled(self) -> Optional[pulumi.Input[bool]]:
        """Run the tests after building the image, before distributing it (Image Builder's default: true)."""
        return pulumi.get(self, "image_tests_enabled")

    @image_tests_enabled.setter
    def image_tests_enabled(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "image_tests_enabled", value)

    @property
    @pulumi.getter(name="timeoutMinutes")
    def timeout_minutes(self) -> Optional[pulumi.Input[int]]:
        """The most minutes the tests may run, 60 to 1440 (Image Builder's default: 720)."""
        return pulumi.get(self, "timeout_minutes")

    @timeout_minutes.setter
    def timeout_minutes(self, value: Optional[pulumi.Input[int]]) -> None:
        pulumi.set(self, "timeout_minutes", value)


ImageTestsConfigurationInput = pulumi.Input[Union[
    ImageBuildImageTestsConfigurationArgs, ImageBuildImageTestsConfigurationArgsDict, Mapping[str, Any]]]
"""An image tests configuration, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


class ImageBuildImageScanningConfigurationEcrConfigurationArgsDict(TypedDict):
    """Where Image Builder pushes a container image for its vulnerability scan (``ecrConfiguration``). The snake_case
    dict form of :class:`ImageBuildImageScanningConfigurationEcrConfigurationArgs`."""

    repository_name: NotRequired[pulumi.Input[str]]
    """The ECR repository for the scan: its name only (a namespace path such as ``team/scans`` is allowed), without the
    registry hostname."""
    container_tags: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """Tags Image Builder applies to the container image that Amazon Inspector scans."""


@pulumi.input_type
class ImageBuildImageScanningConfigurationEcrConfigurationArgs:
    """Where Image Builder pushes a container image for its vulnerability scan (``ecrConfiguration``)."""

    def __init__(__self__, *,
                 repository_name: Optional[pulumi.Input[str]] = None,
                 container_tags: Optional[pulumi.Input[Sequence[pulumi.Input[str]]]] = None) -> None:
        if repository_name is not None:
            pulumi.set(__self__, "repository_name", repository_name)
        if container_tags is not None:
            pulumi.set(__self__, "container_tags", container_tags)

    @property
    @pulumi.getter(name="repositoryName")
    def repository_name(self) -> Optional[pulumi.Input[str]]:
        """The ECR repository for the scan: its name only (a namespace path such as ``team/scans`` is allowed), without
        the registry hostname."""
        return pulumi.get(self, "repository_name")

    @repository_name.setter
    def repository_name(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "repository_name", value)

    @property
    @pulumi.getter(name="containerTags")
    def container_tags(self) -> Optional[pulumi.Input[Sequence[pulumi.Input[str]]]]:
        """Tags Image Builder applies to the container image that Amazon Inspector scans."""
        return pulumi.get(self, "container_tags")

    @container_tags.setter
    def container_tags(self, value: Optional[pulumi.Input[Sequence[pulumi.Input[str]]]]) -> None:
        pulumi.set(self, "container_tags", value)


EcrConfigurationInput = pulumi.Input[Union[
    ImageBuildImageScanningConfigurationEcrConfigurationArgs,
    ImageBuildImageScanningConfigurationEcrConfigurationArgsDict,
    Mapping[str, Any]]]
"""An ECR configuration of a scan, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


class ImageBuildImageScanningConfigurationScanResultConditionArgsDict(TypedDict):
    """What the output AMI's scan results must meet for the image to pass (``scanResultCondition``; only with
    ``image_scanning_types=["ON_DEMAND_AMI_CVE"]``). The snake_case dict form of
    :class:`ImageBuildImageScanningConfigurationScanResultConditionArgs`."""

    maximum_severity_label: pulumi.Input[str]
    """The highest severity a finding may have without failing the image (one of the model's ``MaximumSeverityLabel``
    values, e.g. ``HIGH``)."""
    fix_available: NotRequired[pulumi.Input[bool]]
    """Count only the findings that have a fix available toward ``maximum_severity_label``."""


@pulumi.input_type
class ImageBuildImageScanningConfigurationScanResultConditionArgs:
    """What the output AMI's scan results must meet for the image to pass (``scanResultCondition``; only with
    ``image_scanning_types=["ON_DEMAND_AMI_CVE"]``)."""

    def __init__(__self__, *,
                 maximum_severity_label: pulumi.Input[str],
                 fix_available: Optional[pulumi.Input[bool]] = None) -> None:
        pulumi.set(__self__, "maximum_severity_label", maximum_severity_label)
        if fix_available is not None:
            pulumi.set(__self__, "fix_available", fix_available)

    @property
    @pulumi.getter(name="maximumSeverityLabel")
    def maximum_severity_label(self) -> pulumi.Input[str]:
        """The highest severity a finding may have without failing the image (one of the model's
        ``MaximumSeverityLabel`` values, e.g. ``HIGH``)."""
        return pulumi.get(self, "maximum_severity_label")

    @maximum_severity_label.setter
    def maximum_severity_label(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "maximum_severity_label", value)

    @property
    @pulumi.getter(name="fixAvailable")
    def fix_available(self) -> Optional[pulumi.Input[bool]]:
        """Count only the findings that have a fix available toward ``maximum_severity_label``."""
        return pulumi.get(self, "fix_available")

    @fix_available.setter
    def fix_available(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "fix_available", value)


ScanResultConditionInput = pulumi.Input[Union[
    ImageBuildImageScanningConfigurationScanResultConditionArgs,
    ImageBuildImageScanningConfigurationScanResultConditionArgsDict,
    Mapping[str, Any]]]
"""A scan result condition, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


class ImageBuildImageScanningConfigurationArgsDict(TypedDict):
    """Whether and how Amazon Inspector scans the image for vulnerabilities (CreateImage's
    ``imageScanningConfiguration``). The snake_case dict form of :class:`ImageBuildImageScanningConfigurationArgs`."""

    image_scanning_enabled: NotRequired[pulumi.Input[bool]]
    """Scan the new image with Amazon Inspector; image tests must be enabled too."""
    ecr_configuration: NotRequired[EcrConfigurationInput]
    """The ECR repository and tags of a container image's scan."""
    image_scanning_types: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """The one scan to run for AMI output: ``["TEST_INSTANCE_CVE"]`` or ``["ON_DEMAND_AMI_CVE"]`` (the latter needs an
    image recipe)."""
    scan_result_condition: NotRequired[ScanResultConditionInput]
    """What the scan results must meet for the image to pass."""


@pulumi.input_type
class ImageBuildImageScanningConfigurationArgs:
    """Whether and how Amazon Inspector scans the image for vulnerabilities (CreateImage's
    ``imageScanningConfiguration``)."""

    def __init__(__self__, *,
                 image_scanning_enabled: Optional[pulumi.Input[bool]] = None,
                 ecr_configuration: Optional[EcrConfigurationInput] = None,
                 image_scanning_types: Optional[pulumi.Input[Sequence[pulumi.Input[str]]]] = None,
                 scan_result_condition: Optional[ScanResultConditionInput] = None) -> None:
        if image_scanning_enabled is not None:
            pulumi.set(__self__, "image_scanning_enabled", image_scanning_enabled)
        if ecr_configuration is not None:
            pulumi.set(__self__, "ecr_configuration", ecr_configuration)
        if image_scanning_types is not None:
            pulumi.set(__self__, "image_scanning_types", image_scanning_types)
        if scan_result_condition is not None:
            pulumi.set(__self__, "scan_result_condition", scan_result_condition)

    @property
    @pulumi.getter(name="imageScanningEnabled")
    def image_scanning_enabled(self) -> Optional[pulumi.Input[bool]]:
        """Scan the new image with Amazon Inspector; image tests must be enabled too."""
        return pulumi.get(self, "image_scanning_enabled")

    @image_scanning_enabled.setter
    def image_scanning_enabled(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "image_scanning_enabled", value)

    @property
    @pulumi.getter(name="ecrConfiguration")
    def ecr_configuration(self) -> Optional[EcrConfigurationInput]:
        """The ECR repository and tags of a container image's scan."""
        return pulumi.get(self, "ecr_configuration")

    @ecr_configuration.setter
    def ecr_configuration(self, value: Optional[EcrConfigurationInput]) -> None:
        pulumi.set(self, "ecr_configuration", value)

    @property
    @pulumi.getter(name="imageScanningTypes")
    def image_scanning_types(self) -> Optional[pulumi.Input[Sequence[pulumi.Input[str]]]]:
        """The one scan to run for AMI output: ``["TEST_INSTANCE_CVE"]`` or ``["ON_DEMAND_AMI_CVE"]`` (the latter needs
        an image recipe)."""
        return pulumi.get(self, "image_scanning_types")

    @image_scanning_types.setter
    def image_scanning_types(self, value: Optional[pulumi.Input[Sequence[pulumi.Input[str]]]]) -> None:
        pulumi.set(self, "image_scanning_types", value)

    @property
    @pulumi.getter(name="scanResultCondition")
    def scan_result_condition(self) -> Optional[ScanResultConditionInput]:
        """What the scan results must meet for the image to pass."""
        return pulumi.get(self, "scan_result_condition")

    @scan_result_condition.setter
    def scan_result_condition(self, value: Optional[ScanResultConditionInput]) -> None:
        pulumi.set(self, "scan_result_condition", value)


ImageScanningConfigurationInput = pulumi.Input[Union[
    ImageBuildImageScanningConfigurationArgs, ImageBuildImageScanningConfigurationArgsDict, Mapping[str, Any]]]
"""An image scanning configuration, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


class ImageBuildWorkflowParameterArgsDict(TypedDict):
    """One parameter value of a workflow (``workflows[].parameters[]``). The snake_case dict form of
    :class:`ImageBuildWorkflowParameterArgs`."""

    name: pulumi.Input[str]
    """The name of the parameter, as the workflow document defines it."""
    value: pulumi.Input[Sequence[pulumi.Input[str]]]
    """The parameter's value, as a list of strings."""


@pulumi.input_type
class ImageBuildWorkflowParameterArgs:
    """One parameter value of a workflow (``workflows[].parameters[]``)."""

    def __init__(__self__, *,
                 name: pulumi.Input[str],
                 value: pulumi.Input[Sequence[pulumi.Input[str]]]) -> None:
        pulumi.set(__self__, "name", name)
        pulumi.set(__self__, "value", value)

    @property
    @pulumi.getter
    def name(self) -> pulumi.Input[str]:
        """The name of the parameter, as the workflow document defines it."""
        return pulumi.get(self, "name")

    @name.setter
    def name(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "name", value)

    @property
    @pulumi.getter
    def value(self) -> pulumi.Input[Sequence[pulumi.Input[str]]]:
        """The parameter's value, as a list of strings."""
        return pulumi.get(self, "value")

    @value.setter
    def value(self, value: pulumi.Input[Sequence[pulumi.Input[str]]]) -> None:
        pulumi.set(self, "value", value)


WorkflowParameterInput = pulumi.Input[Union[
    ImageBuildWorkflowParameterArgs, ImageBuildWorkflowParameterArgsDict, Mapping[str, Any]]]
"""A workflow parameter, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


class ImageBuildWorkflowArgsDict(TypedDict):
    """One Image Builder workflow to run in the build (``workflows[]``); they replace the default workflows. The
    snake_case dict form of :class:`ImageBuildWorkflowArgs`."""

    workflow_arn: pulumi.Input[str]
    """ARN of the workflow (``arn:aws:imagebuilder:REGION:ACCOUNT:workflow/build|test|distribution/NAME/VERSION``)."""
    parameters: NotRequired[pulumi.Input[Sequence[WorkflowParameterInput]]]
    """Values for the parameters the workflow document defines."""
    parallel_group: NotRequired[pulumi.Input[str]]
    """The parallel group of a test workflow (test workflows only)."""
    on_failure: NotRequired[pulumi.Input[str]]
    """``ABORT`` or ``CONTINUE`` when the workflow fails (test workflows only)."""


@pulumi.input_type
class ImageBuildWorkflowArgs:
    """One Image Builder workflow to run in the build (``workflows[]``); they replace the default workflows."""

    def __init__(__self__, *,
                 workflow_arn: pulumi.Input[str],
                 parameters: Optional[pulumi.Input[Sequence[WorkflowParameterInput]]] = None,
                 parallel_group: Optional[pulumi.Input[str]] = None,
                 on_failure: Optional[pulumi.Input[str]] = None) -> None:
        pulumi.set(__self__, "workflow_arn", workflow_arn)
        if parameters is not None:
            pulumi.set(__self__, "parameters", parameters)
        if parallel_group is not None:
            pulumi.set(__self__, "parallel_group", parallel_group)
        if on_failure is not None:
            pulumi.set(__self__, "on_failure", on_failure)

    @property
    @pulumi.getter(name="workflowArn")
    def workflow_arn(self) -> pulumi.Input[str]:
        """ARN of the workflow (``arn:aws:imagebuilder:REGION:ACCOUNT:workflow/build|test|distribution/NAME/VERSION``).
        ARN of the workflow (``arn:aws:imagebuilder:REGION:ACCOUNT:workflow/build|test|distribution/NAME/VERSION``)."""
        return pulumi.get(self, "workflow_arn")

    @workflow_arn.setter
    def workflow_arn(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "workflow_arn", value)

    @property
    @pulumi.getter
    def parameters(self) -> Optional[pulumi.Input[Sequence[WorkflowParameterInput]]]:
        """Values for the parameters the workflow document defines."""
        return pulumi.get(self, "parameters")

    @parameters.setter
    def parameters(self, value: Optional[pulumi.Input[Sequence[WorkflowParameterInput]]]) -> None:
        pulumi.set(self, "parameters", value)

    @property
    @pulumi.getter(name="parallelGroup")
    def parallel_group(self) -> Optional[pulumi.Input[str]]:
        """The parallel group of a test workflow (test workflows only)."""
        return pulumi.get(self, "parallel_group")

    @parallel_group.setter
    def parallel_group(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "parallel_group", value)

    @property
    @pulumi.getter(name="onFailure")
    def on_failure(self) -> Optional[pulumi.Input[str]]:
        """``ABORT`` or ``CONTINUE`` when the workflow fails (test workflows only)."""
        return pulumi.get(self, "on_failure")

    @on_failure.setter
    def on_failure(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "on_failure", value)


WorkflowInput = pulumi.Input[Union[ImageBuildWorkflowArgs, ImageBuildWorkflowArgsDict, Mapping[str, Any]]]
"""A workflow, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


class ImageBuildLoggingConfigurationArgsDict(TypedDict):
    """Where the build's logs go (CreateImage's ``loggingConfiguration``). The snake_case dict form of
    :class:`ImageBuildLoggingConfigurationArgs`."""

    log_group_name: NotRequired[pulumi.Input[str]]
    """The CloudWatch Logs group; outside ``/aws/imagebuilder/`` it needs an ``execution_role`` that may write to it."""


@pulumi.input_type
class ImageBuildLoggingConfigurationArgs:
    """Where the build's logs go (CreateImage's ``loggingConfiguration``)."""

    def __init__(__self__, *,
                 log_group_name: Optional[pulumi.Input[str]] = None) -> None:
        if log_group_name is not None:
            pulumi.set(__self__, "log_group_name", log_group_name)

    @property
    @pulumi.getter(name="logGroupName")
    def log_group_name(self) -> Optional[pulumi.Input[str]]:
        """The CloudWatch Logs group; outside ``/aws/imagebuilder/`` it needs an ``execution_role`` that may write to
        it."""
        return pulumi.get(self, "log_group_name")

    @log_group_name.setter
    def log_group_name(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "log_group_name", value)


LoggingConfigurationInput = pulumi.Input[Union[
    ImageBuildLoggingConfigurationArgs, ImageBuildLoggingConfigurationArgsDict, Mapping[str, Any]]]
"""A logging configuration, as an Args object, a snake_case dict or a dict with the API's camelCase keys."""


@pulumi.input_type
class ImageBuildArgs:
    """The arguments of an :class:`ImageBuild`: every CreateImage member, plus how to wait.

    Nested values are Args objects, snake_case dicts (their ``...ArgsDict`` forms) or dicts
    with the CreateImage API's own camelCase keys, as boto3 takes them: each is stored in the
    API's form, so writing one form or another is no change. Changing ``tags`` updates the
    build in place; changing any other build argument builds a new image version (the new one
    is created before the old one is deleted); changing an option (how to wait, what destroy
    deletes) never causes a change.
    """

    def __init__(__self__, *,
                 infrastructure_configuration_arn: pulumi.Input[str],
                 image_recipe_arn: Optional[pulumi.Input[str]] = None,
                 container_recipe_arn: Optional[pulumi.Input[str]] = None,
                 distribution_configuration_arn: Optional[pulumi.Input[str]] = None,
                 image_tests_configuration: Optional[ImageTestsConfigurationInput] = None,
                 enhanced_image_metadata_enabled: Optional[pulumi.Input[bool]] = None,
                 image_scanning_configuration: Optional[ImageScanningConfigurationInput] = None,
                 workflows: Optional[pulumi.Input[Sequence[WorkflowInput]]] = None,
                 execution_role: Optional[pulumi.Input[str]] = None,
                 logging_configuration: Optional[LoggingConfigurationInput] = None,
                 tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
                 client_token: Optional[pulumi.Input[str]] = None,
                 build_timeout_minutes: Optional[pulumi.Input[float]] = None,
                 poll_min_seconds: Optional[pulumi.Input[float]] = None,
                 poll_max_seconds: Optional[pulumi.Input[float]] = None,
                 cancel_on_timeout: Optional[pulumi.Input[bool]] = None,
                 resume_failed_builds: Optional[pulumi.Input[bool]] = None,
                 delete_output_resources: Optional[pulumi.Input[bool]] = None,
                 deletion_execution_role: Optional[pulumi.Input[str]] = None,
                 region: Optional[pulumi.Input[str]] = None,
                 profile: Optional[pulumi.Input[str]] = None) -> None:
        pulumi.set(__self__, "infrastructure_configuration_arn", infrastructure_configuration_arn)
        if image_recipe_arn is not None:
            pulumi.set(__self__, "image_recipe_arn", image_recipe_arn)
        if container_recipe_arn is not None:
            pulumi.set(__self__, "container_recipe_arn", container_recipe_arn)
        if distribution_configuration_arn is not None:
            pulumi.set(__self__, "distribution_configuration_arn", distribution_configuration_arn)
        if image_tests_configuration is not None:
            pulumi.set(__self__, "image_tests_configuration", image_tests_configuration)
        if enhanced_image_metadata_enabled is not None:
            pulumi.set(__self__, "enhanced_image_metadata_enabled", enhanced_image_metadata_enabled)
        if image_scanning_configuration is not None:
            pulumi.set(__self__, "image_scanning_configuration", image_scanning_configuration)
        if workflows is not None:
            pulumi.set(__self__, "workflows", workflows)
        if execution_role is not None:
            pulumi.set(__self__, "execution_role", execution_role)
        if logging_configuration is not None:
            pulumi.set(__self__, "logging_configuration", logging_configuration)
        if tags is not None:
            pulumi.set(__self__, "tags", tags)
        if client_token is not None:
            pulumi.set(__self__, "client_token", client_token)
        if build_timeout_minutes is not None:
            pulumi.set(__self__, "build_timeout_minutes", build_timeout_minutes)
        if poll_min_seconds is not None:
            pulumi.set(__self__, "poll_min_seconds", poll_min_seconds)
        if poll_max_seconds is not None:
            pulumi.set(__self__, "poll_max_seconds", poll_max_seconds)
        if cancel_on_timeout is not None:
            pulumi.set(__self__, "cancel_on_timeout", cancel_on_timeout)
        if resume_failed_builds is not None:
            pulumi.set(__self__, "resume_failed_builds", resume_failed_builds)
        if delete_output_resources is not None:
            pulumi.set(__self__, "delete_output_resources", delete_output_resources)
        if deletion_execution_role is not None:
            pulumi.set(__self__, "deletion_execution_role", deletion_execution_role)
        if region is not None:
            pulumi.set(__self__, "region", region)
        if profile is not None:
            pulumi.set(__self__, "profile", profile)

    @property
    @pulumi.getter(name="infrastructureConfigurationArn")
    def infrastructure_configuration_arn(self) -> pulumi.Input[str]:
        """ARN of the infrastructure configuration (instance type, subnet, instance profile) used to build and test."""
        return pulumi.get(self, "infrastructure_configuration_arn")

    @infrastructure_configuration_arn.setter
    def infrastructure_configuration_arn(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "infrastructure_configuration_arn", value)

    @property
    @pulumi.getter(name="imageRecipeArn")
    def image_recipe_arn(self) -> Optional[pulumi.Input[str]]:
        """ARN of the image recipe to build an AMI from. Exactly one of this and ``container_recipe_arn``."""
        return pulumi.get(self, "image_recipe_arn")

    @image_recipe_arn.setter
    def image_recipe_arn(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "image_recipe_arn", value)

    @property
    @pulumi.getter(name="containerRecipeArn")
    def container_recipe_arn(self) -> Optional[pulumi.Input[str]]:
        """ARN of the container recipe to build a container image from. Exactly one of this and ``image_recipe_arn``."""
        return pulumi.get(self, "container_recipe_arn")

    @container_recipe_arn.setter
    def container_recipe_arn(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "container_recipe_arn", value)

    @property
    @pulumi.getter(name="distributionConfigurationArn")
    def distribution_configuration_arn(self) -> Optional[pulumi.Input[str]]:
        """ARN of the distribution configuration: the regions and accounts the output is copied to."""
        return pulumi.get(self, "distribution_configuration_arn")

    @distribution_configuration_arn.setter
    def distribution_configuration_arn(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "distribution_configuration_arn", value)

    @property
    @pulumi.getter(name="imageTestsConfiguration")
    def image_tests_configuration(self) -> Optional[ImageTestsConfigurationInput]:
        """Whether and how long to run image tests: ``ImageBuildImageTestsConfigurationArgs(image_tests_enabled=True,
        timeout_minutes=90)`` or the same as a dict."""
        return pulumi.get(self, "image_tests_configuration")

    @image_tests_configuration.setter
    def image_tests_configuration(self, value: Optional[ImageTestsConfigurationInput]) -> None:
        pulumi.set(self, "image_tests_configuration", value)

    @property
    @pulumi.getter(name="enhancedImageMetadataEnabled")
    def enhanced_image_metadata_enabled(self) -> Optional[pulumi.Input[bool]]:
        """Collect OS and package inventory metadata during the build."""
        return pulumi.get(self, "enhanced_image_metadata_enabled")

    @enhanced_image_metadata_enabled.setter
    def enhanced_image_metadata_enabled(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "enhanced_image_metadata_enabled", value)

    @property
    @pulumi.getter(name="imageScanningConfiguration")
    def image_scanning_configuration(self) -> Optional[ImageScanningConfigurationInput]:
        """Whether and how Amazon Inspector scans the image: ``ImageBuildImageScanningConfigurationArgs(...)`` or the
        same as a dict."""
        return pulumi.get(self, "image_scanning_configuration")

    @image_scanning_configuration.setter
    def image_scanning_configuration(self, value: Optional[ImageScanningConfigurationInput]) -> None:
        pulumi.set(self, "image_scanning_configuration", value)

    @property
    @pulumi.getter
    def workflows(self) -> Optional[pulumi.Input[Sequence[WorkflowInput]]]:
        """Image Builder workflows to run instead of the default ones: ``[ImageBuildWorkflowArgs(workflow_arn=...,
        parameters=[...])]`` or the same as dicts. Needs ``execution_role``."""
        return pulumi.get(self, "workflows")

    @workflows.setter
    def workflows(self, value: Optional[pulumi.Input[Sequence[WorkflowInput]]]) -> None:
        pulumi.set(self, "workflows", value)

    @property
    @pulumi.getter(name="executionRole")
    def execution_role(self) -> Optional[pulumi.Input[str]]:
        """IAM role name or ARN that Image Builder assumes to run the workflows."""
        return pulumi.get(self, "execution_role")

    @execution_role.setter
    def execution_role(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "execution_role", value)

    @property
    @pulumi.getter(name="loggingConfiguration")
    def logging_configuration(self) -> Optional[LoggingConfigurationInput]:
        """The CloudWatch Logs group for the build's logs: ``ImageBuildLoggingConfigurationArgs(log_group_name=...)`` or
        the same as a dict."""
        return pulumi.get(self, "logging_configuration")

    @logging_configuration.setter
    def logging_configuration(self, value: Optional[LoggingConfigurationInput]) -> None:
        pulumi.set(self, "logging_configuration", value)

    @property
    @pulumi.getter
    def tags(self) -> Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]:
        """Tags on the image build version (1-50; keys 1-128 characters, values up to 256). Changed in place."""
        return pulumi.get(self, "tags")

    @tags.setter
    def tags(self, value: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]) -> None:
        pulumi.set(self, "tags", value)

    @property
    @pulumi.getter(name="clientToken")
    def client_token(self) -> Optional[pulumi.Input[str]]:
        """Idempotency token for CreateImage (1-64 characters). A fresh one is generated per build when omitted, which
        is what you want: a fixed token makes a later replacement with other inputs fail with
        IdempotentParameterMismatchException, since AWS remembers the token with its first request."""
        return pulumi.get(self, "client_token")

    @client_token.setter
    def client_token(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "client_token", value)

    @property
    @pulumi.getter(name="buildTimeoutMinutes")
    def build_timeout_minutes(self) -> Optional[pulumi.Input[float]]:
        """How long to wait for the build before giving up (default 240 minutes). Never forces a new build."""
        return pulumi.get(self, "build_timeout_minutes")

    @build_timeout_minutes.setter
    def build_timeout_minutes(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "build_timeout_minutes", value)

    @property
    @pulumi.getter(name="pollMinSeconds")
    def poll_min_seconds(self) -> Optional[pulumi.Input[float]]:
        """Shortest pause between status reads (default 5 seconds). Never forces a new build."""
        return pulumi.get(self, "poll_min_seconds")

    @poll_min_seconds.setter
    def poll_min_seconds(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "poll_min_seconds", value)

    @property
    @pulumi.getter(name="pollMaxSeconds")
    def poll_max_seconds(self) -> Optional[pulumi.Input[float]]:
        """Longest pause between status reads (default 60 seconds). Never forces a new build."""
        return pulumi.get(self, "poll_max_seconds")

    @poll_max_seconds.setter
    def poll_max_seconds(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "poll_max_seconds", value)

    @property
    @pulumi.getter(name="cancelOnTimeout")
    def cancel_on_timeout(self) -> Optional[pulumi.Input[bool]]:
        """Cancel the build when the timeout expires (default true); otherwise it is left running."""
        return pulumi.get(self, "cancel_on_timeout")

    @cancel_on_timeout.setter
    def cancel_on_timeout(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "cancel_on_timeout", value)

    @property
    @pulumi.getter(name="resumeFailedBuilds")
    def resume_failed_builds(self) -> Optional[pulumi.Input[bool]]:
        """Resume a build of this resource with the same inputs that an earlier ``pulumi up`` left FAILED in its test or
        distribution phase, or CANCELLED, in place with RetryImage instead of building anew (default true; at most 3
        resumes per build). False always builds anew. Never forces a new build."""
        return pulumi.get(self, "resume_failed_builds")

    @resume_failed_builds.setter
    def resume_failed_builds(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "resume_failed_builds", value)

    @property
    @pulumi.getter(name="deleteOutputResources")
    def delete_output_resources(self) -> Optional[pulumi.Input[bool]]:
        """On destroy or replacement, also delete the build's AMIs, snapshots and container images (default false:
        DeleteImage alone keeps them, as AWS does). Needs ``deletion_execution_role``. Never forces a new build."""
        return pulumi.get(self, "delete_output_resources")

    @delete_output_resources.setter
    def delete_output_resources(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "delete_output_resources", value)

    @property
    @pulumi.getter(name="deletionExecutionRole")
    def deletion_execution_role(self) -> Optional[pulumi.Input[str]]:
        """The IAM role (name or ARN) Image Builder deletes the AMIs, snapshots and container images with, as
        StartResourceStateUpdate's ``executionRole``; required with ``delete_output_resources``. Changed in place: a
        later destroy uses the current one. Never forces a new build."""
        return pulumi.get(self, "deletion_execution_role")

    @deletion_execution_role.setter
    def deletion_execution_role(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "deletion_execution_role", value)

    @property
    @pulumi.getter
    def region(self) -> Optional[pulumi.Input[str]]:
        """The AWS region to build in; defaults to the stack's `aws:region`. Changing it builds anew."""
        return pulumi.get(self, "region")

    @region.setter
    def region(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "region", value)

    @property
    @pulumi.getter
    def profile(self) -> Optional[pulumi.Input[str]]:
        """The AWS profile for this resource's calls; defaults to `aws:profile`."""
        return pulumi.get(self, "profile")

    @profile.setter
    def profile(self, value: Optional[pulumi.Input[str]]) -> None:
        pulumi.set(self, "profile", value)


NESTED_ARGS: tuple[type, ...] = (
    ImageBuildImageTestsConfigurationArgs,
    ImageBuildImageScanningConfigurationEcrConfigurationArgs,
    ImageBuildImageScanningConfigurationScanResultConditionArgs,
    ImageBuildImageScanningConfigurationArgs,
    ImageBuildWorkflowParameterArgs,
    ImageBuildWorkflowArgs,
    ImageBuildLoggingConfigurationArgs,
)
"""The Args classes of nested members: the resource sends them as the snake_case dicts they were written as."""
