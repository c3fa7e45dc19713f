"""The ``filters`` of the List operations: exactly the names their documentation lists."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..botocore_model import member_documentation
from ..errors import ServiceError


@functools.cache
def documented_filters(operation: str) -> tuple[str, ...]:
    """The filter names botocore's model documents for the ``filters`` member of ``operation``.

    That documentation lists them as ``<code>name</code>`` items ("Use the following filters to
    streamline results"): name, osVersion, platform, type and version for ListImageBuildVersions
    and ListImages; name and version for ListImagePipelineImages; description,
    distributionConfigurationArn, imageRecipeArn, infrastructureConfigurationArn, name and status
    for ListImagePipelines.
    """
    return tuple(re.findall(r"<code>(\w+)</code>", member_documentation(operation, "filters")))


def checked_filter(operation: str, name: str) -> str:
    """``name`` if ``operation`` documents that filter, else ``InvalidRequestException``."""
    allowed = documented_filters(operation)
    if name not in allowed:
        raise ServiceError("InvalidRequestException",
                           f"The filter name '{name}' is not supported; use one of {', '.join(allowed)}.")
    return name


def matches_filter(summary: dict[str, Any], name: str, values: list[str], operation: str) -> bool:
    """True if the ImageSummary's (or ImageVersion's) ``name`` member is one of ``values``.

    ``version`` matches the semantic version (``1.0.0``) as well as the summary's own
    ``1.0.0/1`` form (our decision: the documentation does not say which it compares).
    """
    checked_filter(operation, name)
    if name == "version":
        return summary["version"] in values or summary["version"].split("/")[0] in values
    return summary.get(name) in values
