"""What a build is asked to be: how it starts, whose it is, and who hears how it goes.

A :class:`BuildRequest` is the one argument every way of building takes
(:func:`.run.run_build`): a start (:class:`CreateImageStart` or :class:`PipelineStart`),
the identity of the resource it belongs to, and whether to read the workflow step the
build is on. A :class:`BuildObserver` hears everything a waiting build has to say.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .caller import NOT_FOUND, Caller, CallFailed, client_token
from .documents import CREATE_IMAGE, DISTRIBUTE_IMAGE, START_PIPELINE, BuildDocument, split_create_members
from .errors import ImageBuildError
from .identity import Identity, recipe_of
from .steps import WorkflowStep

Arguments = tuple[dict[str, Any], dict[str, dict[str, Any]]]
"""``(workflow inputs, extra arguments by step id)`` for a document's run."""


class BuildObserver(Protocol):
    """Hears a build: lines for the person running it, every image a poll reads, each workflow step read."""

    def say(self, message: str, severity: str = "info") -> None: ...

    def observe(self, image: dict[str, Any]) -> None: ...

    def step(self, step: WorkflowStep) -> None: ...


class Quiet:
    """An observer that hears nothing."""

    def say(self, message: str, severity: str = "info") -> None:
        pass

    def observe(self, image: dict[str, Any]) -> None:
        pass

    def step(self, step: WorkflowStep) -> None:
        pass


class BuildStart(Protocol):
    """How a build starts: its document, the checks before it, and the document's arguments."""

    @property
    def document(self) -> BuildDocument: ...

    @property
    def tags(self) -> Mapping[str, str]: ...

    def prepare(self, caller: Caller) -> str | None:
        """Checks before anything starts; returns the recipe ARN the build is made from, if known."""
        ...

    def arguments(self, tags: Mapping[str, str]) -> Arguments: ...


@dataclass(frozen=True)
class CreateImageStart:
    """A build from CreateImage ``members``. A ``clientToken`` is made once per build when none is given
    (reused by CreateImage's retries), so the document's constant default is never used."""

    members: Mapping[str, Any]
    document: BuildDocument = field(default=CREATE_IMAGE, init=False)

    @property
    def tags(self) -> Mapping[str, str]:
        return self.members.get("tags") or {}

    def prepare(self, caller: Caller) -> str | None:
        return recipe_of(self.members)

    def arguments(self, tags: Mapping[str, str]) -> Arguments:
        members = {**self.members, "clientToken": self.members.get("clientToken") or client_token(),
                   "tags": dict(tags) or None}
        inputs, extra = split_create_members(members)
        return inputs, {self.document.start: extra}


class PipelineNotRunnableError(ImageBuildError):
    """The pipeline is disabled or does not exist; nothing was started."""

    def __init__(self, image_pipeline_arn: str, why: str) -> None:
        super().__init__(image_pipeline_arn, why)
        self.image_pipeline_arn, self.why = image_pipeline_arn, why

    def __str__(self) -> str:
        return f"Image pipeline {self.image_pipeline_arn} {self.why}; no build was started."


DISABLED = "DISABLED"


@dataclass(frozen=True)
class PipelineStart:
    """One execution of an existing image pipeline, its build tagged with ``tags``.

    Refusing a disabled pipeline is our decision: AWS would run it (botocore 1.44.8's model
    documents StartImagePipelineExecution as starting "whether the pipeline is enabled or
    disabled"), but a pipeline its owners switched off is not one ``pulumi up`` should run.
    """

    image_pipeline_arn: str
    pipeline_tags: Mapping[str, str] = field(default_factory=dict)
    document: BuildDocument = field(default=START_PIPELINE, init=False)

    @property
    def tags(self) -> Mapping[str, str]:
        return self.pipeline_tags

    def prepare(self, caller: Caller) -> str | None:
        response = caller.call("GetImagePipeline", imagePipelineArn=self.image_pipeline_arn)
        if response.error_code == NOT_FOUND:
            raise PipelineNotRunnableError(self.image_pipeline_arn, "does not exist")
        if response.error_code:
            raise CallFailed("GetImagePipeline", response.error_code, response.error_message)
        pipeline = dict(response.body["imagePipeline"])
        if pipeline.get("status") == DISABLED:
            raise PipelineNotRunnableError(self.image_pipeline_arn,
                                           "is DISABLED (enable it, or point image_pipeline_arn at another)")
        return recipe_of(pipeline)

    def arguments(self, tags: Mapping[str, str]) -> Arguments:
        return {"imagePipelineArn": self.image_pipeline_arn, "clientToken": client_token(), "tags": dict(tags) or None}, {}


@dataclass(frozen=True)
class DistributeImageStart:
    """A distribution of an existing AMI (or image) with DistributeImage: a new build version that only distributes.

    botocore's model: "Distributes an existing AMI to target Regions and accounts without running
    the full image build process." There is no recipe to look a leftover up by: a distribution
    is never reattached (our decision; a rerun distributes again).
    """

    source_image: str
    distribution_configuration_arn: str
    execution_role: str
    build_tags: Mapping[str, str] = field(default_factory=dict)
    document: BuildDocument = field(default=DISTRIBUTE_IMAGE, init=False)

    @property
    def tags(self) -> Mapping[str, str]:
        return self.build_tags

    def prepare(self, caller: Caller) -> str | None:
        return None

    def arguments(self, tags: Mapping[str, str]) -> Arguments:
        return {"sourceImage": self.source_image, "distributionConfigurationArn": self.distribution_configuration_arn,
                "executionRole": self.execution_role, "clientToken": client_token(), "tags": dict(tags) or None}, {}


@dataclass(frozen=True)
class BuildRequest:
    """One build to start (or reattach to) and wait for.

    With an ``identity`` the build carries its identity tags, a build this resource left
    behind with the same inputs is waited on instead of starting another, and an AVAILABLE
    build is marked as recorded. With ``read_steps`` the workflow step the build is on is
    read too (at most 10 % more calls, :mod:`.steps`). A build left FAILED or CANCELLED
    is resumed in place when ``resume`` and :mod:`.resume`'s policy allow it.
    """

    start: BuildStart
    identity: Identity | None = None
    read_steps: bool = True
    resume: bool = True
    """With an ``identity``: whether a build this resource left FAILED or CANCELLED is resumed with RetryImage
    (:mod:`.resume`) instead of starting another."""
