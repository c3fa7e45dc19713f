"""Run a build through its Arazzo document, under the one Image Builder policy: the facade every caller uses.

This module owns the policy the documents do not spell out, handed to the generic runner
through its hooks: which step polls and where its status is, that a status that can never
become AVAILABLE (or a build that does not exist) ends the wait at once, that the deadline
and the cancel signal cancel the build, and what becomes of a build an error leaves. It
also owns the preamble every build shares: the identity tags, the lookup of a build a
killed deployment left (:mod:`.reattach`), and the recorded mark of a finished one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..arazzo.errors import StepFailedError, TransientCallError
from ..arazzo.runner import RunHooks, WorkflowRunner
from ..arazzo.state import Response, RunState
from ..arazzo.timing import CancelRequested, DeadlineReached, Interrupted
from .caller import NOT_FOUND, Caller, CallFailed, client_token
from .documents import RETRY_IMAGE, BuildDocument
from .errors import BuildCancelledError, BuildStepFailedError, DeadlineExceededError, UnexpectedStateError
from .identity import RESUMES_TAG
from .reattach import Reuse, count_resume, leftover_to_reuse, mark_recorded
from .resume import REFUSALS
from .request import BuildObserver, BuildRequest, Quiet
from .images import AVAILABLE, CANCELLED, RETIRED, find_image, is_in_progress, status_of
from .steps import StepReader, WorkflowStep
from .waiters import cancel_build


@dataclass(frozen=True)
class BuildOutcome:
    """The workflow outputs and the last ``image`` GetImage returned."""

    outputs: dict[str, Any]
    image: dict[str, Any] | None
    reattached: bool = False
    resumed: bool = False
    """Whether the build was one this resource left FAILED or CANCELLED, resumed with RetryImage."""
    step: WorkflowStep | None = None
    """The last workflow step read (for a FAILED build, the failed step), when steps were read."""


def run_build(caller: Caller, request: BuildRequest, observer: BuildObserver | None = None) -> BuildOutcome:
    """Start the build ``request`` describes (or reattach to one left behind) and wait until it ends.

    Returns for AVAILABLE, FAILED and CANCELLED; raises the start's own refusal (a disabled
    pipeline), BuildStepFailedError, DeadlineExceededError, UnexpectedStateError or
    BuildCancelledError, having cancelled a build it leaves.
    """
    observer = observer or Quiet()
    start, identity = request.start, request.identity
    recipe = start.prepare(caller)
    tags = dict(start.tags)
    reuse: Reuse | None = None
    if identity is not None:
        tags.update(identity.tags())
        reuse = leftover_to_reuse(caller, identity, recipe, observer.say, resume=request.resume)
    outcome = _resume(caller, reuse, observer, request.read_steps) if reuse and reuse.resume else None
    if outcome is None:
        reuse = reuse if reuse and not reuse.resume else None
        inputs, extra = start.arguments(tags)
        done = {start.document.start: {"imageBuildVersionArn": reuse.arn}} if reuse else None
        outcome = _wait(caller, start.document, inputs, extra, observer, request.read_steps, done)
    if identity is not None and status_of(outcome.image) == AVAILABLE:
        mark_recorded(caller, str(outcome.outputs.get("imageBuildVersionArn")),
                      resumed=RESUMES_TAG in ((outcome.image or {}).get("tags") or {}))
    return BuildOutcome(outcome.outputs, outcome.image, reattached=reuse is not None and not reuse.resume,
                        resumed=reuse is not None and reuse.resume, step=outcome.step)


def _resume(caller: Caller, reuse: Reuse, observer: BuildObserver, read_steps: bool) -> BuildOutcome | None:
    """Resume the build with the retry document and wait for it; None when RetryImage refuses (nothing ran)."""
    count_resume(caller, reuse)
    inputs = {"imageBuildVersionArn": reuse.arn, "clientToken": client_token()}
    try:
        return _wait(caller, RETRY_IMAGE, inputs, {}, observer, read_steps, None)
    except BuildStepFailedError as error:
        if error.step_id != RETRY_IMAGE.start or error.code not in REFUSALS:
            raise
        observer.say(f"RetryImage did not resume image build {reuse.arn} ({error.message}); a new build is started")
        return None


def image_status(response: Response) -> str | None:
    """``image.state.status`` of a GetImage response body, if there is one."""
    image = response.body.get("image") if isinstance(response.body, Mapping) else None
    state = image.get("state") if isinstance(image, Mapping) else None
    status = state.get("status") if isinstance(state, Mapping) else None
    return status if isinstance(status, str) else None


def build_arn(state: RunState | None, start_step: str) -> str | None:
    """The build version ARN once the step that starts the build has answered."""
    return state.steps.get(start_step, {}).get("imageBuildVersionArn") if state else None


class _Tracker:
    """Follows the build: tells the observer of every image and step, stops on states the wait could never leave."""

    def __init__(self, observer: BuildObserver, document: BuildDocument, reader: StepReader | None) -> None:
        self.observer, self.document, self.reader = observer, document, reader
        self.image: dict[str, Any] | None = None

    def observe(self, image: dict[str, Any]) -> None:
        self.image = image
        if self.reader:
            self.reader.observe(image)
        _tell("observe", self.observer.observe, image)

    def after_response(self, step_id: str, response: Response, state: RunState) -> None:
        if step_id != self.document.poll:
            return
        arn = build_arn(state, self.document.start)
        if response.error_code == NOT_FOUND:
            raise UnexpectedStateError(arn, None, response.error_message or "GetImage says the build does not exist")
        image = response.body.get("image") if isinstance(response.body, Mapping) else None
        if isinstance(image, dict):
            self.observe(image)
        status = status_of(self.image)
        if status in RETIRED:
            raise UnexpectedStateError(arn, status, (self.image or {}).get("state", {}).get("reason"))


def _tell(name: str, callback: Callable[..., None], *args: Any) -> None:
    try:
        callback(*args)
    except Exception:  # a broken progress display must not abandon a running build
        logging.getLogger(__name__).exception("the observer's %s failed", name)


def _wait(caller: Caller, document: BuildDocument, inputs: Mapping[str, Any],
          extra: Mapping[str, Mapping[str, Any]], observer: BuildObserver, read_steps: bool,
          done: Mapping[str, Mapping[str, Any]] | None) -> BuildOutcome:
    """Run ``document`` under this policy; ``done`` gives the outputs of steps that already ran."""
    options = caller.options
    reader = StepReader(caller, lambda step: _tell("step", observer.step, step)) if read_steps else None
    tracker = _Tracker(observer, document, reader)
    hooks = RunHooks(status_of=lambda step_id, response: image_status(response) if step_id == document.poll else None,
                     after_response=tracker.after_response)
    runner = WorkflowRunner(document.workflow(), caller.transport, pacing=options.pacing(), backoff=options.backoff(),
                            deadline_seconds=options.deadline_seconds, clock=caller.clock, cancel=caller.cancel,
                            hooks=hooks, extra_arguments=extra, rng=caller.rng)
    try:
        result = runner.run(inputs, done=done)
    except DeadlineReached as stop:
        arn = build_arn(stop.state, document.start)
        status = _cancel(caller, arn, tracker) if arn and options.cancel_on_deadline else None
        raise DeadlineExceededError(arn, status == CANCELLED) from None
    except CancelRequested as stop:
        arn = build_arn(stop.state, document.start)
        status = _cancel(caller, arn, tracker) if arn else None
        raise BuildCancelledError(arn, status == CANCELLED) from None
    except StepFailedError as error:
        arn = build_arn(runner.state, document.start)
        spent = isinstance(error.__cause__, TransientCallError)
        raise BuildStepFailedError(error, arn, _stop_after_error(caller, arn, tracker, spent) if arn else "") from None
    return BuildOutcome(result.outputs, tracker.image, step=reader.step if reader else None)


def _stop_after_error(caller: Caller, arn: str, tracker: _Tracker, retries_spent: bool) -> str:
    """After a hard error mid-wait, cancel the build so that none is left running unknown; says what became of it.

    When the error is a spent retry budget, the service is failing: one attempt is made,
    without another budget of retries.
    """
    seconds = caller.options.cancel_wait_seconds
    try:
        # a budget shorter than the shortest back-off: one attempt, no retry
        first = caller.sleeper(caller.options.retry_base_seconds / 2) if retries_spent else None
        if not is_in_progress(status_of(find_image(caller, arn, first))):
            return ""
        status = cancel_build(caller, arn, caller.sleeper(seconds), observe=tracker.observe)
    except Interrupted:
        return f"the build may still be running: its cancel was not confirmed within {seconds:g} s"
    except (TransientCallError, CallFailed) as error:
        return f"the build may still be running and could not be cancelled: {error}"
    return "the build was cancelled" if status == CANCELLED else ""


def _cancel(caller: Caller, arn: str, tracker: _Tracker) -> str | None:
    """Cancel the build the run was stopped on; the status it ended in, None if that could not be seen.

    The wait does not listen to the cancel signal: it may be what stopped the run.
    """
    try:
        return cancel_build(caller, arn, caller.sleeper(caller.options.cancel_wait_seconds, listen=False),
                            observe=tracker.observe)
    except (DeadlineReached, TransientCallError, CallFailed):
        return None
