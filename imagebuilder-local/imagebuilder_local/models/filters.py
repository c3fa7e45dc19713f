"""ListImageBuildVersions' and ListImages' filters: exactly the names their documentation lists."""

from __future__ import annotations

import functools
import re
from typing import Any

from imagebuild_resource import servicemodel
from ..errors import ServiceError


@functools.cache
def filter_names(operation: str = "ListImageBuildVersions") -> tuple[str, ...]:
    """The filter names botocore's model documents for the ``filters`` member of ``operation``.

    That documentation lists them as ``<code>name</code>`` items: name, osVersion, platform,
    type and version for both ListImageBuildVersions and ListImages.
    """
    member = servicemodel.input_shape(servicemodel.operation_model(operation)).members["filters"]
    return tuple(re.findall(r"<code>(\w+)</code>", member.documentation))


def matches_filter(summary: dict[str, Any], name: str, values: list[str],
                   operation: str = "ListImageBuildVersions") -> bool:
    """True if the ImageSummary's (or ImageVersion's) ``name`` member is one of ``values``.

    ``version`` matches the semantic version (``1.0.0``) as well as the summary's own
    ``1.0.0/1`` form (our decision: the documentation does not say which it compares).
    """
    names = filter_names(operation)
    if name not in names:
        raise ServiceError("InvalidRequestException",
                           f"The filter name '{name}' is not supported; use one of {', '.join(names)}.")
    if name == "version":
        return summary["version"] in values or summary["version"].split("/")[0] in values
    return summary.get(name) in values
