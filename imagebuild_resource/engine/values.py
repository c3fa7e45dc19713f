"""Values the engine does not know yet (during a preview).

Internal: ``pulumi.output.Unknown`` is what ``rpc.deserialize_properties`` hands ``check()``
and ``diff()`` for a value another resource has not computed yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pulumi.output import Unknown


def is_unknown(value: Any) -> bool:
    """True for a value the engine does not know yet."""
    return isinstance(value, Unknown)


def contains_unknown(value: Any) -> bool:
    """True if ``value``, or anything inside it, is not known yet."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(item) for item in value)
    return False


def unknown() -> Unknown:
    """A value the engine will show as not known yet."""
    return Unknown()
