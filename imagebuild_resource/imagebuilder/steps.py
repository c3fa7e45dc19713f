"""The workflow step a build is on, read from Image Builder's workflow executions at a bounded cost.

This module owns when steps are read and what reading them may cost (our decisions).
GetImage says only the stage (``BUILDING``); ListWorkflowExecutions and
ListWorkflowStepExecutions say which step of which workflow runs. A :class:`StepReader`
is told of every image a poll reads and spends at most ``ratio`` (10 %) extra calls per
GetImage poll, counted over the run so far, so a wait never costs more than 1.1 times
its GetImage calls:

* a status with a workflow (BUILDING, TESTING, DISTRIBUTING) finds that stage's
  execution and reads its steps (2 calls) as soon as the budget allows;
* while the status lasts, its steps are read again (1 call) at most once every
  ``every`` polls;
* FAILED reads the failed step once (1 call: GetWorkflowStepExecution on the
  ``failureContext``'s ``stepExecutionId``, or ListWorkflowStepExecutions on its
  ``workflowExecutionId``); every earlier read leaves one call of the budget for it.

Step reads are never retried and never fail the build: an error, throttling or a missing
permission only leaves the step out until the next read. botocore's model documents no order
for either list, and that "a page can contain fewer items than the maximum, with a nextToken
to continue paging": a list is read to its last page (each page a call of the budget) and
ordered by ``startTime``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .. import servicemodel
from ..arazzo.errors import WorkflowError
from .caller import Caller
from .images import FAILED

STAGE_WORKFLOWS = {"BUILDING": "BUILD", "TESTING": "TEST", "DISTRIBUTING": "DISTRIBUTION"}
"""The image statuses during which a workflow of that type runs."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WorkflowStep:
    """One step of a build's workflow as last read, under the image status ``during``."""

    during: str
    workflow: str
    name: str
    status: str
    action: str | None = None
    number: int | None = None
    total: int | None = None
    message: str | None = None

    def label(self) -> str:
        """``step 4/9 ApplyBuildComponents`` (without the numbers when they are not known)."""
        count = f"{self.number}/{self.total} " if self.number and self.total else ""
        return f"step {count}{self.name}"


StepObserver = Callable[[WorkflowStep], None]
"""``on_step(step)``: told of each step read."""


@dataclass
class _Execution:
    """The workflow execution of the current status: its ID, workflow name and step count."""

    id: str
    workflow: str
    total: int | None


class StepReader:
    """Reads the step of the build it is shown, within its call budget; ``on_step`` hears each step read."""

    def __init__(self, caller: Caller, on_step: StepObserver, ratio: float = 0.10, every: int = 10) -> None:
        self.caller, self.on_step, self.ratio, self.every = caller, on_step, ratio, every
        self.polls = 0
        self.calls = 0
        """Calls spent reading steps (each counts once: step reads are never retried)."""
        self.step: WorkflowStep | None = None
        self._status: str | None = None
        self._execution: _Execution | None = None
        self._last_try = 0

    def observe(self, image: Mapping[str, Any]) -> None:
        """Count one poll of ``image`` and read its step if it is time and the budget allows."""
        self.polls += 1
        state = image.get("state") or {}
        status, arn = state.get("status"), image.get("arn")
        if status != self._status:
            self._status, self._execution, self._last_try = status, None, -self.every
        if not isinstance(arn, str) or not isinstance(status, str):
            return
        if status == FAILED:
            if self._last_try < 0 and self._affords(1):
                self._last_try = self.polls
                self._read(self._failed_step, arn, state.get("failureContext") or {})
            return
        if status not in STAGE_WORKFLOWS or self.polls - self._last_try < self.every:
            return
        if self._execution is None and self._affords(2, reserve=1):
            self._last_try = self.polls
            self._read(self._current_step, arn, status)
        elif self._execution is not None and self._affords(1, reserve=1):
            self._last_try = self.polls
            self._read(self._steps_of, self._execution, status)

    def _affords(self, calls: int, reserve: int = 0) -> bool:
        return self.calls + calls + reserve <= self.ratio * self.polls

    def _read(self, read: Callable[..., WorkflowStep | None], *args: Any) -> None:
        try:
            step = read(*args)
        except Exception as error:  # noqa: BLE001 - a step is never worth failing the build over
            log.debug("could not read the build's workflow step: %s", error)
            return
        if step is not None:
            self.step = step
            self.on_step(step)

    def _call(self, operation: str, **params: Any) -> dict[str, Any]:
        """One call, not retried; an AWS error raises WorkflowError."""
        self.calls += 1
        response = self.caller.once(operation, **params)
        if response.error_code:
            raise WorkflowError(f"{operation}: {response.error_code}: {response.error_message}")
        return dict(response.body)

    def _pages(self, operation: str, key: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a List ``operation`` (each page one call), in the order they started."""
        items: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            body = self._call(operation, **params, maxResults=servicemodel.largest_page(operation),
                              **({"nextToken": token} if token else {}))
            items += body.get(key) or []
            token = body.get("nextToken")
            if not token:
                return sorted(items, key=lambda item: str(item.get("startTime") or ""))

    def _current_step(self, arn: str, status: str) -> WorkflowStep | None:
        """The running execution of ``status``'s workflow type (the latest of that type), then its step."""
        wanted = STAGE_WORKFLOWS[status]
        found = self._pages("ListWorkflowExecutions", "workflowExecutions", imageBuildVersionArn=arn)
        ours = [e for e in found if e.get("type") == wanted]
        if not ours:
            return None
        running = [e for e in ours if e.get("status") == "RUNNING"] or ours
        chosen = running[-1]
        self._execution = _Execution(chosen["workflowExecutionId"], _workflow_name(chosen.get("workflowBuildVersionArn")),
                                     chosen.get("totalStepCount"))
        return self._steps_of(self._execution, status)

    def _steps_of(self, execution: _Execution, status: str) -> WorkflowStep | None:
        """The last started step of ``execution`` (the running one, or the one it stopped on)."""
        steps = self._pages("ListWorkflowStepExecutions", "steps", workflowExecutionId=execution.id)
        if not steps:
            return None
        running = [i for i, s in enumerate(steps) if s.get("status") in ("RUNNING", FAILED)]
        index = running[0] if running else len(steps) - 1
        return _step(status, execution.workflow, steps[index], index + 1, execution.total)

    def _failed_step(self, arn: str, context: Mapping[str, Any]) -> WorkflowStep | None:
        """The step the failure context points at."""
        if context.get("stepExecutionId"):
            body = self._call("GetWorkflowStepExecution", stepExecutionId=context["stepExecutionId"])
            return _step(FAILED, _workflow_name(body.get("workflowBuildVersionArn")), body)
        if context.get("workflowExecutionId"):
            execution = _Execution(context["workflowExecutionId"], _workflow_name(context.get("workflowArn")), None)
            step = self._steps_of(execution, FAILED)
            return step if step is not None and step.status == FAILED else None
        return None


def _step(during: str, workflow: str, body: Mapping[str, Any], number: int | None = None,
          total: int | None = None) -> WorkflowStep:
    return WorkflowStep(during, workflow, str(body["name"]), str(body.get("status", "")), body.get("action"),
                        number, total, body.get("message"))


def _workflow_name(arn: Any) -> str:
    """``build-image`` of ``arn:...:workflow/build/build-image/1.0.2/1``."""
    parts = arn.split("/") if isinstance(arn, str) else []
    return parts[2] if len(parts) >= 4 else ""
