"""Image Builder workflow documents: the steps a workflow's ``data`` defines.

A workflow document is YAML (read with :mod:`.yaml_subset`) with a non-empty ``steps``
list; each step has a ``name`` and an ``action`` (checked against the model's
``WorkflowStepName`` and ``WorkflowStepAction``) and may have a ``description``, an
``onFailure`` and a ``timeoutSeconds``. The service keeps, for each step, its share of its
workflow's modeled time as well (the catalog's ``stepWeights``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from .botocore_model import shape
from .validation import validation_message, violations
from .yaml_subset import YamlSubsetError, load


class WorkflowDocumentError(ValueError):
    """A workflow document whose steps cannot be read."""


@dataclass(frozen=True)
class WorkflowStepDefinition:
    """One step as a workflow document defines it, with its share of the workflow's time."""

    name: str
    action: str
    weight: float = 1.0
    description: str | None = None
    on_failure: str | None = None
    timeout_seconds: int | None = None

    def to_json(self) -> dict[str, Any]:
        """The form a build keeps in the state file (these field names, as format version 2 has them)."""
        return asdict(self)


def step_definitions(data: str, weights: Mapping[str, float]) -> tuple[WorkflowStepDefinition, ...]:
    """The steps of the workflow document ``data``, each weighted by ``weights`` (default 1)."""
    try:
        document = load(data)
    except YamlSubsetError as error:
        raise WorkflowDocumentError(f"not a YAML document this service reads: {error}") from None
    raw = document.get("steps") if isinstance(document, dict) else None
    if not isinstance(raw, list) or not raw:
        raise WorkflowDocumentError("it must define a non-empty list of steps")
    steps = []
    for index, step in enumerate(raw):
        where = f"steps[{index}]"
        if not isinstance(step, dict) or not isinstance(step.get("name"), str) or not isinstance(step.get("action"), str):
            raise WorkflowDocumentError(f"{where} needs a string 'name' and 'action'")
        found = (violations(step["name"], shape("WorkflowStepName"), ("name",))
                 + violations(step["action"], shape("WorkflowStepAction"), ("action",)))
        if found:
            raise WorkflowDocumentError(f"{where}: {validation_message(found)}")
        timeout = step.get("timeoutSeconds")
        whole = isinstance(timeout, int) and not isinstance(timeout, bool)
        steps.append(WorkflowStepDefinition(step["name"], step["action"], float(weights.get(step["name"], 1.0)),
                                            step.get("description"), step.get("onFailure"),
                                            timeout if whole else None))
    names = [s.name for s in steps]
    if len(set(names)) != len(names):
        raise WorkflowDocumentError(f"step names must be unique: {names}")
    return tuple(steps)
