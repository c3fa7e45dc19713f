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


_NAME_WILDCARD = re.compile(r"^(\*?)([^*]+)\*$")


def matches_filter(summary: dict[str, Any], name: str, values: list[str], operation: str) -> bool:
    """True if the ImageSummary's (or ImageVersion's) ``name`` member is one of ``values``.

    ``version`` matches the semantic version (``1.0.0``) as well as the summary's own
    ``1.0.0/1`` form (our decision: the documentation does not say which it compares). The
    Filter shape's ``values``: "Filter values are case-sensitive. The name filter can use a
    wildcard: web* matches names that begin with web, and *web* matches names that contain web.
    The wildcard isn't supported in other positions or in other filters." (a value with one there
    is refused with InvalidRequestException: our decision, as "isn't supported" names no code).
    """
    checked_filter(operation, name)
    for value in values:
        if "*" in value and (name != "name" or not _NAME_WILDCARD.match(value)):
            raise ServiceError("InvalidRequestException",
                               f"The filter value '{value}' of '{name}' is not supported: only the name filter takes "
                               "a wildcard, at the end (web*) or at both ends (*web*).")
    if name == "version":
        return summary["version"] in values or summary["version"].split("/")[0] in values
    if name == "name":
        return any(_name_matches(str(summary.get("name", "")), value) for value in values)
    return summary.get(name) in values


def _name_matches(name: str, value: str) -> bool:
    wildcard = _NAME_WILDCARD.match(value)
    if wildcard is None:
        return name == value
    leading, text = wildcard.groups()
    return text in name if leading else name.startswith(text)
