"""PipelineBuild's typed arguments: :class:`PipelineBuildArgs` (StartImagePipelineExecution has no nested members)."""

from __future__ import annotations

from typing import Any, Mapping, Optional

import pulumi

__all__ = ["PipelineBuildArgs"]


@pulumi.input_type
class PipelineBuildArgs:
    """The arguments of a :class:`PipelineBuild`: the pipeline to run, the build's tags, what forces a new run,
    and how to wait.

    Changing ``image_pipeline_arn`` or ``triggers`` runs the pipeline again (the new build
    is created before the old one is deleted); changing ``tags`` retags the build in
    place; changing an option never causes a change.
    """

    def __init__(__self__, *,
                 image_pipeline_arn: pulumi.Input[str],
                 tags: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]] = None,
                 triggers: Optional[pulumi.Input[Mapping[str, Any]]] = None,
                 build_timeout_minutes: Optional[pulumi.Input[float]] = None,
                 poll_min_seconds: Optional[pulumi.Input[float]] = None,
                 poll_max_seconds: Optional[pulumi.Input[float]] = None,
                 cancel_on_timeout: Optional[pulumi.Input[bool]] = None,
                 resume_failed_builds: Optional[pulumi.Input[bool]] = None,
                 delete_output_resources: Optional[pulumi.Input[bool]] = None,
                 deletion_execution_role: Optional[pulumi.Input[str]] = None,
                 region: Optional[pulumi.Input[str]] = None,
                 profile: Optional[pulumi.Input[str]] = None) -> None:
        pulumi.set(__self__, "image_pipeline_arn", image_pipeline_arn)
        if tags is not None:
            pulumi.set(__self__, "tags", tags)
        if triggers is not None:
            pulumi.set(__self__, "triggers", triggers)
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
    @pulumi.getter(name="imagePipelineArn")
    def image_pipeline_arn(self) -> pulumi.Input[str]:
        """ARN of the image pipeline to run (``arn:aws:imagebuilder:REGION:ACCOUNT:image-pipeline/NAME``). It must be
        ENABLED: a DISABLED pipeline is refused before anything starts. Changing it runs the new pipeline."""
        return pulumi.get(self, "image_pipeline_arn")

    @image_pipeline_arn.setter
    def image_pipeline_arn(self, value: pulumi.Input[str]) -> None:
        pulumi.set(self, "image_pipeline_arn", value)

    @property
    @pulumi.getter
    def tags(self) -> Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]:
        """Tags on the image build version the run creates (1-50; keys 1-128 characters, values up to 256). Changed in
        place."""
        return pulumi.get(self, "tags")

    @tags.setter
    def tags(self, value: Optional[pulumi.Input[Mapping[str, pulumi.Input[str]]]]) -> None:
        pulumi.set(self, "tags", value)

    @property
    @pulumi.getter
    def triggers(self) -> Optional[pulumi.Input[Mapping[str, Any]]]:
        """Any values of your choosing (a recipe version, a date, a commit): any change to them runs the pipeline again,
        replacing the build. Never sent to AWS."""
        return pulumi.get(self, "triggers")

    @triggers.setter
    def triggers(self, value: Optional[pulumi.Input[Mapping[str, Any]]]) -> None:
        pulumi.set(self, "triggers", value)

    @property
    @pulumi.getter(name="buildTimeoutMinutes")
    def build_timeout_minutes(self) -> Optional[pulumi.Input[float]]:
        """How long to wait for the build before giving up (default 240 minutes). Never forces a new run."""
        return pulumi.get(self, "build_timeout_minutes")

    @build_timeout_minutes.setter
    def build_timeout_minutes(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "build_timeout_minutes", value)

    @property
    @pulumi.getter(name="pollMinSeconds")
    def poll_min_seconds(self) -> Optional[pulumi.Input[float]]:
        """Shortest pause between status reads (default 5 seconds). Never forces a new run."""
        return pulumi.get(self, "poll_min_seconds")

    @poll_min_seconds.setter
    def poll_min_seconds(self, value: Optional[pulumi.Input[float]]) -> None:
        pulumi.set(self, "poll_min_seconds", value)

    @property
    @pulumi.getter(name="pollMaxSeconds")
    def poll_max_seconds(self) -> Optional[pulumi.Input[float]]:
        """Longest pause between status reads (default 60 seconds). Never forces a new run."""
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
        DeleteImage alone keeps them, as AWS does). Needs ``deletion_execution_role``. Never forces a new run."""
        return pulumi.get(self, "delete_output_resources")

    @delete_output_resources.setter
    def delete_output_resources(self, value: Optional[pulumi.Input[bool]]) -> None:
        pulumi.set(self, "delete_output_resources", value)

    @property
    @pulumi.getter(name="deletionExecutionRole")
    def deletion_execution_role(self) -> Optional[pulumi.Input[str]]:
        """The IAM role (name or ARN) Image Builder deletes the AMIs, snapshots and container images with, as
        StartResourceStateUpdate's ``executionRole``; required with ``delete_output_resources``. Changed in place: a
        later destroy uses the current one. Never forces a new run."""
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
