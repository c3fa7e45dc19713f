"""Build an image by running the seed workflow: the facade create() and ``imagebuild run`` call.

This module owns the Image Builder policy the seed does not spell out, handed to the
generic runner through its hooks: which step polls (``getImage``) and where its status
is, that a status that can never become AVAILABLE (or a build that does not exist)
ends the wait at once, that the deadline cancels the build, and the client token.
:func:`run_build` applies the same policy to any workflow that starts one build and
polls it (the pipeline workflow of :mod:`.pipelines`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..arazzo.errors import StepFailedError, TransientCallError
from ..arazzo.state import Response
from ..arazzo.document import Workflow
from ..arazzo.runner import RunHooks, WorkflowRunner
from ..arazzo.state import RunState
from ..arazzo.timing import CancelRequested, CancelSignal, Clock, DeadlineReached, Interrupted, SystemClock
from .errors import BuildCancelledError, BuildStepFailedError, DeadlineExceededError, UnexpectedStateError
from .identity import Identity, recipe_of
from .options import WaitOptions
from .reattach import leftover_to_reuse, mark_recorded
from .seed import CREATE_STEP, POLL_STEP, load_seed_workflow, split_create_members
from .session import Session, client_token
from .statuses import AVAILABLE, CANCELLED, RETIRED, is_in_progress
from .steps import StepObserver, StepReader, WorkflowStep
from .waiters import NOT_FOUND, CallFailed, cancel_build, find_image, status_of

Transition = Callable[[str | None, str, dict[str, Any]], None]
"""``on_transition(old_status, new_status, image)``: told of each status change."""

Observer = Callable[[dict[str, Any]], None]
"""``on_observe(image)``: told of every image a poll reads."""

Say = Callable[[str], None]
"""``say(message)``: a line for the person running the build."""


@dataclass(frozen=True)
class BuildSteps:
    """Which step of a build workflow starts the build (output ``imageBuildVersionArn``) and which polls it."""

    start: str = CREATE_STEP
    poll: str = POLL_STEP


@dataclass(frozen=True)
class BuildOutcome:
    """The workflow outputs and the last ``image`` GetImage returned."""

    outputs: dict[str, Any]
    image: dict[str, Any] | None
    reattached: bool = False
    step: WorkflowStep | None = None
    """The last workflow step read (for a FAILED build, the failed step), when steps were read."""


def image_status(response: Response) -> str | None:
    """``image.state.status`` of a GetImage response body, if there is one."""
    image = response.body.get("image") if isinstance(response.body, Mapping) else None
    state = image.get("state") if isinstance(image, Mapping) else None
    status = state.get("status") if isinstance(state, Mapping) else None
    return status if isinstance(status, str) else None


class _Tracker:
    """Follows the build's status: reports transitions and stops on states the wait could never leave."""

    def __init__(self, on_transition: Transition | None, on_observe: Observer | None,
                 steps: BuildSteps = BuildSteps(), reader: StepReader | None = None) -> None:
        self.on_transition, self.on_observe, self.steps, self.reader = on_transition, on_observe, steps, reader
        self.status: str | None = None
        self.image: dict[str, Any] | None = None

    def observe(self, image: dict[str, Any]) -> None:
        self.image = image
        status = (image.get("state") or {}).get("status")
        if status is not None and status != self.status:
            old, self.status = self.status, status
            if self.on_transition:
                _tell("on_transition", self.on_transition, old, status, image)
        if self.reader:
            self.reader.observe(image)
        if self.on_observe:
            _tell("on_observe", self.on_observe, image)

    def after_response(self, step_id: str, response: Response, state: RunState) -> None:
        if step_id != self.steps.poll:
            return
        arn = build_arn(state, self.steps.start)
        if response.error_code == NOT_FOUND:
            raise UnexpectedStateError(arn, None, response.error_message or "GetImage says the build does not exist")
        image = response.body.get("image") if isinstance(response.body, Mapping) else None
        if isinstance(image, dict):
            self.observe(image)
        if self.status in RETIRED:
            reason = (self.image or {}).get("state", {}).get("reason")
            raise UnexpectedStateError(arn, self.status, reason)


def _tell(name: str, callback: Callable[..., None], *args: Any) -> None:
    try:
        callback(*args)
    except Exception:  # a broken progress display must not abandon a running build
        logging.getLogger(__name__).exception("the %s callback failed", name)


def build_arn(state: RunState | None, start_step: str = CREATE_STEP) -> str | None:
    """The build version ARN once the step that starts the build (CreateImage) has answered."""
    return state.steps.get(start_step, {}).get("imageBuildVersionArn") if state else None


def run_image_build(client: Any, members: Mapping[str, Any], *, options: WaitOptions = WaitOptions(),
                    cancel: CancelSignal | None = None, on_transition: Transition | None = None,
                    on_observe: Observer | None = None, on_step: StepObserver | None = None,
                    clock: Clock | None = None, identity: Identity | None = None, say: Say | None = None,
                    renew_client: Callable[[], Any] | None = None) -> BuildOutcome:
    """Create an image build from CreateImage ``members`` and wait until it ends (the seed workflow).

    ``client`` is a boto3 ``imagebuilder`` client (``renew_client`` makes another when AWS
    rejects its credentials). Members the seed takes as inputs go to it as inputs, the
    others as extra CreateImage arguments. A ``clientToken`` is made once per run when none
    is given (reused by CreateImage retries), so the seed's constant default is never used.
    With ``on_step``, the workflow step the build is on is read too (:mod:`.steps`: at most
    10 % more calls) and told before ``on_observe``.

    With an ``identity`` the build carries its identity tags; a build that this resource
    left behind with the same inputs is waited on instead of starting another (see
    :mod:`reattach`), and an AVAILABLE build is marked as recorded. Returns for AVAILABLE,
    FAILED and CANCELLED; raises BuildStepFailedError, DeadlineExceededError,
    UnexpectedStateError or BuildCancelledError.
    """
    session = Session(client, options, cancel, clock or SystemClock(), renew_client)
    members = {**members, "clientToken": members.get("clientToken") or client_token()}
    reattach_to = None
    if identity is not None:
        members["tags"] = {**(members.get("tags") or {}), **identity.tags()}
        reattach_to = leftover_to_reuse(session, identity, recipe_of(members), say or (lambda _: None))
    seed_inputs, extra = split_create_members(members)
    outcome = run_build(session, load_seed_workflow(), seed_inputs, extra_arguments={CREATE_STEP: extra},
                        on_transition=on_transition, on_observe=on_observe, on_step=on_step,
                        done={CREATE_STEP: {"imageBuildVersionArn": reattach_to}} if reattach_to else None)
    return recorded(session, identity, outcome, reattach_to)


def recorded(session: Session, identity: Identity | None, outcome: BuildOutcome,
             reattached_to: str | None) -> BuildOutcome:
    """``outcome``, its AVAILABLE build marked as recorded when it has an identity."""
    if identity is not None and status_of(outcome.image) == AVAILABLE:
        mark_recorded(session, str(outcome.outputs.get("imageBuildVersionArn")))
    return BuildOutcome(outcome.outputs, outcome.image, reattached=reattached_to is not None, step=outcome.step)


def run_build(session: Session, workflow: Workflow, inputs: Mapping[str, Any], *, steps: BuildSteps = BuildSteps(),
              extra_arguments: Mapping[str, Mapping[str, Any]] | None = None,
              on_transition: Transition | None = None, on_observe: Observer | None = None,
              on_step: StepObserver | None = None, done: Mapping[str, Mapping[str, Any]] | None = None) -> BuildOutcome:
    """Run ``workflow``, which starts one build at ``steps.start`` and polls it at ``steps.poll``, under this policy.

    Pacing, deadline and cancel signal come from ``session``; ``done`` gives the outputs of
    steps that already ran (a build started earlier); ``on_step`` is told the workflow step
    the build is on. Returns for AVAILABLE, FAILED and CANCELLED; raises
    BuildStepFailedError, DeadlineExceededError, UnexpectedStateError or
    BuildCancelledError, having cancelled a build it leaves.
    """
    options = session.options
    reader = StepReader(session, lambda step: _tell("on_step", on_step, step)) if on_step else None
    tracker = _Tracker(on_transition, on_observe, steps, reader)
    hooks = RunHooks(status_of=lambda step_id, response: image_status(response) if step_id == steps.poll else None,
                     after_response=tracker.after_response)
    runner = WorkflowRunner(workflow, session.binding, pacing=options.pacing(), backoff=options.backoff(),
                            deadline_seconds=options.deadline_seconds, clock=session.clock, cancel=session.cancel,
                            hooks=hooks, extra_arguments=extra_arguments, rng=session.rng)
    try:
        result = runner.run(inputs, done=done)
    except DeadlineReached as stop:
        arn = build_arn(stop.state, steps.start)
        status = _cancel(session, arn, tracker) if arn and options.cancel_on_deadline else None
        raise DeadlineExceededError(arn, status == CANCELLED) from None
    except CancelRequested as stop:
        arn = build_arn(stop.state, steps.start)
        status = _cancel(session, arn, tracker) if arn else None
        raise BuildCancelledError(arn, status == CANCELLED) from None
    except StepFailedError as error:
        arn = build_arn(runner.state, steps.start)
        spent = isinstance(error.__cause__, TransientCallError)
        raise BuildStepFailedError(error, arn, _stop_after_error(session, arn, tracker, spent) if arn else "") from None
    return BuildOutcome(result.outputs, tracker.image, step=reader.step if reader else None)


def _stop_after_error(session: Session, arn: str, tracker: _Tracker, retries_spent: bool) -> str:
    """After a hard error mid-wait, cancel the build so that none is left running unknown; says what became of it.

    When the error is a spent retry budget, the service is failing: one attempt is made,
    without another budget of retries.
    """
    seconds = session.options.cancel_wait_seconds
    try:
        # a budget shorter than the shortest back-off: one attempt, no retry
        first = session.sleeper(session.options.retry_base_seconds / 2) if retries_spent else None
        if not is_in_progress(status_of(find_image(session, arn, first))):
            return ""
        status = cancel_build(session, arn, session.sleeper(seconds), observe=tracker.observe)
    except Interrupted:
        return f"the build may still be running: its cancel was not confirmed within {seconds:g} s"
    except (TransientCallError, CallFailed) as error:
        return f"the build may still be running and could not be cancelled: {error}"
    return "the build was cancelled" if status == CANCELLED else ""


def _cancel(session: Session, arn: str, tracker: _Tracker) -> str | None:
    """Cancel the build the run was stopped on; the status it ended in, None if that could not be seen.

    The wait does not listen to the cancel signal: it may be what stopped the run.
    """
    try:
        return cancel_build(session, arn, session.sleeper(session.options.cancel_wait_seconds, listen=False),
                            observe=tracker.observe)
    except (DeadlineReached, TransientCallError, CallFailed):
        return None
