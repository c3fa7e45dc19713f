"""EC2 Image Builder policy for the seed workflow, and the facade the provider calls.

Everything Image-Builder-specific lives here and configures the generic runner through
its hooks: which step polls (``getImage``) and where its status is, which statuses are
terminal, which can never become AVAILABLE (DELETED, DISABLED, DEPRECATED, or the build
not existing), which are one step from the end (poll fast), and how to cancel a build.
"""

from __future__ import annotations

import logging
import random
import uuid
from collections.abc import Callable, Collection, Mapping
from functools import lru_cache
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .binding import Boto3Binding
from .document import Workflow, load_document
from .errors import (BuildCancelledError, DeadlineExceededError, StepFailedError, TransientCallError,
                     UnexpectedStateError)
from .expressions import Response
from .pacing import BackoffPolicy, PacingPolicy, backoff_delay
from .runner import CancelRequested, CancelSignal, Clock, DeadlineReached, RunHooks, RunState, SystemClock, WorkflowRunner

SEED_FILE = "amazon-ec2-image-builder-create-image-and-poll-workflow.yml"
WORKFLOW_ID = "create-image-and-poll"
CREATE_STEP, POLL_STEP = "createImage", "getImage"
TERMINAL_STATUSES = frozenset({"AVAILABLE", "FAILED", "CANCELLED"})
STUCK_STATUSES = frozenset({"DELETED", "DISABLED", "DEPRECATED"})
FAST_STATUSES = frozenset({"DISTRIBUTING", "INTEGRATING"})
NOT_FOUND = "NOT_FOUND"


def is_in_progress(status: str | None) -> bool:
    """True while a build can still change on its own: neither terminal nor stuck."""
    return status is not None and status not in TERMINAL_STATUSES | STUCK_STATUSES

Transition = Callable[[str | None, str, dict[str, Any]], None]


@dataclass(frozen=True)
class WaitOptions:
    """How the run waits (seconds). Defaults: poll 5 s → 60 s while building, every 7–10 s
    while distributing/integrating, give up after 4 h and cancel the build."""

    deadline_seconds: float = 4 * 3600
    min_poll_seconds: float = 5.0
    max_poll_seconds: float = 60.0
    fast_poll_seconds: float = 10.0
    poll_backoff_factor: float = 2.0
    poll_jitter: float = 0.3
    cancel_on_deadline: bool = True
    cancel_wait_seconds: float = 600.0
    retry_base_seconds: float = 1.0
    retry_max_seconds: float = 30.0
    max_transient_retries: int = 20
    random_seed: int | None = None

    def __post_init__(self) -> None:
        if self.deadline_seconds <= 0 or self.cancel_wait_seconds < 0:
            raise ValueError("deadline_seconds must be > 0 and cancel_wait_seconds >= 0")
        self.pacing()
        self.backoff()

    def pacing(self) -> PacingPolicy:
        return PacingPolicy(self.min_poll_seconds, self.max_poll_seconds, self.fast_poll_seconds,
                            self.poll_backoff_factor, self.poll_jitter, FAST_STATUSES)

    def backoff(self) -> BackoffPolicy:
        return BackoffPolicy(self.retry_base_seconds, self.retry_max_seconds, self.max_transient_retries)


@dataclass(frozen=True)
class BuildOutcome:
    """The workflow outputs and the last ``image`` GetImage returned."""

    outputs: dict[str, Any]
    image: dict[str, Any] | None


def load_seed_workflow(operation_ids: Collection[str] | None = None) -> Workflow:
    """The seed's workflow, validated (operationIds against ``operation_ids`` when given).

    Read and validated once per process and set of operation ids; the result is immutable.
    """
    return _load_seed(None if operation_ids is None else frozenset(operation_ids))


@lru_cache(maxsize=4)
def _load_seed(operation_ids: frozenset[str] | None) -> Workflow:
    with resources.as_file(resources.files("imagebuild_resource") / "workflows" / SEED_FILE) as path:
        return load_document(path, operation_ids=operation_ids).workflow(WORKFLOW_ID)


def image_status(response: Response) -> str | None:
    """``image.state.status`` of a GetImage response body, if there is one."""
    image = response.body.get("image") if isinstance(response.body, Mapping) else None
    state = image.get("state") if isinstance(image, Mapping) else None
    status = state.get("status") if isinstance(state, Mapping) else None
    return status if isinstance(status, str) else None


class _Tracker:
    """Follows the build's status: reports transitions and stops on stuck states."""

    def __init__(self, on_transition: Transition | None) -> None:
        self.on_transition = on_transition
        self.status: str | None = None
        self.image: dict[str, Any] | None = None

    def observe(self, response: Response) -> None:
        image = response.body.get("image") if isinstance(response.body, Mapping) else None
        if not isinstance(image, dict):
            return
        self.image = image
        status = image_status(response)
        if status is not None and status != self.status:
            old, self.status = self.status, status
            if self.on_transition:
                try:
                    self.on_transition(old, status, image)
                except Exception:  # a broken progress display must not abandon a running build
                    logging.getLogger(__name__).exception("the on_transition callback failed")

    def after_response(self, step_id: str, response: Response, state: RunState) -> None:
        if step_id != POLL_STEP:
            return
        arn = build_arn(state)
        if response.error_code == "ResourceNotFoundException":
            raise UnexpectedStateError(arn, NOT_FOUND, response.error_message or "GetImage says the build does not exist")
        self.observe(response)
        if self.status in STUCK_STATUSES:
            reason = (self.image or {}).get("state", {}).get("reason")
            raise UnexpectedStateError(arn, self.status, reason)


def build_arn(state: RunState) -> str | None:
    return state.steps.get(CREATE_STEP, {}).get("imageBuildVersionArn")


def run_image_build(client: Any, inputs: Mapping[str, Any], *, extra_create_arguments: Mapping[str, Any] | None = None,
                    options: WaitOptions = WaitOptions(), cancel: CancelSignal | None = None,
                    on_transition: Transition | None = None, clock: Clock | None = None) -> BuildOutcome:
    """Run the seed workflow with ``client`` (a boto3 ``imagebuilder`` client) until the build ends.

    Returns for AVAILABLE, FAILED and CANCELLED. ``inputs`` are the workflow inputs; a
    ``clientToken`` is generated (uuid4, once per run, reused by CreateImage retries) when
    none is given, so the seed's constant default is never used. ``extra_create_arguments``
    adds CreateImage members the seed does not list (tags, workflows, ...). Raises
    StepFailedError, DeadlineExceededError, UnexpectedStateError or BuildCancelledError.
    """
    clock = clock or SystemClock()
    rng = random.Random(options.random_seed)
    binding = Boto3Binding(client)
    workflow = load_seed_workflow(binding.operation_ids)
    run_inputs = {**inputs, "clientToken": inputs.get("clientToken") or str(uuid.uuid4())}
    tracker = _Tracker(on_transition)
    hooks = RunHooks(status_of=lambda step_id, response: image_status(response) if step_id == POLL_STEP else None,
                     after_response=tracker.after_response)
    runner = WorkflowRunner(workflow, binding, pacing=options.pacing(), backoff=options.backoff(),
                            deadline_seconds=options.deadline_seconds, clock=clock, cancel=cancel, hooks=hooks,
                            extra_arguments={CREATE_STEP: dict(extra_create_arguments or {})}, rng=rng)
    try:
        result = runner.run(run_inputs)
    except DeadlineReached as stop:
        arn = build_arn(stop.state)
        cancelled = bool(arn) and options.cancel_on_deadline and _cancel(binding, arn, options, clock, rng, tracker)
        raise DeadlineExceededError(arn, cancelled) from None
    except CancelRequested as stop:
        arn = build_arn(stop.state)
        cancelled = bool(arn) and _cancel(binding, arn, options, clock, rng, tracker)
        raise BuildCancelledError(arn, cancelled) from None
    except StepFailedError as error:
        error.image_build_version_arn = error.image_build_version_arn or (runner.state and build_arn(runner.state))
        raise
    return BuildOutcome(result.outputs, tracker.image)


def _cancel(binding: Boto3Binding, arn: str, options: WaitOptions, clock: Clock, rng: random.Random,
            tracker: _Tracker) -> bool:
    """CancelImageCreation, then poll (fast, bounded by cancel_wait_seconds) until CANCELLED."""
    give_up_at = clock.now() + options.cancel_wait_seconds
    token, backoff = str(uuid.uuid4()), options.backoff()
    for attempt in range(backoff.max_attempts + 1):
        try:
            binding("CancelImageCreation", {"imageBuildVersionArn": arn, "clientToken": token})
            break
        except TransientCallError:
            if not _sleep_within(clock, backoff_delay(backoff, attempt, rng.random()), give_up_at):
                return False
    while True:
        try:
            response: Response | None = binding("GetImage", {"imageBuildVersionArn": arn})
        except TransientCallError:
            response = None
        if response is not None:
            if response.error_code:
                return False
            tracker.observe(response)
            status = image_status(response)
            if status == "CANCELLED":
                return True
            if status in TERMINAL_STATUSES | STUCK_STATUSES:
                return False
        delay = options.fast_poll_seconds * (1 - options.poll_jitter * rng.random())
        if not _sleep_within(clock, delay, give_up_at):
            return False


def _sleep_within(clock: Clock, seconds: float, give_up_at: float) -> bool:
    """Sleep unless that would pass ``give_up_at``; False means give up."""
    if clock.now() + seconds > give_up_at:
        return False
    clock.wait(seconds, None)
    return True
