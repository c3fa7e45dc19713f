"""Catalog documents: the JSON that gives a service the recipes, configurations, workflows and pipelines
its builds reference, and the two documents every service starts with.

A catalog document is a JSON object with the lists ``imageRecipes``, ``containerRecipes``,
``infrastructureConfigurations``, ``distributionConfigurations`` and ``workflows``. Each
entry is the resource as botocore's model describes it (``ImageRecipe``, ...,
``Workflow``) without ``arn``/``owner``/``dateCreated`` (filled in), plus the service's own
keys: for recipes ``osVersion`` and ``scenario`` (see :mod:`.scenarios`), for workflows
``stepWeights`` (each step's share of its workflow's modeled time, relative to the others;
default 1). A workflow's ``data`` is its workflow document (see :mod:`.workflow_documents`);
its ``owner`` is ``aws`` for a managed workflow, the service's account otherwise. A
document may also list ``imagePipelines``: CreateImagePipeline requests without
``clientToken``, which the service creates as pipelines (they can be updated and deleted).
The strings ``${region}`` and ``${account}`` are replaced by the service's.

The shipped documents (``data/``) are the managed workflows (``managed-workflows.json``:
what a build runs in each stage unless CreateImage gives ``workflows``; their step names,
order and weights are this service's own, their step actions the ones AWS documents for
workflow documents) and the demo catalog (``demo-catalog.json``), whose resources the
``DEMO_*`` ARNs name.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .botocore_model import shape
from .scenarios import Scenario, ScenarioError
from .validation import validation_message, violations
from .workflow_documents import WorkflowDocumentError, WorkflowStepDefinition, step_definitions

DEMO_REGION = "us-east-1"
DEMO_ACCOUNT = "123456789012"
_PREFIX = f"arn:aws:imagebuilder:{DEMO_REGION}:{DEMO_ACCOUNT}"
DEMO_IMAGE_RECIPE_ARN = f"{_PREFIX}:image-recipe/demo-al2023/1.0.0"
DEMO_FAILS_AT_TEST_RECIPE_ARN = f"{_PREFIX}:image-recipe/demo-fails-at-test/1.0.0"
DEMO_FAILS_DISTRIBUTION_RECIPE_ARN = f"{_PREFIX}:image-recipe/demo-fails-distribution/1.0.0"
DEMO_HANGS_RECIPE_ARN = f"{_PREFIX}:image-recipe/demo-hangs/1.0.0"
DEMO_CONTAINER_RECIPE_ARN = f"{_PREFIX}:container-recipe/demo-container/1.0.0"
DEMO_INFRASTRUCTURE_ARN = f"{_PREFIX}:infrastructure-configuration/demo-infra"
DEMO_MULTI_REGION_DISTRIBUTION_ARN = f"{_PREFIX}:distribution-configuration/demo-multi-region"
DEMO_SINGLE_REGION_DISTRIBUTION_ARN = f"{_PREFIX}:distribution-configuration/demo-single-region"
DEMO_PIPELINE_ARN = f"{_PREFIX}:image-pipeline/demo-pipeline"
DEMO_DISABLED_PIPELINE_ARN = f"{_PREFIX}:image-pipeline/demo-pipeline-disabled"
DEMO_OTHER_REGION = "eu-west-1"
"""The region a service serves from the start besides its default one: the demo catalog is there too."""


def demo_arn_in(arn: str, region: str) -> str:
    """A ``DEMO_*`` ARN's resource in ``region`` (every region of the service has the demo catalog)."""
    return arn.replace(f":{DEMO_REGION}:", f":{region}:", 1)


# catalog list -> (ARN resource type, model shape, versioned?)
KINDS: dict[str, tuple[str, str, bool]] = {
    "imageRecipes": ("image-recipe", "ImageRecipe", True),
    "containerRecipes": ("container-recipe", "ContainerRecipe", True),
    "infrastructureConfigurations": ("infrastructure-configuration", "InfrastructureConfiguration", False),
    "distributionConfigurations": ("distribution-configuration", "DistributionConfiguration", False),
}
WORKFLOWS_KEY = "workflows"
"""The document's list of workflows."""
PIPELINES_KEY = "imagePipelines"
"""The document's list of image pipelines, each a CreateImagePipeline request without ``clientToken``."""
_RECIPE_KEYS = ("osVersion", "scenario")
_WORKFLOW_ARN_TYPES = {"BUILD": "build", "TEST": "test", "DISTRIBUTION": "distribution"}
_CATALOG_DATE = "2024-01-01T00:00:00.000Z"


class CatalogError(ValueError):
    """A catalog document that does not describe valid resources."""


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog resource: its ARN, its document list (``kind``), the resource body, and service settings."""

    arn: str
    kind: str
    resource: dict[str, Any]
    tags: dict[str, str]
    scenario: Scenario | None = None
    os_version: str = "Amazon Linux 2023"

    def render(self, tags: dict[str, str]) -> dict[str, Any]:
        """The resource as its Get* operation returns it, with ``tags`` (left out when empty)."""
        body = copy.deepcopy(self.resource)
        if tags:
            body["tags"] = dict(tags)
        return body


@dataclass(frozen=True)
class WorkflowEntry(CatalogEntry):
    """A catalog workflow: the ``Workflow`` resource and the steps its document defines."""

    steps: tuple[WorkflowStepDefinition, ...] = ()

    @property
    def type(self) -> str:
        """BUILD, TEST or DISTRIBUTION."""
        return str(self.resource["type"])


def shipped_documents() -> list[dict[str, Any]]:
    """The documents every service starts with: the managed workflows, then the demo catalog."""
    data = resources.files(__package__).joinpath("data")
    return [json.loads(data.joinpath(name).read_text("utf-8")) for name in ("managed-workflows.json",
                                                                           "demo-catalog.json")]


def parse_document(doc: Any, region: str, account: str) -> list[CatalogEntry]:
    """Turn a catalog document into entries (its pipelines aside); raises :class:`CatalogError` on bad input."""
    if not isinstance(doc, dict):
        raise CatalogError("catalog must be a JSON object")
    known = [*KINDS, WORKFLOWS_KEY, PIPELINES_KEY]
    unknown = set(doc) - set(known)
    if unknown:
        raise CatalogError(f"unknown catalog keys {sorted(unknown)}; expected {sorted(known)}")
    doc = _substitute(doc, {"${region}": region, "${account}": account})
    entries = []
    for kind, items in doc.items():
        if kind == PIPELINES_KEY:  # not catalog entries: the backend creates them as pipelines
            continue
        if not isinstance(items, list):
            raise CatalogError(f"{kind} must be a list")
        for i, item in enumerate(items):
            make = _workflow_entry if kind == WORKFLOWS_KEY else _entry
            entries.append(make(kind, item, f"{kind}[{i}]", region, account))
    return entries


def pipeline_requests(doc: dict[str, Any], region: str, account: str) -> list[Any]:
    """The document's ``imagePipelines`` list, with region and account filled in; raises CatalogError."""
    items = doc.get(PIPELINES_KEY) or []
    if not isinstance(items, list):
        raise CatalogError(f"{PIPELINES_KEY} must be a list")
    return list(_substitute(items, {"${region}": region, "${account}": account}))


def arn_name(name: str) -> str:
    """The ARN's form of a resource name: lower case, with ``-`` for spaces and underscores.

    The Filter shape's ``name``: "... the name segment of the resource ARN, which Image Builder
    converts to lowercase with hyphens in place of spaces and underscores. For example, a resource
    named My Image has an ARN that contains my-image"; CreateImagePipeline's ``name`` likewise:
    "Image Builder generates the pipeline ARN from a normalized form of the name".
    """
    return re.sub(r"[ _]", "-", name.lower())


def _named(item: Any, where: str) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise CatalogError(f"{where} must be an object with a string 'name'")
    return item


def _checked(body: dict[str, Any], tags: dict[str, str], shape_name: str, where: str) -> None:
    """Raise CatalogError unless the resource (with its tags and its ARN) fits the model's shape."""
    found = (violations({**body, **({"tags": tags} if tags else {})}, shape(shape_name))
             + violations(body["arn"], shape("ImageBuilderArn"), ("arn",)))
    if found:
        raise CatalogError(f"{where}: {validation_message(found)}")


def _entry(kind: str, item: Any, where: str, region: str, account: str) -> CatalogEntry:
    item = _named(item, where)
    arn_type, shape_name, versioned = KINDS[kind]
    body = {k: copy.deepcopy(v) for k, v in item.items() if k not in _RECIPE_KEYS and k != "tags"}
    arn = f"arn:aws:imagebuilder:{region}:{account}:{arn_type}/{arn_name(body['name'])}"
    if versioned:
        if not isinstance(body.get("version"), str):
            raise CatalogError(f"{where} needs a string 'version'")
        arn += f"/{body['version']}"
        body.setdefault("platform", "Linux")
        body["owner"] = account
        if kind == "imageRecipes":
            body["type"] = "AMI"
        else:
            body["containerType"] = "DOCKER"
    body["arn"] = arn
    body.setdefault("dateCreated", _CATALOG_DATE)
    tags = item.get("tags") or {}
    _checked(body, tags, shape_name, where)
    try:
        scenario = Scenario.from_dict(item["scenario"]) if "scenario" in item else None
    except ScenarioError as exc:
        raise CatalogError(f"{where}.scenario: {exc}") from None
    os_version = item.get("osVersion", "Amazon Linux 2023")
    if not isinstance(os_version, str) or not os_version:
        raise CatalogError(f"{where}.osVersion must be a non-empty string")
    return CatalogEntry(arn, kind, body, dict(tags), scenario, os_version)


def _workflow_entry(kind: str, item: Any, where: str, region: str, account: str) -> WorkflowEntry:
    item = _named(item, where)
    for member in ("version", "type", "data"):
        if not isinstance(item.get(member), str):
            raise CatalogError(f"{where} needs a string '{member}'")
    if item["type"] not in _WORKFLOW_ARN_TYPES:
        raise CatalogError(f"{where}.type must be one of {sorted(_WORKFLOW_ARN_TYPES)}")
    body = {k: copy.deepcopy(v) for k, v in item.items() if k not in ("stepWeights", "tags")}
    body["owner"] = str(item.get("owner") or account)
    body["arn"] = (f"arn:aws:imagebuilder:{region}:{body['owner']}:workflow/"
                   f"{_WORKFLOW_ARN_TYPES[item['type']]}/{item['name']}/{item['version']}/1")
    body.setdefault("dateCreated", _CATALOG_DATE)
    tags = item.get("tags") or {}
    _checked(body, tags, "Workflow", where)
    weights = item.get("stepWeights") or {}
    if not isinstance(weights, dict) or not all(
            isinstance(w, (int, float)) and not isinstance(w, bool) and w > 0 for w in weights.values()):
        raise CatalogError(f"{where}.stepWeights must map step names to positive numbers")
    try:
        steps = step_definitions(body["data"], weights)
    except WorkflowDocumentError as error:
        raise CatalogError(f"{where}.data: {error}") from None
    unknown = set(weights) - {s.name for s in steps}
    if unknown:
        raise CatalogError(f"{where}.stepWeights names no step of its document: {sorted(unknown)}")
    return WorkflowEntry(body["arn"], kind, body, dict(tags), steps=steps)


def _substitute(value: Any, table: dict[str, str]) -> Any:
    if isinstance(value, str):
        for key, repl in table.items():
            value = value.replace(key, repl)
        return value
    if isinstance(value, list):
        return [_substitute(v, table) for v in value]
    if isinstance(value, dict):
        return {k: _substitute(v, table) for k, v in value.items()}
    return value
