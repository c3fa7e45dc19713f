"""Values the engine does not know yet (during a preview).

Internal: ``pulumi.output.Unknown`` is what ``rpc.deserialize_properties`` hands ``check()``
and ``diff()`` for a value another resource has not computed yet. Where an SDK has no such
class, an unknown value stays the protocol's sentinel string ``pulumi.runtime.rpc.UNKNOWN``,
which is also what hands one back to the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pulumi.output
from pulumi.runtime.rpc import UNKNOWN

UNKNOWN_TYPE: type | None = getattr(pulumi.output, "Unknown", None)


def is_unknown(value: Any) -> bool:
    """True for a value the engine does not know yet."""
    if UNKNOWN_TYPE is not None and isinstance(value, UNKNOWN_TYPE):
        return True
    return isinstance(value, str) and value == UNKNOWN


def contains_unknown(value: Any) -> bool:
    """True if ``value``, or anything inside it, is not known yet."""
    if is_unknown(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_unknown(item) for item in value.values())
    if isinstance(value, (list, tuple)):
        return any(contains_unknown(item) for item in value)
    return False


def unknown() -> Any:
    """A value the engine will show as not known yet."""
    return UNKNOWN_TYPE() if UNKNOWN_TYPE is not None else UNKNOWN
