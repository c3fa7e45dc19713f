"""Workflow executions as modeled: which workflows a build runs, and when each of their steps runs and ends.

A build runs its build workflow while BUILDING, its test workflows one after another while
TESTING and its distribution workflow while DISTRIBUTING; each step takes its weight's
share of its workflow's time (the catalog's ``stepWeights``). Nothing runs in the
background: like a build's status, every execution is computed from the build's start,
its scenario and the modeled clock, and the plan (which workflows and steps) is kept
with the build in the state file.

What ends a run early decides how its steps end (our model): a scenario that fails,
cancels or hangs a stage keeps that stage's *failing step* running until then (the step
its ``failureContext`` names, else the heaviest step of the stage's first workflow) and
ends it FAILED or CANCELLED (never, for a hang); a CancelImageCreation cancels the step
running at that moment. Steps and workflows that would have started later never start,
and only started ones have execution records: botocore's model says the succeeded,
skipped and failed steps reach ``totalStepCount`` "only ... if every step finishes".
"""

from __future__ import annotations

import json
import math
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from ..catalog_documents import WorkflowEntry
from ..errors import ServiceError
from ..scenarios import STAGE_NAMES, BuildTimeline, Scenario, default_reason
from ..statuses import COMPLETED, RUNNING, STEP_CANCELLED, STEP_FAILED
from ..workflow_documents import WorkflowStepDefinition
from . import versions
from .catalog import Catalog


class ScheduledBuild(Protocol):
    """What the schedule reads of a build (:class:`.builds.Build` has it)."""

    @property
    def arn(self) -> str: ...

    @property
    def scenario(self) -> dict[str, Any]: ...

    @property
    def total(self) -> float: ...

    @property
    def tests_enabled(self) -> bool: ...

    @property
    def workflows(self) -> list[dict[str, Any]]: ...

    @property
    def start(self) -> float: ...

    @property
    def cancelled_at(self) -> float | None: ...

    @property
    def cancel_reason(self) -> str | None: ...


TimeAt = Callable[[float], str]
"""The ``DateTime`` of a moment given in modeled seconds from the build's start."""

STAGE_OF_TYPE = {"BUILD": "BUILDING", "TEST": "TESTING", "DISTRIBUTION": "DISTRIBUTING"}
_MANAGED = {("imageRecipes", "BUILD"): "build-image", ("imageRecipes", "TEST"): "test-image",
            ("containerRecipes", "BUILD"): "build-container", ("containerRecipes", "TEST"): "test-container",
            ("imageRecipes", "DISTRIBUTION"): "distribute-image",
            ("containerRecipes", "DISTRIBUTION"): "distribute-image"}
MESSAGE_MAX = 500
"""The longest ``message`` of a build, an execution or a step: the model's ImageBuildMessage, WorkflowExecutionMessage
and WorkflowStepMessage have ``max`` 500."""


# ----- planning (CreateImage) ------------------------------------------------------


def plan(catalog: Catalog, recipe_kind: str, given: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """The workflows a new build runs, in the form the build keeps; raises ResourceNotFoundException.

    botocore's model documents CreateImage ``workflows``: "If you specify workflows, they
    replace the default workflows that Image Builder otherwise runs for the build." The
    managed build and test workflows run only without them; the managed distribution
    workflow runs unless a DISTRIBUTION workflow is given (our decision: every build here
    has a distribution stage).
    """
    chosen = [(resolve(catalog, config["workflowArn"]), config) for config in given or []]
    types = {entry.type for entry, _ in chosen}
    defaults = ("DISTRIBUTION",) if given else ("BUILD", "TEST", "DISTRIBUTION")
    for kind in defaults:
        if kind not in types:
            chosen.append((_managed(catalog, recipe_kind, kind), {}))
    order = list(STAGE_OF_TYPE)
    chosen.sort(key=lambda pair: order.index(pair[0].type))
    return [{"arn": entry.arn, "type": entry.type, "steps": [s.to_json() for s in entry.steps],
             **{key: config[key] for key in ("parallelGroup", "onFailure") if config.get(key)}}
            for entry, config in chosen]


def resolve(catalog: Catalog, arn: str) -> WorkflowEntry:
    """The catalog workflow of a build version, version or wildcard (``x.x.x``) ARN: the newest match."""
    parts = arn.split("/")  # ...:workflow, TYPE, NAME, VERSION[, BUILD]
    base, wanted = "/".join(parts[:3]), parts[3] if len(parts) > 3 else ""
    versions.check_wildcards(wanted, arn)
    found = [entry for entry in catalog.entries()
             if isinstance(entry, WorkflowEntry) and entry.arn.rsplit("/", 2)[0] == base
             and versions.matches(wanted, entry.resource["version"]) and (len(parts) < 5 or entry.arn == arn)]
    if not found:
        raise ServiceError("ResourceNotFoundException", f"The workflow '{arn}' does not exist.")
    return max(found, key=lambda e: versions.sort_key(e.resource["version"]))


def _managed(catalog: Catalog, recipe_kind: str, kind: str) -> WorkflowEntry:
    name = _MANAGED[(recipe_kind, kind)]
    found = [e for e in catalog.entries() if isinstance(e, WorkflowEntry) and e.type == kind
             and e.resource["name"] == name and e.resource["owner"] == "aws"]
    return max(found, key=lambda e: versions.sort_key(e.resource["version"]))


# ----- the schedule: when each step runs and how it ends ------------------------------


@dataclass(frozen=True)
class StepRun:
    """One step's execution, in modeled seconds from the build's start; ``end`` None if it never ends."""

    id: str
    step: WorkflowStepDefinition
    start: float
    end: float | None
    outcome: str
    message: str | None = None

    def status(self, elapsed: float) -> str:
        """RUNNING until its end, then its outcome."""
        return RUNNING if self.end is None or elapsed < self.end else self.outcome

    def render(self, elapsed: float, time_at: TimeAt) -> dict[str, Any]:
        """The step as ListWorkflowStepExecutions lists it, ``elapsed`` modeled seconds after the build's start."""
        status = self.status(elapsed)
        body: dict[str, Any] = {"stepExecutionId": self.id, "name": self.step.name, "action": self.step.action,
                                "status": status, "startTime": time_at(self.start),
                                "attemptNumber": 1, "maxAttempts": 1}
        if self.step.description:
            body["description"] = self.step.description
        if status != RUNNING and self.end is not None:
            body["endTime"] = time_at(self.end)
        if status in (STEP_FAILED, STEP_CANCELLED) and self.message:
            body["message"] = self.message[:MESSAGE_MAX]
        if status == STEP_FAILED and self.message:
            body["outputs"] = json.dumps({"error": self.message})
        return body


@dataclass(frozen=True)
class ExecutionRun:
    """One workflow's execution: the steps it starts, and how many its document defines."""

    id: str
    workflow_arn: str
    type: str
    parallel_group: str | None
    total_steps: int
    steps: tuple[StepRun, ...]

    @property
    def start(self) -> float:
        """When its first step starts."""
        return self.steps[0].start

    @property
    def outcome(self) -> str:
        """How it ends: COMPLETED, FAILED, CANCELLED, or RUNNING if it never does."""
        return self.steps[-1].outcome

    def render(self, elapsed: float, time_at: TimeAt) -> dict[str, Any]:
        """The execution as ListWorkflowExecutions lists it, ``elapsed`` modeled seconds after the build's start."""
        started = [s for s in self.steps if s.start <= elapsed]
        statuses = [s.status(elapsed) for s in started]
        last = started[-1]
        done = statuses[-1] != RUNNING and (last is self.steps[-1])
        status = self.outcome if done else RUNNING
        body: dict[str, Any] = {
            "workflowBuildVersionArn": self.workflow_arn, "workflowExecutionId": self.id, "type": self.type,
            "status": status, "totalStepCount": self.total_steps,
            "totalStepsSucceeded": statuses.count(COMPLETED), "totalStepsFailed": statuses.count(STEP_FAILED),
            "totalStepsSkipped": 0, "startTime": time_at(self.start),
        }
        if done and last.end is not None:
            body["endTime"] = time_at(last.end)
        if status in (STEP_FAILED, STEP_CANCELLED) and last.message:
            what = "failed" if status == STEP_FAILED else "was cancelled"
            body["message"] = f"Step {last.step.name} {what}: {last.message}"[:MESSAGE_MAX]
        if self.parallel_group:
            body["parallelGroup"] = self.parallel_group
        return body


@dataclass(frozen=True)
class _Stop:
    """How a scenario ends the run in ``stage`` at ``at``: FAILED, CANCELLED or RUNNING (a hang)."""

    at: float
    outcome: str
    stage: str
    step: str | None
    message: str


def failure_continues(build: ScheduledBuild) -> bool:
    """Whether the build goes on past its scenario's failure: a test workflow set to ``onFailure`` CONTINUE fails.

    CreateImage's ``workflows.onFailure``: "The action to take if the workflow fails. If you don't
    set a value, the image build fails when the workflow fails. You can only set this property for
    test workflows." (CONTINUE: the build goes on as if the workflow had succeeded; our reading.)
    """
    timeline = BuildTimeline.for_build(build.total, build.tests_enabled)
    stop = _scenario_stop(build, timeline)
    if stop is None or stop.outcome != STEP_FAILED or STAGE_OF_TYPE["TEST"] != stop.stage:
        return False
    planned = [w for w in build.workflows if w["type"] == "TEST"]
    failing = _failing_step(planned, stop)
    return failing is not None and planned[failing[0]].get("onFailure") == "CONTINUE"


def schedule(build: ScheduledBuild) -> list[ExecutionRun]:
    """Every workflow execution the build starts, ever, given its scenario and any cancel."""
    timeline = BuildTimeline.for_build(build.total, build.tests_enabled)
    stop = _scenario_stop(build, timeline)
    goes_on = failure_continues(build)
    runs: list[ExecutionRun] = []
    for stage, begin, finish in timeline.stages:
        if stop and not goes_on and STAGE_NAMES.index(stage) > STAGE_NAMES.index(stop.stage):
            break
        planned = [w for w in build.workflows if STAGE_OF_TYPE[w["type"]] == stage]
        failing = _failing_step(planned, stop) if stop and stop.stage == stage else None
        share = (finish - begin) / len(planned) if planned else 0.0
        for index, workflow in enumerate(planned):
            execution = _execution_uuid(build.arn, len(runs))
            steps = _steps(execution, workflow, begin + index * share, share,
                           stop if failing and failing[0] == index else None, failing[1] if failing else None)
            runs.append(ExecutionRun(f"wf-{execution}", workflow["arn"], workflow["type"],
                                     workflow.get("parallelGroup"), len(workflow["steps"]), tuple(steps)))
            if steps[-1].outcome != COMPLETED and not goes_on:
                break
        if runs and runs[-1].outcome != COMPLETED and not goes_on:
            break
    if build.cancelled_at is not None:
        runs = _cancelled(runs, build.cancelled_at - build.start, build.cancel_reason or "Image creation was cancelled.")
    return runs


def _scenario_stop(build: ScheduledBuild, timeline: BuildTimeline) -> _Stop | None:
    scenario = Scenario.from_dict(build.scenario)
    if not scenario.stage or scenario.outcome not in ("fail", "cancel", "hang"):
        return None
    outcome = {"fail": STEP_FAILED, "cancel": STEP_CANCELLED, "hang": RUNNING}[scenario.outcome]
    at = math.inf if outcome == RUNNING else timeline.end_of(scenario.stage)
    message = scenario.reason or (default_reason(scenario.stage) if outcome == STEP_FAILED else "Image creation was cancelled.")
    named = (scenario.failure_context or {}).get("failedStep")
    return _Stop(at, outcome, scenario.stage, named if isinstance(named, str) else None, message)


def _failing_step(planned: list[dict[str, Any]], stop: _Stop) -> tuple[int, str] | None:
    """(workflow index, step name) of the stage's failing step: the one named, else the first workflow's heaviest."""
    for index, workflow in enumerate(planned):
        if any(s["name"] == stop.step for s in workflow["steps"]):
            return index, str(stop.step)
    if not planned:
        return None
    return 0, str(max(planned[0]["steps"], key=lambda s: s["weight"])["name"])  # the first of equals


def _steps(execution: uuid.UUID, workflow: dict[str, Any], begin: float, span: float, stop: _Stop | None,
           failing: str | None) -> list[StepRun]:
    """The workflow's steps in ``[begin, begin + span)`` by weight; with ``stop``, up to its failing step."""
    steps = [WorkflowStepDefinition(**s) for s in workflow["steps"]]
    weights = sum(s.weight for s in steps)
    out, start = [], begin
    for index, step in enumerate(steps):
        end = start + span * step.weight / weights
        step_id = f"step-{uuid.uuid5(execution, f'{index}#{step.name}')}"
        if stop is not None and step.name == failing:
            out.append(StepRun(step_id, step, start, None if math.isinf(stop.at) else stop.at, stop.outcome,
                               stop.message))
            break
        out.append(StepRun(step_id, step, start, end, COMPLETED))
        start = end
    return out


def _cancelled(runs: list[ExecutionRun], at: float, message: str) -> list[ExecutionRun]:
    """The executions as a cancel at ``at`` leaves them: the step running then CANCELLED, none started after."""
    out = []
    for run in runs:
        steps = []
        for step in run.steps:
            if step.start > at:
                break
            if step.end is None or at < step.end:
                step = StepRun(step.id, step.step, step.start, at, STEP_CANCELLED, message)
            steps.append(step)
            if step.outcome != COMPLETED:
                break
        if steps:
            out.append(ExecutionRun(run.id, run.workflow_arn, run.type, run.parallel_group, run.total_steps,
                                    tuple(steps)))
        if not steps or steps[-1].outcome != COMPLETED:
            break
    return out


def _execution_uuid(build_arn: str, number: int) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"{build_arn}#workflow-execution-{number}")


def failed_step(build: ScheduledBuild) -> dict[str, str] | None:
    """The failure context's workflow members for the step the build's scenario fails, if it fails in one."""
    for run in schedule(build):
        last = run.steps[-1]
        if last.outcome == STEP_FAILED:
            return {"workflowExecutionId": run.id, "workflowArn": run.workflow_arn,
                    "stepExecutionId": last.id, "failedStep": last.step.name}
    return None
