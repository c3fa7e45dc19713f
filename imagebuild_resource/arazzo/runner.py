"""Execute one Arazzo workflow, step by step, against an operation caller.

Semantics (Arazzo 1.0.1 "Step Object", "Success/Failure Action Object"):

* A step's request is its parameters plus its ``requestBody.payload`` members, with runtime
  expressions resolved; ``extra_arguments[stepId]`` (a runtime extension, not Arazzo) adds
  members the document does not set, and may not override one it does.
* Step outputs are evaluated after every call (whether or not it succeeded), so failure
  actions can use them; workflow outputs are evaluated when the workflow ends.
* All success criteria must hold. Then the first onSuccess action whose criteria all hold
  wins (an action without criteria always holds); with none, the next step runs and the
  workflow ends after the last one. Otherwise the first matching onFailure action wins;
  with none the step fails. ``end`` on failure also fails the workflow (our reading: it
  stops the run early, it does not make the failed step a success); so does the jentic
  arazzo-runner 0.9.6, and Redocly Respect 2.77.0 fails the workflow on any unmet success
  criterion, whatever the action. ``retry`` waits ``retryAfter`` seconds and runs the
  step again, at most ``retryLimit`` times (default 1, per the spec) before failing.
* Runtime safety the spec leaves out: a ``goto`` to a step that already ran waits first,
  on the poll schedule of ``pacing`` fed with the status ``hooks.status_of`` reads from that
  step's last response; a ``TransientCallError`` is retried with jittered exponential
  back-off (safe for idempotent calls only: every call in the seed is); an overall
  deadline and a cancel signal (any object with ``is_set()`` and ``wait(timeout)``)
  are checked before every call and end every wait promptly.

Tests that run those other runners: ``tests/arazzo/conformance/test_runner_conformance.py``.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .criteria import evaluate_criterion
from .document import Action, Step, Workflow
from .errors import InputError, StepFailedError, TransientCallError
from .expressions import EvalContext, evaluate_expression, resolve_value
from .pacing import BackoffPolicy, PacingPolicy, PollPacer
from .retry import Operation, Retrier
from .state import Request, Response, RunState
from .timing import CancelSignal, Clock, Interrupted, Sleeper, SystemClock


@dataclass(frozen=True)
class RunHooks:
    """Extension points for a domain policy.

    ``status_of(step_id, response)`` names the state a polling step saw (for pacing);
    ``after_response(step_id, response, state)`` runs after each call's outputs are
    evaluated and may raise to stop the run.
    """

    status_of: Callable[[str, Response], str | None] = lambda step_id, response: None
    after_response: Callable[[str, Response, RunState], None] | None = None


@dataclass(frozen=True)
class RunResult:
    outputs: dict[str, Any]
    state: RunState


class WorkflowRunner:
    """Runs one workflow; create one per run.

    A stop by the deadline or the cancel signal raises ``DeadlineReached`` or
    ``CancelRequested`` (from :mod:`timing`) with ``state`` set to the state reached.
    """

    def __init__(self, workflow: Workflow, call: Operation, *, pacing: PacingPolicy = PacingPolicy(),
                 backoff: BackoffPolicy = BackoffPolicy(), deadline_seconds: float | None = None,
                 clock: Clock | None = None, cancel: CancelSignal | None = None, hooks: RunHooks = RunHooks(),
                 extra_arguments: Mapping[str, Mapping[str, Any]] | None = None,
                 rng: random.Random | None = None) -> None:
        self.workflow, self.pacing, self.hooks = workflow, pacing, hooks
        self.rng = rng or random.Random()
        self.retrier = Retrier(call, backoff, self.rng)
        self.extra_arguments = _check_extras(workflow, extra_arguments or {})
        clock = clock or SystemClock()
        self.sleeper = Sleeper(clock, cancel, None if deadline_seconds is None else clock.now() + deadline_seconds)
        self.pacers: dict[str, PollPacer] = {}
        self.state: RunState | None = None

    def run(self, inputs: Mapping[str, Any], *, done: Mapping[str, Mapping[str, Any]] | None = None) -> RunResult:
        """Run the workflow; ``done`` gives the outputs of leading steps that already ran, which are skipped."""
        state = self.state = RunState(prepare_inputs(self.workflow, inputs),
                                      {step_id: dict(outputs) for step_id, outputs in (done or {}).items()})
        try:
            return self._run(state)
        except Interrupted as stop:
            stop.state = state
            raise

    def _run(self, state: RunState) -> RunResult:
        steps, pace = self.workflow.steps, False
        index = next((i for i, step in enumerate(steps) if step.step_id not in state.steps), len(steps))
        visits: Counter[str] = Counter()
        retries: Counter[str] = Counter()
        while index < len(steps):
            step = steps[index]
            if pace:
                status = self.hooks.status_of(step.step_id, state.responses[step.step_id])
                self.sleeper.sleep(self._pacer(step.step_id).next_delay(status))
            visits[step.step_id] += 1
            context = self._execute(step, state)
            response = context.response
            assert response is not None
            if all(evaluate_criterion(c, context) for c in step.success_criteria):
                retries[step.step_id] = 0
                action = _first_match(step.on_success, context)
                if action is None:
                    index, pace = index + 1, False
                    continue
                if action.type == "end":
                    break
            else:
                action = _first_match(step.on_failure, context)
                if action is None or action.type == "end":
                    raise _step_failed(step, response)
                if action.type == "retry":
                    if retries[step.step_id] >= action.retry_limit:
                        raise _step_failed(step, response)
                    retries[step.step_id] += 1
                    self.sleeper.sleep(action.retry_after)
                    pace = False
                    continue
            index = self.workflow.step_index(action.step_id or "")
            pace = visits[action.step_id or ""] > 0
        final = EvalContext(state.inputs, state.steps)
        return RunResult({name: evaluate_expression(e, final) for name, e in self.workflow.outputs.items()}, state)

    def _pacer(self, step_id: str) -> PollPacer:
        return self.pacers.setdefault(step_id, PollPacer(self.pacing, self.rng))

    def _execute(self, step: Step, state: RunState) -> EvalContext:
        context = EvalContext(state.inputs, state.steps)
        located: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}}
        for parameter in step.parameters:
            located[parameter.location][parameter.name] = resolve_value(parameter.value, context)
        payload = resolve_value(step.payload, context) if step.payload is not None else None
        arguments = {**located["path"], **located["query"], **located["header"], **(payload or {})}
        arguments.update(self.extra_arguments.get(step.step_id, {}))
        try:
            response = self.retrier(step.operation_id, arguments, self.sleeper)
        except TransientCallError as exc:
            raise StepFailedError(exc.code, exc.message, exc.status, step.step_id) from exc
        request = Request(payload, located["header"], located["query"], located["path"])
        context = EvalContext(state.inputs, state.steps, request=request, response=response)
        state.responses[step.step_id] = response
        state.steps[step.step_id] = {name: evaluate_expression(e, context) for name, e in (step.outputs or {}).items()}
        if self.hooks.after_response:
            self.hooks.after_response(step.step_id, response, state)
        return context


def prepare_inputs(workflow: Workflow, inputs: Mapping[str, Any]) -> dict[str, Any]:
    """Apply the inputs schema's top-level defaults and check its ``required`` list.

    ``None`` counts as absent. Applying defaults is our reading of the schema's ``default``
    (the seed gives ``clientToken`` one): Redocly Respect 2.77.0 applies them too, the
    jentic arazzo-runner 0.9.6 does not. Callers that must not use a default pass the
    input explicitly.
    """
    schema = workflow.inputs
    properties = schema.get("properties") or {}
    prepared = {key: value for key, value in inputs.items() if value is not None}
    for name, spec in properties.items():
        if name not in prepared and isinstance(spec, Mapping) and spec.get("default") is not None:
            prepared[name] = spec["default"]
    missing = [name for name in schema.get("required") or [] if name not in prepared]
    if missing:
        raise InputError(f"Workflow {workflow.workflow_id!r} needs the input(s) {', '.join(missing)}.")
    for name, value in prepared.items():
        spec = properties.get(name)
        if isinstance(spec, Mapping) and spec.get("type") == "string" and not isinstance(value, str):
            raise InputError(f"Workflow input {name!r} must be a string, not {type(value).__name__}.")
    return prepared


def _check_extras(workflow: Workflow, extras: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    checked = {}
    steps = {step.step_id: step for step in workflow.steps}
    for step_id, members in extras.items():
        step = steps.get(step_id)
        if step is None:
            raise InputError(f"Extra arguments name step {step_id!r}, which workflow {workflow.workflow_id!r} does not have.")
        written = {p.name for p in step.parameters} | set(step.payload or {})
        clashes = sorted(written & set(members))
        if clashes:
            raise InputError(f"Extra arguments for step {step_id!r} may only add members; the document already sets "
                             f"{', '.join(clashes)} (pass those as workflow inputs).")
        checked[step_id] = {key: value for key, value in members.items() if value is not None}
    return checked


def _first_match(actions: tuple[Action, ...], context: EvalContext) -> Action | None:
    return next((a for a in actions if all(evaluate_criterion(c, context) for c in a.criteria)), None)


def _step_failed(step: Step, response: Response) -> StepFailedError:
    return StepFailedError(response.error_code, response.error_message, response.status_code, step.step_id)
