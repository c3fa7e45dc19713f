"""The workflow execution operations of the backend (a mixin of :class:`Backend`), over each build's schedule.

GetWorkflowExecution, ListWorkflowExecutions, ListWorkflowStepExecutions and
GetWorkflowStepExecution read :func:`.workflow_schedule.schedule` at the modeled time now:
only executions and steps that have started are there. An ID or build the service does not
know (or that has not started yet) is ``ResourceNotFoundException`` (our choice: the model
declares no not-found error for these operations, and GetImage answers so for an unknown
build).
"""

from __future__ import annotations

import threading
import uuid
from typing import Any

from ..clock import VirtualClock, iso_time
from ..errors import ServiceError
from ..statuses import FAILED
from .builds import Build, Site
from .pagination import Listing, page
from .workflow_schedule import MESSAGE_MAX, ExecutionRun, TimeAt, schedule


class WorkflowExecutionOperations:
    """The four operations; :class:`Backend` provides the state they use, under its lock."""

    _lock: threading.RLock
    clock: VirtualClock
    site: Site
    builds: dict[str, Build]
    listing: Listing

    def get_workflow_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetWorkflowExecution."""
        with self._lock:
            now = self.clock.now()
            build, run = self._execution(params["workflowExecutionId"], now)
            return {"requestId": _request_id(), **run.render(now - build.start, self._time_at(build)),
                    "imageBuildVersionArn": build.arn}

    def list_workflow_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListWorkflowExecutions: the build's started executions; its failure reason as ``message``."""
        with self._lock:
            arn = params["imageBuildVersionArn"]
            build = self.builds.get(arn)
            if build is None:
                raise ServiceError("ResourceNotFoundException", f"The image '{arn}' does not exist.")
            now = self.clock.now()
            elapsed, time_at = now - build.start, self._time_at(build)
            started = [run.render(elapsed, time_at) for run in schedule(build) if run.start <= elapsed]
            shown, following = page(started, params, arn, self.listing)
            out: dict[str, Any] = {"requestId": _request_id(), "workflowExecutions": shown,
                                   "imageBuildVersionArn": arn}
            state = build.state(now, self.site)
            if state["status"] == FAILED and state.get("reason"):
                out["message"] = str(state["reason"])[:MESSAGE_MAX]
            if following:
                out["nextToken"] = following
            return out

    def list_workflow_step_executions(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListWorkflowStepExecutions: the execution's started steps."""
        with self._lock:
            execution_id = params["workflowExecutionId"]
            now = self.clock.now()
            build, run = self._execution(execution_id, now)
            elapsed, time_at = now - build.start, self._time_at(build)
            started = [step.render(elapsed, time_at) for step in run.steps if step.start <= elapsed]
            shown, following = page(started, params, execution_id, self.listing)
            out: dict[str, Any] = {"requestId": _request_id(), "steps": shown,
                                   "workflowBuildVersionArn": run.workflow_arn, "workflowExecutionId": run.id,
                                   "imageBuildVersionArn": build.arn}
            if following:
                out["nextToken"] = following
            return out

    def get_workflow_step_execution(self, params: dict[str, Any]) -> dict[str, Any]:
        """GetWorkflowStepExecution: the step with its definition's ``onFailure`` and ``timeoutSeconds``."""
        with self._lock:
            step_id, now = params["stepExecutionId"], self.clock.now()
            for build in self.builds.values():
                elapsed = now - build.start
                for run in schedule(build):
                    for step in run.steps:
                        if step.id != step_id or step.start > elapsed:
                            continue
                        body = {"requestId": _request_id(), "workflowBuildVersionArn": run.workflow_arn,
                                "workflowExecutionId": run.id, "imageBuildVersionArn": build.arn,
                                **step.render(elapsed, self._time_at(build)),
                                "onFailure": step.step.on_failure or "Abort"}
                        if step.step.timeout_seconds is not None:
                            body["timeoutSeconds"] = step.step.timeout_seconds
                        return body
            raise ServiceError("ResourceNotFoundException", f"The workflow step execution '{step_id}' does not exist.")

    def _execution(self, execution_id: str, now: float) -> tuple[Build, ExecutionRun]:
        for build in self.builds.values():
            for run in schedule(build):
                if run.id == execution_id and run.start <= now - build.start:
                    return build, run
        raise ServiceError("ResourceNotFoundException", f"The workflow execution '{execution_id}' does not exist.")

    def _time_at(self, build: Build) -> TimeAt:
        return lambda seconds: iso_time(self.clock.real_at(build.start + seconds))


def _request_id() -> str:
    return str(uuid.uuid4())
