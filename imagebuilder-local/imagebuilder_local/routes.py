"""HTTP routes (method + request URI) for every operation, built from botocore's model."""

from __future__ import annotations

import functools
import re
from typing import Any

from werkzeug.routing import Map, Rule

from .botocore_model import operation

# Operations this emulator implements; each is routed by its modeled method and URI.
OPERATIONS: tuple[str, ...] = (
    "CreateImage",
    "GetImage",
    "ListImageBuildVersions",
    "ListImages",
    "CancelImageCreation",
    "RetryImage",
    "DistributeImage",
    "DeleteImage",
    "TagResource",
    "UntagResource",
    "ListTagsForResource",
    "StartResourceStateUpdate",
    "GetLifecycleExecution",
    "GetImageRecipe",
    "GetContainerRecipe",
    "GetInfrastructureConfiguration",
    "GetDistributionConfiguration",
    "CreateImagePipeline",
    "GetImagePipeline",
    "ListImagePipelines",
    "UpdateImagePipeline",
    "DeleteImagePipeline",
    "StartImagePipelineExecution",
    "ListImagePipelineImages",
    "GetWorkflowExecution",
    "ListWorkflowExecutions",
    "ListWorkflowStepExecutions",
    "GetWorkflowStepExecution",
)

_LABEL = re.compile(r"\{([A-Za-z0-9_]+)(\+?)\}")


def _rule_path(request_uri: str) -> str:
    """``/tags/{resourceArn}`` -> ``/tags/<path:resourceArn>`` (ARNs hold slashes)."""
    path = request_uri.split("?", 1)[0]
    return _LABEL.sub(lambda m: f"<path:{m.group(1)}>", path)


@functools.cache
def url_map() -> Map:
    """A werkzeug ``Map`` whose endpoints are the implemented operation names."""
    rules = []
    for name in OPERATIONS:
        http = operation(name).http
        rules.append(Rule(_rule_path(http["requestUri"]), methods=[http["method"]], endpoint=name))
    return Map(rules, strict_slashes=False, merge_slashes=False)



_SERVER_NAME = "imagebuilder.local"
"""The name routes are bound to. The routes depend on the method and path only, and binding to the request's
``Host`` would make werkzeug IDNA-encode it: a Host with an empty or over-long label (``a..b``) raised
``UnicodeError`` there, which answered 500."""


def match(path: str, method: str) -> tuple[str, dict[str, Any]]:
    """The operation and URI labels of a request, whatever its Host; werkzeug's NotFound or MethodNotAllowed else."""
    operation, labels = url_map().bind(_SERVER_NAME).match(path, method=method)
    return str(operation), dict(labels)
