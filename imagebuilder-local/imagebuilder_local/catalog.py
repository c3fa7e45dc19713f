"""The catalog of recipes and configurations that builds reference, and the demo ARNs.

A catalog document is JSON with the lists ``imageRecipes``, ``containerRecipes``,
``infrastructureConfigurations``, ``distributionConfigurations`` and ``workflows``
(see :mod:`.workflows`). Each entry
is the resource as the service model describes it (``ImageRecipe`` ...) without
``arn``/``owner``/``dateCreated`` (filled in), plus, for recipes, the emulator's
own keys ``osVersion`` and ``scenario`` (see :mod:`.scenarios`). A document may also
list ``imagePipelines``: CreateImagePipeline requests without ``clientToken``, which the
service creates as pipelines (they can be updated and deleted). The strings
``${region}`` and ``${account}`` are replaced by the service's.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from .scenarios import Scenario, ScenarioError
from .validation import validation_message, violations
from .botocore_model import shape

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

# catalog list -> (ARN resource type, model shape, versioned?)
KINDS: dict[str, tuple[str, str, bool]] = {
    "imageRecipes": ("image-recipe", "ImageRecipe", True),
    "containerRecipes": ("container-recipe", "ContainerRecipe", True),
    "infrastructureConfigurations": ("infrastructure-configuration", "InfrastructureConfiguration", False),
    "distributionConfigurations": ("distribution-configuration", "DistributionConfiguration", False),
}
_EMULATOR_KEYS = ("osVersion", "scenario")
PIPELINES_KEY = "imagePipelines"
"""The document's list of image pipelines, each a CreateImagePipeline request without ``clientToken``."""
_CATALOG_DATE = "2024-01-01T00:00:00.000Z"


class CatalogError(ValueError):
    """A catalog document that does not describe valid resources."""


@dataclass(frozen=True)
class CatalogEntry:
    """One catalog resource: its ARN, kind, the resource body, and emulator settings."""

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


def demo_document() -> dict[str, Any]:
    """The demo catalog shipped in the package."""
    text = resources.files(__package__).joinpath("catalog").joinpath("demo.json").read_text("utf-8")
    return json.loads(text)


def parse_document(doc: Any, region: str, account: str) -> list[CatalogEntry]:
    """Turn a catalog document into entries; raises :class:`CatalogError` on bad input."""
    from .workflows import WORKFLOWS, workflow_entry  # built on this module's CatalogEntry

    if not isinstance(doc, dict):
        raise CatalogError("catalog must be a JSON object")
    unknown = set(doc) - set(KINDS) - {PIPELINES_KEY, WORKFLOWS}
    if unknown:
        raise CatalogError(f"unknown catalog keys {sorted(unknown)}; "
                           f"expected {sorted([*KINDS, PIPELINES_KEY, WORKFLOWS])}")
    doc = _substitute(doc, {"${region}": region, "${account}": account})
    entries = []
    for kind, items in doc.items():
        if kind == PIPELINES_KEY:  # not catalog entries: the backend creates them as pipelines
            continue
        if not isinstance(items, list):
            raise CatalogError(f"{kind} must be a list")
        for i, item in enumerate(items):
            make = workflow_entry if kind == WORKFLOWS else _entry
            entries.append(make(kind, item, f"{kind}[{i}]", region, account))
    return entries


def pipeline_requests(doc: dict[str, Any], region: str, account: str) -> list[Any]:
    """The document's ``imagePipelines`` list, with region and account filled in; raises CatalogError."""
    items = doc.get(PIPELINES_KEY) or []
    if not isinstance(items, list):
        raise CatalogError(f"{PIPELINES_KEY} must be a list")
    return list(_substitute(items, {"${region}": region, "${account}": account}))


def _entry(kind: str, item: Any, where: str, region: str, account: str) -> CatalogEntry:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise CatalogError(f"{where} must be an object with a string 'name'")
    arn_type, shape_name, versioned = KINDS[kind]
    body = {k: copy.deepcopy(v) for k, v in item.items() if k not in _EMULATOR_KEYS and k != "tags"}
    name = body["name"]
    arn = f"arn:aws:imagebuilder:{region}:{account}:{arn_type}/{name}"
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
    found = (violations({**body, **({"tags": tags} if tags else {})}, shape(shape_name))
             + violations(arn, shape("ImageBuilderArn"), ("arn",)))
    if found:
        raise CatalogError(f"{where}: {validation_message(found)}")
    try:
        scenario = Scenario.from_dict(item["scenario"]) if "scenario" in item else None
    except ScenarioError as exc:
        raise CatalogError(f"{where}.scenario: {exc}") from None
    os_version = item.get("osVersion", "Amazon Linux 2023")
    if not isinstance(os_version, str) or not os_version:
        raise CatalogError(f"{where}.osVersion must be a non-empty string")
    return CatalogEntry(arn, kind, body, dict(tags), scenario, os_version)


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
