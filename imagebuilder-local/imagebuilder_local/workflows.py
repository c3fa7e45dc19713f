"""Workflow resources in the catalog: their ARNs, their documents and the steps those define.

A catalog document's ``workflows`` list holds ``Workflow`` resources as botocore's model
describes them: ``name``, ``version``, ``type`` (BUILD, TEST or DISTRIBUTION), ``data``
(the YAML workflow document, whose ``steps`` each have a ``name`` and an ``action``; read
with :mod:`.yaml_subset`) and optionally ``owner`` (``aws`` for a managed workflow; the
service's account otherwise), plus the emulator's own key ``stepWeights``: each step's share
of its workflow's modeled time, relative to the others (default 1).

The managed workflows every service starts with are ``catalog/managed-workflows.json``:
what a build runs in each stage unless CreateImage gives ``workflows``. Their step names,
order and weights are this service's own; their step actions are the ones AWS documents for
workflow documents (the Image Builder user guide's "workflow step actions").
"""

from __future__ import annotations

import copy
import json
from dataclasses import asdict, dataclass
from importlib import resources
from typing import Any

from .botocore_model import shape
from .catalog import CatalogEntry, CatalogError
from .validation import validation_message, violations
from .yaml_subset import YamlSubsetError, load

WORKFLOWS = "workflows"
"""The catalog list of workflows."""

_ARN_TYPES = {"BUILD": "build", "TEST": "test", "DISTRIBUTION": "distribution"}
_CATALOG_DATE = "2024-01-01T00:00:00.000Z"


@dataclass(frozen=True)
class WorkflowStep:
    """One step of a workflow document, with its share of the workflow's time."""

    name: str
    action: str
    weight: float = 1.0
    description: str | None = None
    on_failure: str | None = None
    timeout_seconds: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The form a build keeps in the state file."""
        return asdict(self)


@dataclass(frozen=True)
class WorkflowEntry(CatalogEntry):
    """A catalog workflow: the ``Workflow`` resource and the steps its document defines."""

    steps: tuple[WorkflowStep, ...] = ()

    @property
    def type(self) -> str:
        """BUILD, TEST or DISTRIBUTION."""
        return str(self.resource["type"])


def managed_workflows_document() -> dict[str, Any]:
    """The catalog document of the managed workflows shipped in the package."""
    text = resources.files(__package__).joinpath("catalog").joinpath("managed-workflows.json").read_text("utf-8")
    return dict(json.loads(text))


def workflow_entry(kind: str, item: Any, where: str, region: str, account: str) -> WorkflowEntry:
    """A catalog ``workflows`` item as an entry; raises CatalogError."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise CatalogError(f"{where} must be an object with a string 'name'")
    for member in ("version", "type", "data"):
        if not isinstance(item.get(member), str):
            raise CatalogError(f"{where} needs a string '{member}'")
    if item["type"] not in _ARN_TYPES:
        raise CatalogError(f"{where}.type must be one of {sorted(_ARN_TYPES)}")
    body = {k: copy.deepcopy(v) for k, v in item.items() if k not in ("stepWeights", "tags")}
    body["owner"] = str(item.get("owner") or account)
    body["arn"] = (f"arn:aws:imagebuilder:{region}:{body['owner']}:workflow/{_ARN_TYPES[item['type']]}/"
                   f"{item['name']}/{item['version']}/1")
    body.setdefault("dateCreated", _CATALOG_DATE)
    tags = item.get("tags") or {}
    found = violations({**body, **({"tags": tags} if tags else {})}, shape("Workflow"))
    if found:
        raise CatalogError(f"{where}: {validation_message(found)}")
    steps = _steps(body["data"], item.get("stepWeights") or {}, where)
    return WorkflowEntry(body["arn"], kind, body, dict(tags), steps=steps)


def _steps(data: str, weights: Any, where: str) -> tuple[WorkflowStep, ...]:
    """The steps of a workflow document, each with its weight."""
    try:
        document = load(data)
    except YamlSubsetError as error:
        raise CatalogError(f"{where}.data is not a YAML document this service reads: {error}") from None
    raw = document.get("steps") if isinstance(document, dict) else None
    if not isinstance(raw, list) or not raw:
        raise CatalogError(f"{where}.data must define a non-empty list of steps")
    if not isinstance(weights, dict) or not all(
            isinstance(w, (int, float)) and not isinstance(w, bool) and w > 0 for w in weights.values()):
        raise CatalogError(f"{where}.stepWeights must map step names to positive numbers")
    steps = []
    for index, step in enumerate(raw):
        at = f"{where}.data.steps[{index}]"
        if not isinstance(step, dict) or not isinstance(step.get("name"), str) or not isinstance(step.get("action"), str):
            raise CatalogError(f"{at} needs a string 'name' and 'action'")
        found = (violations(step["name"], shape("WorkflowStepName"), ("name",))
                 + violations(step["action"], shape("WorkflowStepAction"), ("action",)))
        if found:
            raise CatalogError(f"{at}: {validation_message(found)}")
        timeout = step.get("timeoutSeconds")
        steps.append(WorkflowStep(step["name"], step["action"], float(weights.get(step["name"], 1.0)),
                                  step.get("description"), step.get("onFailure"),
                                  int(timeout) if isinstance(timeout, int) else None))
    names = [s.name for s in steps]
    unknown = set(weights) - set(names)
    if unknown or len(set(names)) != len(names):
        raise CatalogError(f"{where}: step names must be unique and stepWeights must name steps "
                           f"(unknown: {sorted(unknown)})")
    return tuple(steps)
