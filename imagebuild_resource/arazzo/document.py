"""Load and validate an Arazzo 1.0.x document into immutable objects the runner executes.

Validation fails fast with one sentence naming the place (``workflows[0].steps[1]...``):
the ``arazzo`` version is 1.0.x, stepIds are unique, every ``goto`` target exists,
every operationId exists in the service model given, every runtime expression and
criterion parses. Steps that call other workflows or use ``operationPath``, actions that
transfer to workflows, reusable-object ``reference``s and ``xpath`` criteria are
rejected as unsupported rather than ignored.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .criteria import JSONPATH_VERSIONS, Criterion, check_criterion
from .errors import CriterionError, DocumentError, ExpressionError
from .expressions import check_value

PARAMETER_LOCATIONS = ("path", "query", "header")


@dataclass(frozen=True)
class Parameter:
    name: str
    location: str
    value: Any


@dataclass(frozen=True)
class Action:
    """An onSuccess/onFailure action: ``end``, ``goto`` (step_id) or ``retry``."""

    name: str
    type: str
    criteria: tuple[Criterion, ...] = ()
    step_id: str | None = None
    retry_after: float = 0.0
    retry_limit: int = 1


@dataclass(frozen=True)
class Step:
    step_id: str
    operation_id: str
    parameters: tuple[Parameter, ...] = ()
    payload: Any = None
    success_criteria: tuple[Criterion, ...] = ()
    on_success: tuple[Action, ...] = ()
    on_failure: tuple[Action, ...] = ()
    outputs: Mapping[str, str] | None = None


@dataclass(frozen=True)
class Workflow:
    workflow_id: str
    inputs: Mapping[str, Any]
    steps: tuple[Step, ...]
    outputs: Mapping[str, str]

    def step_index(self, step_id: str) -> int:
        return next(i for i, step in enumerate(self.steps) if step.step_id == step_id)


@dataclass(frozen=True)
class Document:
    arazzo: str
    title: str
    workflows: Mapping[str, Workflow]

    def workflow(self, workflow_id: str) -> Workflow:
        try:
            return self.workflows[workflow_id]
        except KeyError:
            raise DocumentError(f"The document has no workflow {workflow_id!r} (it has {sorted(self.workflows)}).") from None


def load_document(source: str | Path, *, operation_ids: Collection[str] | None = None) -> Document:
    """Read a YAML/JSON Arazzo file and validate it (operationIds against ``operation_ids`` if given)."""
    path = Path(source)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DocumentError(f"Cannot read Arazzo document {path.name}: {exc}") from None
    return parse_document(data, operation_ids=operation_ids)


def parse_document(data: Any, *, operation_ids: Collection[str] | None = None) -> Document:
    """Validate an already-decoded Arazzo document."""
    _Validator.require(isinstance(data, Mapping), "document", "must be a mapping")
    version = str(data.get("arazzo", ""))
    _Validator.require(re.fullmatch(r"1\.0\.\d+", version) is not None, "arazzo",
                       f"version {version or '(missing)'!r} is not supported (this runtime runs 1.0.x)")
    raw_workflows = data.get("workflows")
    _Validator.require(isinstance(raw_workflows, list) and bool(raw_workflows), "workflows", "must be a non-empty list")
    workflows: dict[str, Workflow] = {}
    for index, raw in enumerate(raw_workflows):
        workflow = _Validator(f"workflows[{index}]", operation_ids).workflow(raw)
        _Validator.require(workflow.workflow_id not in workflows, f"workflows[{index}].workflowId",
                           f"{workflow.workflow_id!r} is not unique")
        workflows[workflow.workflow_id] = workflow
    info = data.get("info") if isinstance(data.get("info"), Mapping) else {}
    return Document(version, str(info.get("title", "")), workflows)


class _Validator:
    def __init__(self, where: str, operation_ids: Collection[str] | None) -> None:
        self.where, self.operation_ids = where, operation_ids

    @staticmethod
    def require(ok: bool, where: str, message: str) -> None:
        if not ok:
            raise DocumentError(f"{where}: {message}.")

    def expression(self, value: Any, where: str) -> None:
        try:
            check_value(value)
        except ExpressionError as exc:
            raise DocumentError(f"{where}: {exc}") from None

    def workflow(self, raw: Any) -> Workflow:
        w = self.where
        self.require(isinstance(raw, Mapping), w, "must be a mapping")
        workflow_id = raw.get("workflowId")
        self.require(isinstance(workflow_id, str) and bool(workflow_id), f"{w}.workflowId", "is required")
        for unsupported in ("dependsOn", "parameters", "successActions", "failureActions"):
            self.require(not raw.get(unsupported), f"{w}.{unsupported}", "is not supported by this runtime")
        inputs = raw.get("inputs") or {}
        self.require(isinstance(inputs, Mapping), f"{w}.inputs", "must be a JSON Schema object")
        raw_steps = raw.get("steps")
        self.require(isinstance(raw_steps, list) and bool(raw_steps), f"{w}.steps", "must be a non-empty list")
        steps = tuple(self.step(step, f"{w}.steps[{i}]") for i, step in enumerate(raw_steps))
        seen: set[str] = set()
        for i, step in enumerate(steps):
            self.require(step.step_id not in seen, f"{w}.steps[{i}].stepId", f"{step.step_id!r} is not unique")
            seen.add(step.step_id)
        for i, step in enumerate(steps):
            for kind, actions in (("onSuccess", step.on_success), ("onFailure", step.on_failure)):
                for j, action in enumerate(actions):
                    self.require(action.step_id is None or action.step_id in seen, f"{w}.steps[{i}].{kind}[{j}].stepId",
                                 f"goto target {action.step_id!r} is not a step of workflow {workflow_id!r}")
        outputs = self.outputs(raw.get("outputs"), f"{w}.outputs")
        return Workflow(workflow_id, inputs, steps, outputs or {})

    def outputs(self, raw: Any, where: str) -> dict[str, str] | None:
        if raw is None:
            return None
        self.require(isinstance(raw, Mapping), where, "must be a mapping of names to runtime expressions")
        for name, value in raw.items():
            self.require(isinstance(value, str) and value.startswith("$"), f"{where}.{name}", "must be a runtime expression")
            self.expression(value, f"{where}.{name}")
        return dict(raw)

    def step(self, raw: Any, w: str) -> Step:
        self.require(isinstance(raw, Mapping), w, "must be a mapping")
        step_id = raw.get("stepId")
        self.require(isinstance(step_id, str) and re.fullmatch(r"[A-Za-z0-9_\-]+", step_id) is not None,
                     f"{w}.stepId", f"{step_id!r} must be a non-empty string of letters, digits, '_' or '-'")
        for unsupported in ("operationPath", "workflowId"):
            self.require(unsupported not in raw, f"{w}.{unsupported}", "is not supported by this runtime (use operationId)")
        operation_id = raw.get("operationId")
        self.require(isinstance(operation_id, str) and bool(operation_id), f"{w}.operationId", "is required")
        operation_id = operation_id.rsplit(".", 1)[-1] if operation_id.startswith("$sourceDescriptions.") else operation_id
        self.require(self.operation_ids is None or operation_id in self.operation_ids, f"{w}.operationId",
                     f"{operation_id!r} is not an operation of the service")
        parameters = tuple(self.parameter(p, f"{w}.parameters[{i}]") for i, p in enumerate(raw.get("parameters") or []))
        body = raw.get("requestBody")
        payload = None
        if body is not None:
            self.require(isinstance(body, Mapping), f"{w}.requestBody", "must be a mapping")
            self.require("replacements" not in body, f"{w}.requestBody.replacements", "is not supported by this runtime")
            payload = body.get("payload")
            self.require(payload is None or isinstance(payload, Mapping), f"{w}.requestBody.payload",
                         "must be an object (its members become the operation's arguments)")
            self.expression(payload, f"{w}.requestBody.payload")
        return Step(
            step_id=step_id,
            operation_id=operation_id,
            parameters=parameters,
            payload=payload,
            success_criteria=self.criteria(raw.get("successCriteria"), f"{w}.successCriteria"),
            on_success=self.actions(raw.get("onSuccess"), f"{w}.onSuccess", ("end", "goto")),
            on_failure=self.actions(raw.get("onFailure"), f"{w}.onFailure", ("end", "goto", "retry")),
            outputs=self.outputs(raw.get("outputs"), f"{w}.outputs"),
        )

    def parameter(self, raw: Any, w: str) -> Parameter:
        self.require(isinstance(raw, Mapping), w, "must be a mapping")
        self.require("reference" not in raw, f"{w}.reference", "reusable parameters are not supported by this runtime")
        name, location = raw.get("name"), raw.get("in")
        self.require(isinstance(name, str) and bool(name), f"{w}.name", "is required")
        self.require(location in PARAMETER_LOCATIONS, f"{w}.in", f"must be one of {', '.join(PARAMETER_LOCATIONS)}")
        self.require("value" in raw, f"{w}.value", "is required")
        self.expression(raw["value"], f"{w}.value")
        return Parameter(name, location, raw["value"])

    def criteria(self, raw: Any, w: str) -> tuple[Criterion, ...]:
        if raw is None:
            return ()
        self.require(isinstance(raw, list), w, "must be a list of Criterion Objects")
        return tuple(self.criterion(item, f"{w}[{i}]") for i, item in enumerate(raw))

    def criterion(self, raw: Any, w: str) -> Criterion:
        self.require(isinstance(raw, Mapping), w, "must be a mapping")
        condition, kind, context = raw.get("condition"), raw.get("type", "simple"), raw.get("context")
        self.require(isinstance(condition, str) and bool(condition.strip()), f"{w}.condition", "is required")
        if isinstance(kind, Mapping):
            version = kind.get("version")
            kind = kind.get("type")
            self.require(kind != "jsonpath" or version in JSONPATH_VERSIONS, f"{w}.type.version",
                         f"jsonpath version {version!r} is not supported ({', '.join(sorted(JSONPATH_VERSIONS))})")
        self.require(kind in ("simple", "regex", "jsonpath"), f"{w}.type",
                     f"criterion type {kind!r} is not supported (simple, regex, jsonpath)")
        self.require(kind == "simple" or isinstance(context, str), f"{w}.context", f"is required for a {kind} criterion")
        criterion = Criterion(condition, kind, context)
        try:
            check_criterion(criterion)
        except (CriterionError, ExpressionError) as exc:
            raise DocumentError(f"{w}: {exc}") from None
        return criterion

    def actions(self, raw: Any, w: str, allowed: tuple[str, ...]) -> tuple[Action, ...]:
        if raw is None:
            return ()
        self.require(isinstance(raw, list), w, "must be a list of actions")
        return tuple(self.action(item, f"{w}[{i}]", allowed) for i, item in enumerate(raw))

    def action(self, raw: Any, w: str, allowed: tuple[str, ...]) -> Action:
        self.require(isinstance(raw, Mapping), w, "must be a mapping")
        self.require("reference" not in raw, f"{w}.reference", "reusable actions are not supported by this runtime")
        self.require("workflowId" not in raw, f"{w}.workflowId", "transfers to other workflows are not supported by this runtime")
        name, kind, step_id = raw.get("name"), raw.get("type"), raw.get("stepId")
        self.require(isinstance(name, str) and bool(name), f"{w}.name", "is required")
        self.require(kind in allowed, f"{w}.type", f"must be one of {', '.join(allowed)}, not {kind!r}")
        self.require(kind == "goto" or step_id is None, f"{w}.stepId",
                     f"is only supported on goto actions in this runtime, not on {kind}")
        self.require(kind != "goto" or isinstance(step_id, str), f"{w}.stepId", "is required for a goto action")
        retry_after, retry_limit = raw.get("retryAfter", 0), raw.get("retryLimit", 1)
        self.require(isinstance(retry_after, (int, float)) and not isinstance(retry_after, bool) and retry_after >= 0,
                     f"{w}.retryAfter", "must be a non-negative number of seconds")
        self.require(isinstance(retry_limit, int) and not isinstance(retry_limit, bool) and retry_limit >= 0,
                     f"{w}.retryLimit", "must be a non-negative integer")
        return Action(name, kind, self.criteria(raw.get("criteria"), f"{w}.criteria"), step_id,
                      float(retry_after), retry_limit)

