"""Run an existing image pipeline once and wait for its build: the pipeline workflow and what it takes.

The build is waited for exactly as a CreateImage build is (:func:`.run.run_build`: the
same pacing, deadline, cancel, guards and progress); this module adds what is particular
to a pipeline: its document (``arazzo/``), the client token of StartImagePipelineExecution
(one per run, reused by that call's retries) and the refusal of a disabled pipeline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

from ..servicemodel import service_model
from ..arazzo.document import Workflow, load_document
from ..arazzo.timing import CancelSignal, Clock, SystemClock
from .errors import ImageBuildError
from .identity import Identity, recipe_of
from .options import WaitOptions
from .reattach import leftover_to_reuse
from .run import BuildOutcome, BuildSteps, Observer, Say, Transition, recorded, run_build
from .session import Session, client_token
from .steps import StepObserver
from .waiters import NOT_FOUND, CallFailed

PIPELINE_FILE = "amazon-ec2-image-builder-start-pipeline-and-poll-workflow.yml"
WORKFLOW_ID = "start-pipeline-and-poll"
PIPELINE_STEPS = BuildSteps(start="startPipelineExecution", poll="getImage")
DISABLED = "DISABLED"


class PipelineNotRunnableError(ImageBuildError):
    """The pipeline is disabled or does not exist; nothing was started."""

    def __init__(self, image_pipeline_arn: str, why: str) -> None:
        super().__init__(image_pipeline_arn, why)
        self.image_pipeline_arn, self.why = image_pipeline_arn, why

    def __str__(self) -> str:
        return f"Image pipeline {self.image_pipeline_arn} {self.why}; no build was started."


@lru_cache(maxsize=1)
def load_pipeline_workflow() -> Workflow:
    """The pipeline workflow, validated against botocore's operations; read once per process (immutable)."""
    with resources.as_file(resources.files("imagebuild_resource") / "arazzo" / "documents" / PIPELINE_FILE) as path:
        return load_document(path, operation_ids=service_model().operation_names).workflow(WORKFLOW_ID)


def check_pipeline_runnable(session: Session, arn: str) -> dict[str, Any]:
    """GetImagePipeline's ``imagePipeline``; raises PipelineNotRunnableError if it is DISABLED or missing.

    Refusing a disabled pipeline is our decision: AWS would run it (botocore 1.44.8's model
    documents StartImagePipelineExecution as starting "whether the pipeline is enabled or
    disabled"), but a pipeline its owners switched off is not one ``pulumi up`` should run.
    """
    response = session.call("GetImagePipeline", imagePipelineArn=arn)
    if response.error_code == NOT_FOUND:
        raise PipelineNotRunnableError(arn, "does not exist")
    if response.error_code:
        raise CallFailed("GetImagePipeline", response.error_code, response.error_message)
    pipeline = dict(response.body["imagePipeline"])
    if pipeline.get("status") == DISABLED:
        raise PipelineNotRunnableError(arn, "is DISABLED (enable it, or point image_pipeline_arn at another)")
    return pipeline


def run_pipeline_build(client: Any, image_pipeline_arn: str, tags: Mapping[str, str] | None = None, *,
                       options: WaitOptions = WaitOptions(), cancel: CancelSignal | None = None,
                       on_transition: Transition | None = None, on_observe: Observer | None = None,
                       on_step: StepObserver | None = None, clock: Clock | None = None,
                       identity: Identity | None = None, say: Say | None = None,
                       renew_client: Callable[[], Any] | None = None) -> BuildOutcome:
    """Start one execution of the pipeline (tagging its build with ``tags``) and wait until the build ends.

    Raises PipelineNotRunnableError before starting anything for a disabled or missing
    pipeline; otherwise returns and raises as :func:`.run.run_build` does. With an
    ``identity``, a build this resource left behind is waited on instead, as
    :func:`.run.run_image_build` does.
    """
    session = Session(client, options, cancel, clock or SystemClock(), renew_client)
    pipeline = check_pipeline_runnable(session, image_pipeline_arn)
    tags = dict(tags or {})
    reattach_to = None
    if identity is not None:
        tags.update(identity.tags())
        reattach_to = leftover_to_reuse(session, identity, recipe_of(pipeline), say or (lambda _: None))
    inputs = {"imagePipelineArn": image_pipeline_arn, "clientToken": client_token(), "tags": tags or None}
    outcome = run_build(session, load_pipeline_workflow(), inputs, steps=PIPELINE_STEPS,
                        on_transition=on_transition, on_observe=on_observe, on_step=on_step,
                        done={PIPELINE_STEPS.start: {"imageBuildVersionArn": reattach_to}} if reattach_to else None)
    return recorded(session, identity, outcome, reattach_to)
